// The process runtime of one node: runs generator processes, turns what they wait for
// into timers and messages through the node's context, matches rpc replies to the call
// waiting for them, and serves rpc requests, one process per request.
// Rule: create the host inside the node factory, so it is volatile state. On a crash it
// is thrown away with the node: its processes never resume, their `finally` blocks never
// run (a crash is not a shutdown), their timers never fire, and replies to their calls
// are ignored (the boot number in every request tells incarnations apart).
// Trace context: a process serving a request works in that request's trace, under its
// server span; a process it spawns works there too. A process with no request above it
// starts a trace of its own at its first call, shared by everything under the child of
// the top-level process it runs in (one arrival of a load generator, say); the calls of a
// top-level process start one trace each (so hedge copies spawned straight from a
// top-level process look like separate requests: spawn each request as its own process).
// Every request carries its caller's trace as a W3C traceparent (src/node/rpc.ts), so
// retries and hedges carry the same header. Nothing in the run reads it.
import { assertNever } from '../engine/assert-never.ts';
import type { Micros } from '../engine/time.ts';
import { callError, timedOut, type CallResult } from './call-result.ts';
import type { NodeContext, NodeId, NodeTimerHandle } from './node-api.ts';
import { nodeContext, type Effect, type Process, type Task, type TaskStatus } from './process.ts';
import { isRpcMessage, replyFor, TracedRequest, traceOriginOf, TraceScope, type RpcReply, type RpcRequest } from './rpc.ts';
import { Signal, type SignalWaiter } from './signal.ts';

export const DEFAULT_MAX_PROCESSES = 10_000;
export const MAX_PROCESSES_LIMIT = 1_000_000;
/** Effects one process may take in a row without waiting; more means a loop that never waits. */
export const MAX_STEPS_WITHOUT_WAITING = 100_000;
/** Resumptions one burst of work (one event) may run; more means processes waking each other forever. */
export const MAX_RESUMES_PER_EVENT = 1_000_000;

/** Answers one request: runs as its own process; what it returns is sent back as the reply. */
export type RpcHandler<Request, Reply> = (request: Request, from: NodeId) => Process<CallResult<Reply>>;

export interface ProcessHostOptions<Request, Reply> {
  /** Answers rpc requests. Without it, every request gets a 'remote' error reply. */
  readonly serve?: RpcHandler<Request, Reply>;
  /** Most processes alive at once (default 10,000). A request beyond it gets a 'remote' error reply. */
  readonly maxProcesses?: number;
}

export interface ProcessHostSnapshot {
  readonly boot: number;
  readonly processes: number;
  readonly sleeping: number;
  readonly calling: number;
  readonly waiting: number;
  /** Replies that matched no waiting call: late, duplicated, or for an earlier incarnation. */
  readonly unmatchedReplies: number;
  /** Requests answered with an error because the process limit was reached. */
  readonly refusedRequests: number;
}

type Suspension = 'sleep' | 'call' | 'wait';

const NO_SIGNALS: readonly Signal[] = [];

/** The tag of every timer the host sets; a node's onTimer hands it back through handleTimer. */
export class ProcessTimer {
  constructor(readonly record: ProcessRecord) {}
}

/** What a process record needs from its host. */
interface RecordOwner {
  cancel(record: ProcessRecord): void;
  wake(record: ProcessRecord, value: unknown): void;
}

class ProcessRecord<T = unknown> implements Task<T>, SignalWaiter {
  status: TaskStatus = 'running';
  value: T | undefined;
  readonly finished: Signal;
  readonly children = new Set<ProcessRecord>();
  isExecuting = false;
  cancelRequested = false;
  suspension: Suspension | undefined;
  timer: NodeTimerHandle | undefined;
  timerTag: ProcessTimer | undefined;
  timeoutUs: Micros = 0;
  rpcId = -1;
  rpcTo: NodeId = -1;
  signals: readonly Signal[] = NO_SIGNALS;
  /** Set for a process serving a request (at its first call), inherited at spawn, or set when its own trace starts. */
  trace: TraceScope | undefined;
  /** The request a serve process serves and its caller, until its trace scope is made (none is when it never calls). */
  servedRequest: TracedRequest | undefined;
  servedFrom: NodeId = -1;

  constructor(
    readonly host: RecordOwner,
    readonly generator: Process<T>,
    readonly name: string,
    readonly parent: ProcessRecord | undefined,
  ) {
    this.finished = new Signal(`${name} finished`);
  }

