// Generator processes: sequential logic (a client's loop, a retry, a saga step) written
// top to bottom, which the process host on its node resumes when what it waits for
// happens. Rule: a process waits only by `yield*` of the helpers below (sleep, call,
// waitFor, join, ...), never with a Promise; every wait is a timer or a message in the
// simulation, so a run stays a pure function of its seed.
//
//   function* client(): Process<void> {
//     const result = yield* call<Pong>(SERVER, { type: 'ping' }, { timeoutUs: ms(50) });
//     if (result.kind === 'timeout') yield* sleep(ms(10));
//   }
import type { Micros } from '../engine/time.ts';
import type { NodeId } from '../net/partition.ts';
import type { CallResult } from './call-result.ts';
import type { NodeContext } from './node-api.ts';
import type { Signal } from './signal.ts';

/**
 * What a process asks its host for. The host resumes the process with:
 * sleep -> undefined; call -> CallResult; wait -> WaitOutcome; spawn -> Task;
 * node-context -> NodeContext; unique-id -> string.
 */
export type Effect =
  | { readonly kind: 'sleep'; readonly durationUs: Micros }
  | { readonly kind: 'call'; readonly to: NodeId; readonly request: unknown; readonly timeoutUs: Micros }
  | { readonly kind: 'wait'; readonly signals: readonly Signal[]; readonly timeoutUs: Micros | undefined }
  | { readonly kind: 'spawn'; readonly process: Process<unknown>; readonly name: string }
  | { readonly kind: 'node-context' }
  | { readonly kind: 'unique-id' };

/** A process that finishes with a T. Write it as `function* name(): Process<T> { ... }`. */
export type Process<T> = Generator<Effect, T, unknown>;

export type TaskStatus = 'running' | 'done' | 'cancelled';

/** A handle on a spawned process. */
export interface Task<T> {
  readonly name: string;
  readonly status: TaskStatus;
  /** What the process returned; undefined until the status is 'done'. */
  readonly value: T | undefined;
  /** Notified once, when the task finishes or is cancelled. */
  readonly finished: Signal;
  /**
   * Stops the task now: what it waits for is forgotten (a reply that comes later is
   * ignored), its `finally` blocks run (they must not wait), and its children are
   * cancelled. Does nothing to a task that has ended.
   */
  cancel(): void;
}

export type WaitOutcome = 'signalled' | 'timeout';

export type JoinOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'timeout' };

export interface CallOptions {
  /** How long to wait for the reply; required, so no call waits forever. */
  readonly timeoutUs: Micros;
}

export interface WaitOptions {
  /** Give up after this long; without it the wait lasts until a signal. */
  readonly timeoutUs?: Micros;
}

function checkDuration(what: string, value: Micros, smallest: number): void {
  if (!Number.isSafeInteger(value) || value < smallest) {
    const allowed = smallest === 0 ? 'a non-negative' : 'a positive';
    throw new RangeError(`${what} ${String(value)}: expected ${allowed} integer of microseconds`);
  }
}

/** Waits `durationUs` of the node's local time. */
export function* sleep(durationUs: Micros): Process<void> {
  checkDuration('sleep: invalid durationUs', durationUs, 0);
  yield { kind: 'sleep', durationUs };
}

/**
 * Sends `request` to node `to` and waits for its reply, at most `timeoutUs`. The reply
 * type is the caller's claim about the protocol; nothing checks it at run time.
 */
export function* call<Reply>(to: NodeId, request: unknown, options: CallOptions): Process<CallResult<Reply>> {
  checkDuration('call: invalid timeoutUs', options.timeoutUs, 1);
  return (yield { kind: 'call', to, request, timeoutUs: options.timeoutUs }) as CallResult<Reply>;
}

/** Waits until one of the signals is notified, or the timeout passes. */
export function* waitFor(signals: Signal | readonly Signal[], options: WaitOptions = {}): Process<WaitOutcome> {
  const list = Array.isArray(signals) ? (signals as readonly Signal[]) : [signals as Signal];
  if (list.length === 0 && options.timeoutUs === undefined) {
    throw new RangeError('waitFor: no signals and no timeoutUs: the process would wait forever');
  }
  if (options.timeoutUs !== undefined) checkDuration('waitFor: invalid timeoutUs', options.timeoutUs, 0);
  return (yield { kind: 'wait', signals: list, timeoutUs: options.timeoutUs }) as WaitOutcome;
}

/**
 * Waits until `isReady()` holds, re-checking each time `signal` is notified; 'timeout' if
 * it still does not hold after `timeoutUs`. Returns at once when it already holds.
 */
export function* waitUntil(isReady: () => boolean, signal: Signal, options: WaitOptions = {}): Process<WaitOutcome> {
  if (isReady()) return 'signalled';
  if (options.timeoutUs === undefined) {
    while (!isReady()) yield* waitFor(signal);
    return 'signalled';
  }
  checkDuration('waitUntil: invalid timeoutUs', options.timeoutUs, 0);
  const context = yield* nodeContext();
  const deadlineUs = context.now + options.timeoutUs;
  while (!isReady()) {
    const remainingUs = deadlineUs - context.now;
    if (remainingUs <= 0) return 'timeout';
    yield* waitFor(signal, { timeoutUs: remainingUs });
  }
  return 'signalled';
}

/**
 * Starts `process` as a child of this one; it begins once this process next waits.
 * A child never outlives its parent: when the parent ends, its running children are cancelled.
 */
export function* spawn<T>(process: Process<T>, name = 'child'): Process<Task<T>> {
  return (yield { kind: 'spawn', process, name }) as Task<T>;
}

/** Waits for a task to end (or the timeout to pass) and says how it ended. */
export function* join<T>(task: Task<T>, options: WaitOptions = {}): Process<JoinOutcome<T>> {
  if (task.status === 'running') {
    const outcome = yield* waitFor(task.finished, options);
    if (outcome === 'timeout' && task.status === 'running') return { kind: 'timeout' };
  }
  return task.status === 'done' ? { kind: 'done', value: task.value as T } : { kind: 'cancelled' };
}

/** Waits until at least one of the tasks has ended, or the timeout passes; returns the first ended one. */
export function* firstEnded<T>(tasks: readonly Task<T>[], options: WaitOptions = {}): Process<Task<T> | undefined> {
  const ended = (): Task<T> | undefined => tasks.find((task) => task.status !== 'running');
  if (ended() === undefined) yield* waitFor(tasks.map((task) => task.finished), options);
  return ended();
}

/** The node's context (now, random, log, send, storage), for what the helpers do not cover. */
export function* nodeContext(): Process<NodeContext> {
  return (yield { kind: 'node-context' }) as NodeContext;
}

/** An id unique across the whole run: `<node>.<boot>.<sequence>` (boot counts restarts). */
export function* uniqueId(): Process<string> {
  return (yield { kind: 'unique-id' }) as string;
}
