// A client of the CP store, as Jepsen writes them: one operation at a time, recorded in
// the history as an invoke and an ok, fail or info. It sends the command to the node it
// believes leads (at first a random node on its own side), follows "not leader" hints,
// and when an attempt goes unanswered it tries the next node with the SAME request id:
// the state machine's client sessions apply a command once however often it arrives.
// Rule: an operation that runs out of time is `fail` only when every attempt was
// answered "not leader" (no node appended it); if any attempt went unanswered the
// command may yet commit, so it is `info`. A client on the minority side therefore gets
// errors or times out; it is never answered from a minority's state.
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import type { NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../node/node-api.ts';
import type { HistoryRecorder, RecordedOperation } from '../kv-ap/history-recorder.ts';
import { ClientAttempts } from '../raft/client-rpc.ts';
import type { ClientOutcome, RaftMessage, TextCommand } from '../raft/raft-messages.ts';
import { KV_CP_LIMITS, KV_CP_TIMING, type KvCpWorkloadTiming } from './kv-cp-options.ts';
import { answeredOutcome, planOperation, type OperationMix, type PlannedOperation } from './kv-cp-operations.ts';

export interface KvCpClientOptions extends KvCpWorkloadTiming {
  /** The client's process number in the history. */
  readonly process: number;
  /** Every store node (0..n-1), in the order the client tries them after a timeout. */
  readonly storeNodes: readonly NodeId[];
  /** The store nodes on the client's side, one of which it asks first. */
  readonly nearest: readonly NodeId[];
  readonly mix: OperationMix;
  /** It starts no operation once its clock reaches this time. */
  readonly stopAtUs: Micros;
  /**
   * Whether the store is up (a first leader elected): until then the client starts
   * nothing, as Jepsen starts its workload on a healthy cluster. Asked before every
   * operation; the scenario latches it.
   */
  readonly isStoreReady: () => boolean;
  readonly recorder: HistoryRecorder;
}

type ClientTimerTag =
  | { readonly kind: 'next' }
  | { readonly kind: 'attempt-timeout'; readonly requestId: number; readonly attempt: number }
  | { readonly kind: 'retry'; readonly requestId: number; readonly attempt: number }
  | { readonly kind: 'give-up'; readonly requestId: number };

type Context = NodeContext<RaftMessage, ClientTimerTag>;

const NEXT_REQUEST_KEY = 'kv-cp-client/next-request-id';

interface PendingOperation {
  readonly planned: PlannedOperation;
  readonly recorded: RecordedOperation;
  readonly command: TextCommand;
  attempts: number;
  /** Attempts answered "not leader": each proves that attempt was not appended. */
  refusals: number;
}

export function kvCpClient(options: KvCpClientOptions): NodeFactory<RaftMessage, ClientTimerTag> {
  if (options.storeNodes.length === 0 || options.nearest.length === 0) throw new RangeError('kv-cp client: expected at least one store node');
  return (id) => new KvCpClient(id, options).behavior();
}

class KvCpClient {
  private pending: PendingOperation | undefined;
  private target: NodeId = 0;
  private operationsStarted = 0;
  private readonly attempts = new ClientAttempts();

  constructor(
    private readonly id: NodeId,
    private readonly options: KvCpClientOptions,
  ) {}

  behavior(): NodeBehavior<RaftMessage, ClientTimerTag> {
    return {
      onStart: (context) => this.boot(context),
      onRecover: (context) => this.boot(context),
      onMessage: (context, from, message) => {
        if (message.type !== 'rpc-reply' || this.pending === undefined) return;
        const outcome = this.attempts.outcomeFor(message);
        if (outcome !== undefined) this.onReply(context, from, this.pending, outcome); // else an answer to a settled operation
      },
      onTimer: (context, tag) => this.onTimer(context, tag),
      inspect: () => ({ role: 'client', process: this.options.process, target: this.target }),
    };
  }

  private boot(context: Context): void {
    this.attempts.restart(context.incarnation);
    this.options.recorder.abandonOpen(this.options.process);
    this.target = context.random.pick(this.options.nearest);
    this.scheduleNext(context);
  }

  private scheduleNext(context: Context): void {
    const intervalUs = this.options.intervalUs;
    context.setTimer(Math.floor(intervalUs / 2) + context.random.below(intervalUs + 1), { kind: 'next' });
  }

  private onTimer(context: Context, tag: ClientTimerTag): void {
    switch (tag.kind) {
      case 'next':
        return this.issue(context);
      case 'attempt-timeout':
        if (this.isCurrent(tag.requestId, tag.attempt)) this.tryNext(context);
        return;
      case 'retry':
        if (this.isCurrent(tag.requestId, tag.attempt)) this.send(context);
        return;
      case 'give-up':
        if (this.pending?.command.requestId === tag.requestId) this.giveUp(context);
        return;
      default:
        return assertNever(tag);
    }
  }

  private isCurrent(requestId: number, attempt: number): boolean {
    return this.pending !== undefined && this.pending.command.requestId === requestId && this.pending.attempts === attempt;
  }

  private issue(context: Context): void {
    const { recorder } = this.options;
    if (this.pending !== undefined || context.now >= this.options.stopAtUs || recorder.isFull) return;
    if (!this.options.isStoreReady()) return this.scheduleNext(context);
    if (++this.operationsStarted > KV_CP_LIMITS.maxOperationsPerClient) return;
    // Request ids survive a restart on disk, so a restarted client never reuses one.
    const requestId = (context.storage.get<number>(NEXT_REQUEST_KEY) ?? 1);
    context.storage.set(NEXT_REQUEST_KEY, requestId + 1);
    const planned = planOperation(context.random, this.options.mix, this.options.process, requestId);
    const recorded = recorder.invoke(this.options.process, planned.f, planned.key, planned.input);
    if (recorded === undefined) return;
    this.pending = { planned, recorded, command: planned.command(this.id, requestId), attempts: 0, refusals: 0 };
    context.setTimer(this.options.operationTimeoutUs, { kind: 'give-up', requestId });
    this.attempts.beginCommand(this.id, requestId);
    this.send(context);
  }

  private send(context: Context): void {
    const pending = this.pending as PendingOperation;
    pending.attempts++;
    context.send(this.target, this.attempts.request(pending.command));
    context.setTimer(this.options.attemptTimeoutUs, { kind: 'attempt-timeout', requestId: pending.command.requestId, attempt: pending.attempts });
  }

  /** Moves on to the next store node after the current target, in node order. */
  private tryNext(context: Context): void {
    this.target = this.nodeAfter(this.target);
    this.send(context);
  }

  /** The store node after `node`, in node order (wrapping round). */
  private nodeAfter(node: NodeId): NodeId {
    const nodes = this.options.storeNodes;
    return nodes[(nodes.indexOf(node) + 1) % nodes.length] as NodeId;
  }

  private onReply(context: Context, from: NodeId, pending: PendingOperation, outcome: ClientOutcome): void {
    const requestId = pending.command.requestId;
    switch (outcome.kind) {
      case 'text-ok': {
        this.target = from;
        const { completion, value } = answeredOutcome(pending.planned, outcome.result);
        this.finish(context, completion, value);
        return;
      }
      case 'not-leader':
        pending.refusals++;
        if (outcome.leaderHint !== null && outcome.leaderHint !== from) {
          this.target = outcome.leaderHint;
          this.send(context);
        } else {
          this.target = this.nodeAfter(from);
          context.setTimer(KV_CP_TIMING.retryPauseUs, { kind: 'retry', requestId, attempt: pending.attempts });
        }
        return;
      case 'ok':
        return; // an answer to a list command: this client sends none
      default:
        return assertNever(outcome);
    }
  }

  /** Out of time: certainly not done if every attempt was refused, else unknown. */
  private giveUp(context: Context): void {
    const pending = this.pending as PendingOperation;
    this.finish(context, pending.refusals >= pending.attempts ? 'fail' : 'info', pending.planned.input);
  }

  private finish(context: Context, completion: 'ok' | 'fail' | 'info', value: RecordedOperation['output']): void {
    const pending = this.pending as PendingOperation;
    this.options.recorder.complete(pending.recorded, completion, value);
    this.pending = undefined;
    this.scheduleNext(context);
  }
}