  cancel(): void {
    this.host.cancel(this);
  }

  onSignal(): void {
    this.host.wake(this, 'signalled');
  }
}

export class ProcessHost<Request = unknown, Reply = unknown> {
  readonly maxProcesses: number;
  private readonly serve: RpcHandler<Request, Reply> | undefined;
  private attachedContext: NodeContext | undefined;
  private bootNumber = 0;
  private rpcCount = 0;
  private uniqueCount = 0;
  private traceCount = 0;
  private readonly calls = new Map<number, ProcessRecord>();
  private readonly running = new Set<ProcessRecord>();
  private readyRecords: ProcessRecord[] = [];
  private readyValues: unknown[] = [];
  private isDraining = false;
  private unmatchedReplies = 0;
  private refusedRequests = 0;

  constructor(options: ProcessHostOptions<Request, Reply> = {}) {
    const maxProcesses = options.maxProcesses ?? DEFAULT_MAX_PROCESSES;
    if (!Number.isSafeInteger(maxProcesses) || maxProcesses < 1 || maxProcesses > MAX_PROCESSES_LIMIT) {
      throw new RangeError(`process host: invalid maxProcesses ${String(maxProcesses)}: expected an integer from 1 to ${MAX_PROCESSES_LIMIT}`);
    }
    this.maxProcesses = maxProcesses;
    this.serve = options.serve;
  }

  /** This incarnation's boot number (1 for the first start, +1 for every restart). */
  get boot(): number {
    return this.bootNumber;
  }

  get context(): NodeContext {
    if (this.attachedContext === undefined) throw new Error('process host is not attached to a node yet: call attach(context) in onStart');
    return this.attachedContext;
  }

  /** Binds the host to its node; its boot number is the incarnation + 1. handleMessage and handleTimer attach too. */
  attach(context: NodeContext): void {
    if (this.attachedContext === context) return;
    if (this.attachedContext !== undefined) {
      throw new Error('a process host belongs to one node: create one per node, inside the node factory');
    }
    this.attachedContext = context;
    this.bootNumber = context.incarnation + 1;
  }

  /** Starts a top-level process: right away, up to its first wait (when called from a running process, once that one waits). */
  spawn<T>(process: Process<T>, name = 'process'): Task<T> {
    if (this.attachedContext === undefined) throw new Error(`process host: attach(context) before spawning ${name}`);
    return this.start(process, name, undefined);
  }

  /** Handles rpc envelopes; returns false for any other message, which is the node's own. */
  handleMessage(context: NodeContext, from: NodeId, message: unknown): boolean {
    if (!isRpcMessage(message)) return false;
    this.attach(context);
    if (message.type === 'rpc-reply') this.receiveReply(from, message);
    else this.receiveRequest(from, message);
    return true;
  }

  /** Handles the host's timers; returns false for any other tag, which is the node's own. */
  handleTimer(context: NodeContext, tag: unknown): boolean {
    if (!(tag instanceof ProcessTimer) || tag.record.host !== this) return false;
    this.attach(context);
    const record = tag.record;
    if (record.timerTag !== tag) return true;
    record.timer = undefined;
    record.timerTag = undefined;
    switch (record.suspension) {
      case 'sleep':
        this.wake(record, undefined);
        break;
      case 'call':
        this.wake(record, timedOut(record.timeoutUs));
        break;
      case 'wait':
        this.wake(record, 'timeout');
        break;
      case undefined:
        break;
      default:
        assertNever(record.suspension);
    }
    return true;
  }

  snapshot(): ProcessHostSnapshot {
    let sleeping = 0;
    let calling = 0;
    let waiting = 0;
    for (const record of this.running) {
      if (record.suspension === 'sleep') sleeping++;
      else if (record.suspension === 'call') calling++;
      else if (record.suspension === 'wait') waiting++;
    }
    return {
      boot: this.bootNumber,
      processes: this.running.size,
      sleeping,
      calling,
      waiting,
      unmatchedReplies: this.unmatchedReplies,
      refusedRequests: this.refusedRequests,
    };
  }

