// A node of the replicated event store. Node 0 is the primary: it takes appends, checks
// each one's expected version against the stream's version (optimistic concurrency),
// writes it to its durable log, sends it to the followers, and answers once a majority
// of store nodes hold it (committed). Followers keep a copy and serve committed entries
// to projections. Rule: the primary is fixed (no failover): while it is down or cut off
// from a majority, appends wait; nothing it wrote is ever taken back, so a version
// checked against its log stays true.
import { assertNever } from '../../engine/assert-never.ts';
import { callError, ok, type CallResult } from '../../node/call-result.ts';
import type { NodeContext, NodeId } from '../../node/node-api.ts';
import { waitUntil, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { Signal } from '../../node/signal.ts';
import { EventLog, type EventLogView } from './event-log.ts';
import type { AppendReply, LoadReply, LogEntry, ReadAllReply, ReplicationMessage, StoreReply, StoreRequest } from './event-store-messages.ts';
import { ES_LIMITS, majorityOf, type EventSourcingOptions } from './event-store-options.ts';
import type { EventStoreMetrics } from './event-store-metrics.ts';

export const PRIMARY: NodeId = 0;
const HEARTBEAT = 'heartbeat';

/** What a store node shows through inspect(): its log (live, read-only) and commit position. */
export interface StoreView {
  readonly role: 'primary' | 'follower';
  readonly log: EventLogView;
  readonly commitPosition: number;
}

type StoreCall = Process<CallResult<StoreReply>>;

class EventStoreNode {
  private context: NodeContext | undefined;
  private eventLog: EventLog | undefined;
  /** Primary only: how long each node's log is, as far as the primary knows (its own included). */
  private readonly lengths: number[];
  private readonly committedSignal = new Signal('committed');

  constructor(
    private readonly id: NodeId,
    private readonly options: EventSourcingOptions,
    private readonly metrics: EventStoreMetrics,
  ) {
    this.lengths = new Array<number>(options.storeNodes).fill(0);
  }

  get isPrimary(): boolean {
    return this.id === PRIMARY;
  }

  behavior(): RpcNodeBehavior<StoreRequest, StoreReply> {
    return rpcNode<StoreRequest, StoreReply>({
      maxProcesses: ES_LIMITS.maxStoreProcesses,
      onStart: (_host, context) => this.start(context),
      serve: (request) => this.serve(request),
      onMessage: (_context, from, message) => this.onReplication(from, message as ReplicationMessage),
      onTimer: () => this.heartbeat(),
      inspect: (): StoreView | undefined => (this.eventLog === undefined ? undefined : { role: this.isPrimary ? 'primary' : 'follower', log: this.eventLog, commitPosition: this.eventLog.commitPosition }),
    });
  }

  private get storeLog(): EventLog {
    if (this.eventLog === undefined) throw new Error('event store node used before it started');
    return this.eventLog;
  }

  private start(context: NodeContext): void {
    this.context = context;
    this.eventLog = new EventLog(context.storage);
    if (!this.isPrimary) return;
    this.lengths[PRIMARY] = this.eventLog.length;
    this.advanceCommit();
    context.setTimer(this.options.heartbeatIntervalUs, HEARTBEAT);
  }

  private *serve(request: StoreRequest): StoreCall {
    if (request.type === 'read-all') return ok(this.readAll(request.fromPosition, request.max));
    if (!this.isPrimary) return callError('remote', this.id, `store node ${this.id} is a follower: send ${request.type} to the primary`);
    switch (request.type) {
      case 'load':
        return ok(this.load(request.stream, request.commandId));
      case 'append':
        return yield* this.append(request);
      case 'save-snapshot': {
        const log = this.storeLog;
        const latest = log.latestSnapshot(request.stream)?.version ?? 0;
        if (request.snapshot.version <= latest || request.snapshot.version > log.streamVersion(request.stream)) return ok({ kind: 'snapshot-ignored' });
        log.saveSnapshot(request.stream, request.snapshot);
        this.metrics.snapshotsSaved++;
        return ok({ kind: 'snapshot-saved' });
      }
      default:
        return assertNever(request);
    }
  }

  private load(stream: string, commandId: string): LoadReply {
    const log = this.storeLog;
    const done = log.commandEntry(commandId);
    if (done !== undefined) return { kind: 'applied', version: done.version };
    const snapshot = log.latestSnapshot(stream);
    const events = log.eventsAfter(stream, snapshot?.version ?? 0);
    this.metrics.loads++;
    this.metrics.eventsLoaded += events.length;
    return { kind: 'loaded', snapshot, events };
  }

  private *append(request: Extract<StoreRequest, { type: 'append' }>): StoreCall {
    const log = this.storeLog;
    if (request.events.length === 0 || request.events.length > ES_LIMITS.maxEventsPerAppend) {
      return callError('remote', this.id, `append of ${request.events.length} events: expected 1 to ${ES_LIMITS.maxEventsPerAppend}`);
    }
    let last = log.commandEntry(request.commandId);
    if (last !== undefined) {
      this.metrics.retriedAppends++;
    } else {
      const actualVersion = log.streamVersion(request.stream);
      // BUG no-version-check: the expected version is not compared, so a decision made on an old state is appended anyway.
      if (this.options.bug !== 'no-version-check' && request.expectedVersion !== actualVersion) {
        this.metrics.conflicts++;
        return ok<AppendReply>({ kind: 'conflict', expectedVersion: request.expectedVersion, actualVersion });
      }
      last = this.appendEvents(request, actualVersion);
    }
    const position = last.position;
    const outcome = yield* waitUntil(() => log.commitPosition >= position, this.committedSignal, { timeoutUs: this.options.storeTimeoutUs });
    if (outcome === 'timeout') return callError('remote', this.id, `position ${position} not committed within ${this.options.storeTimeoutUs}us`);
    return ok<AppendReply>({ kind: 'appended', version: last.version, position });
  }

  private appendEvents(request: Extract<StoreRequest, { type: 'append' }>, fromVersion: number): LogEntry {
    const log = this.storeLog;
    const now = (this.context as NodeContext).now;
    let version = fromVersion;
    let entry: LogEntry | undefined;
    for (const event of request.events) {
      entry = { position: log.length + 1, stream: request.stream, version: ++version, event, commandId: request.commandId, recordedAtUs: now };
      log.append(entry);
    }
    this.metrics.appends++;
    this.lengths[PRIMARY] = log.length;
    this.advanceCommit();
    for (let node = 0; node < this.options.storeNodes; node++) if (node !== PRIMARY) this.sendFrom(node, (entry as LogEntry).position - request.events.length + 1);
    return entry as LogEntry;
  }

  private readAll(fromPosition: number, max: number): ReadAllReply {
    const log = this.storeLog;
    const limit = Math.min(Math.max(1, max), ES_LIMITS.maxEntriesPerMessage);
    return { entries: log.slice(fromPosition, log.commitPosition, limit), commitPosition: log.commitPosition };
  }

  private heartbeat(): void {
    const context = this.context as NodeContext;
    for (let node = 0; node < this.options.storeNodes; node++) if (node !== PRIMARY) this.sendFrom(node, (this.lengths[node] as number) + 1);
    context.setTimer(this.options.heartbeatIntervalUs, HEARTBEAT);
  }

  /** Primary: sends `node` the entries from `fromPosition` on (at most a message's worth) and the commit position. */
  private sendFrom(node: NodeId, fromPosition: number): void {
    const log = this.storeLog;
    const entries = log.slice(fromPosition, log.length, ES_LIMITS.maxEntriesPerMessage);
    const message: ReplicationMessage = { type: 'replicate', fromPosition, entries, commitPosition: log.commitPosition };
    (this.context as NodeContext).send(node, message);
  }

  private onReplication(from: NodeId, message: ReplicationMessage): void {
    switch (message.type) {
      case 'replicate':
        return this.onReplicate(from, message);
      case 'replicated':
        return this.onReplicated(from, message.length);
      default:
        return assertNever(message);
    }
  }

  /** Follower: keeps the entries that extend its log, and answers with its length. */
  private onReplicate(from: NodeId, message: Extract<ReplicationMessage, { type: 'replicate' }>): void {
    if (this.isPrimary) return;
    const log = this.storeLog;
    for (const entry of message.entries) if (entry.position === log.length + 1) log.append(entry);
    log.commitUpTo(message.commitPosition);
    const reply: ReplicationMessage = { type: 'replicated', length: log.length };
    (this.context as NodeContext).send(from, reply);
  }

  /** Primary: notes how far the follower is, commits what a majority holds, and sends more if it lags. */
  private onReplicated(from: NodeId, length: number): void {
    if (!this.isPrimary || from <= PRIMARY || from >= this.options.storeNodes) return;
    const log = this.storeLog;
    if (length <= (this.lengths[from] as number)) return;
    this.lengths[from] = Math.min(length, log.length);
    this.advanceCommit();
    if (length < log.length) this.sendFrom(from, length + 1);
  }

  private advanceCommit(): void {
    const log = this.storeLog;
    const majority = majorityOf(this.options.storeNodes);
    let best = log.commitPosition;
    for (const candidate of this.lengths) {
      if (candidate <= best) continue;
      let holding = 0;
      for (const length of this.lengths) if (length >= candidate) holding++;
      if (holding >= majority) best = candidate;
    }
    if (log.commitUpTo(best)) this.committedSignal.notify();
  }
}

export function eventStoreNode(options: EventSourcingOptions, metrics: EventStoreMetrics): (id: NodeId) => RpcNodeBehavior<StoreRequest, StoreReply> {
  return (id) => new EventStoreNode(id, options, metrics).behavior();
}