  /** For Task.cancel. */
  cancel(record: ProcessRecord): void {
    if (record.status !== 'running') return;
    if (record.isExecuting) {
      // It is running right now (it cancelled an ancestor): stop it at its next wait.
      record.cancelRequested = true;
      return;
    }
    record.status = 'cancelled';
    this.clearSuspension(record);
    record.isExecuting = true;
    let result: IteratorResult<Effect, unknown>;
    try {
      result = record.generator.return(undefined);
    } finally {
      record.isExecuting = false;
    }
    if (result.done !== true) {
      throw new Error(`process ${record.name} waited in a finally block while being cancelled: finally blocks must not wait`);
    }
    this.retire(record);
  }

  /** For signals and timers: resumes a waiting process (queued behind work already ready). */
  wake(record: ProcessRecord, value: unknown): void {
    if (record.status !== 'running' || record.suspension === undefined) return;
    this.clearSuspension(record);
    this.enqueue(record, value);
  }

  private start<T>(process: Process<T>, name: string, parent: ProcessRecord | undefined, served?: RpcRequest, servedFrom: NodeId = -1): ProcessRecord<T> {
    if (this.running.size >= this.maxProcesses) {
      throw new RangeError(
        `node ${this.context.id}: process limit of ${this.maxProcesses} reached when starting ${name}: raise maxProcesses or bound the work (a bulkhead)`,
      );
    }
    const record = new ProcessRecord<T>(this, process, name, parent);
    if (served === undefined) record.trace = parent?.trace;
    else if (served instanceof TracedRequest) {
      // Its scope is made at its first call: a server that calls no one makes none.
      record.servedRequest = served;
      record.servedFrom = servedFrom;
    } else record.trace = this.serveScope(servedFrom, served);
    this.running.add(record);
    parent?.children.add(record);
    this.enqueue(record, undefined);
    return record;
  }

  private enqueue(record: ProcessRecord, value: unknown): void {
    this.readyRecords.push(record);
    this.readyValues.push(value);
    if (!this.isDraining) this.drain();
  }

  private drain(): void {
    this.isDraining = true;
    try {
      for (let index = 0; index < this.readyRecords.length; index++) {
        if (index >= MAX_RESUMES_PER_EVENT) {
          throw new Error(`node ${this.context.id}: ${MAX_RESUMES_PER_EVENT} process resumptions in one event: processes waking each other forever?`);
        }
        this.step(this.readyRecords[index] as ProcessRecord, this.readyValues[index]);
      }
    } finally {
      this.readyRecords = [];
      this.readyValues = [];
      this.isDraining = false;
    }
  }

  private step(record: ProcessRecord, input: unknown): void {
    if (record.status !== 'running') return;
    let value = input;
    for (let steps = 0; steps < MAX_STEPS_WITHOUT_WAITING; steps++) {
      record.isExecuting = true;
      let next: IteratorResult<Effect, unknown>;
      try {
        next = record.generator.next(value);
      } finally {
        record.isExecuting = false;
      }
      if (next.done === true) {
        this.finish(record, next.value);
        return;
      }
      if (record.cancelRequested) {
        this.cancel(record);
        return;
      }
      const effect = next.value;
      switch (effect.kind) {
        case 'node-context':
          value = this.context;
          break;
        case 'unique-id':
          value = `${this.context.id}.${this.bootNumber}.${this.uniqueCount++}`;
          break;
        case 'spawn':
          value = this.start(effect.process, effect.name, record);
          break;
        case 'sleep':
          this.suspend(record, 'sleep', effect.durationUs);
          return;
        case 'call':
          this.startCall(record, effect.to, effect.request, effect.timeoutUs);
          return;
        case 'wait':
          this.startWait(record, effect.signals, effect.timeoutUs);
          return;
        default:
          return rejectBadYield(record.name, effect);
      }
    }
    throw new Error(`node ${this.context.id}: process ${record.name} took ${MAX_STEPS_WITHOUT_WAITING} steps without waiting: a loop that never sleeps?`);
  }

  private suspend(record: ProcessRecord, suspension: Suspension, timeoutUs: Micros | undefined): void {
    record.suspension = suspension;
    if (timeoutUs === undefined) return;
    const tag = new ProcessTimer(record);
    record.timerTag = tag;
    record.timeoutUs = timeoutUs;
    record.timer = this.context.setTimer(timeoutUs, tag);
  }

  private startCall(record: ProcessRecord, to: NodeId, body: unknown, timeoutUs: Micros): void {
    const rpcId = this.rpcCount++;
    record.rpcId = rpcId;
    record.rpcTo = to;
    this.calls.set(rpcId, record);
    // The deadline's timer is set before the request leaves, so a reply arriving exactly
    // at the deadline comes too late: a reply must arrive strictly before it.
    this.suspend(record, 'call', timeoutUs);
    this.context.send(to, new TracedRequest(rpcId, this.bootNumber, body, this.traceScopeOf(record)));
  }

  /** The trace a call from this process belongs to (see the module comment). */
  private traceScopeOf(record: ProcessRecord): TraceScope {
    for (let current: ProcessRecord | undefined = record; current !== undefined; current = current.parent) {
      if (current.trace !== undefined) return current.trace;
      if (current.servedRequest !== undefined) {
        current.trace = this.serveScope(current.servedFrom, current.servedRequest);
        current.servedRequest = undefined;
        return current.trace;
      }
    }
    const scope = this.newTraceScope();
    let owner = record;
    while (owner.parent?.parent !== undefined) owner = owner.parent;
    // A top-level process keeps none: each of its calls starts a trace.
    if (owner.parent !== undefined) owner.trace = scope;
    return scope;
  }

  /** A new trace, the node's own. */
  private newTraceScope(): TraceScope {
    return TraceScope.ownRequest(this.context.id, this.bootNumber, this.traceCount++);
  }

  /** A request's process works in the request's trace (a new one when it came without a valid header), under its server span. */
  private serveScope(from: NodeId, request: RpcRequest): TraceScope {
    const origin = traceOriginOf(request) ?? this.newTraceScope().origin;
    return TraceScope.serving(origin, from, request, this.context.id);
  }

  private startWait(record: ProcessRecord, signals: readonly Signal[], timeoutUs: Micros | undefined): void {
    record.signals = signals;
    for (const signal of signals) signal.addWaiter(record);
    this.suspend(record, 'wait', timeoutUs);
  }

  private clearSuspension(record: ProcessRecord): void {
    if (record.timer !== undefined) {
      this.context.cancelTimer(record.timer);
      record.timer = undefined;
      record.timerTag = undefined;
    }
    if (record.suspension === 'call') this.calls.delete(record.rpcId);
    if (record.signals.length !== 0) {
      for (const signal of record.signals) signal.removeWaiter(record);
      record.signals = NO_SIGNALS;
    }
    record.suspension = undefined;
  }

  private finish(record: ProcessRecord, value: unknown): void {
    record.status = 'done';
    record.value = value;
    this.retire(record);
  }

  /** Takes an ended process off the books, cancels its children and tells whoever joins it. */
  private retire(record: ProcessRecord): void {
    this.running.delete(record);
    record.parent?.children.delete(record);
    for (const child of [...record.children]) this.cancel(child);
    record.finished.notify();
  }

  private receiveReply(from: NodeId, reply: RpcReply): void {
    const record = reply.boot === this.bootNumber ? this.calls.get(reply.rpcId) : undefined;
    if (record === undefined || record.rpcTo !== from) {
      this.unmatchedReplies++;
      return;
    }
    this.wake(record, reply.result);
  }

  private receiveRequest(from: NodeId, request: RpcRequest): void {
    const context = this.context;
    if (this.serve === undefined) {
      context.send(from, replyFor(request, callError('remote', context.id, `node ${context.id} serves no requests`), context.id));
      return;
    }
    if (this.running.size >= this.maxProcesses) {
      this.refusedRequests++;
      const error = callError('remote', context.id, `node ${context.id} reached its limit of ${this.maxProcesses} processes`);
      context.send(from, replyFor(request, error, context.id));
      return;
    }
    this.start(serveRequest(this.serve as RpcHandler<unknown, unknown>, request, from), 'serve', undefined, request, from);
  }
}

function* serveRequest(handler: RpcHandler<unknown, unknown>, request: RpcRequest, from: NodeId): Process<void> {
  const result = yield* handler(request.body, from);
  const context = yield* nodeContext();
  context.send(from, replyFor(request, result, context.id));
}

/** The exhaustiveness guard of the effect switch, with a hint for the usual mistake. */
function rejectBadYield(name: string, value: never): never {
  const yielded: unknown = value;
  const isGenerator = typeof yielded === 'object' && yielded !== null && typeof (yielded as { next?: unknown }).next === 'function';
  throw new TypeError(
    isGenerator
      ? `process ${name} yielded a generator: write yield* (with a star), as in yield* sleep(ms(5))`
      : `process ${name} yielded ${JSON.stringify(yielded)}, which is not an effect: wait only with yield* of sleep, call, waitFor, join, spawn`,
  );
}
