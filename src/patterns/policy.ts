// A policy: a value that wraps a call, in cockatiel's vocabulary. Rule: a policy's
// execute is itself a process; it takes an operation (a function that makes one attempt
// at the call) and returns the call's result, never throwing for an operating fault.
// Policies hold state (a breaker's failures, a bulkhead's queue): build them inside the
// node factory, so that state is lost on a crash like any other volatile state.
//
//   const policy = wrap(retry({...}), circuitBreaker({...}), timeout({ durationUs: ms(200) }));
//   const result = yield* policy.execute(() => call<Receipt>(PAYMENTS, charge, { timeoutUs: ms(500) }));
import type { CallResult } from '../node/call-result.ts';
import type { Process } from '../node/process.ts';

/** Load-shedding classes: critical requests are served first and never shed for waiting. */
export type Priority = 'critical' | 'normal';

/** What a policy passes to the operation it wraps. */
export interface Execution {
  /** 1 for the first attempt; the retry policy counts up. */
  readonly attempt: number;
  readonly priority: Priority;
}

export const FIRST_EXECUTION: Execution = { attempt: 1, priority: 'normal' };

/** One attempt at a call. */
export type Operation<Reply> = (execution: Execution) => Process<CallResult<Reply>>;

/** A policy for calls with replies of one type (fallback supplies a reply, so it has one). */
export interface Policy<Reply> {
  readonly name: string;
  execute(operation: Operation<Reply>, execution?: Execution): Process<CallResult<Reply>>;
}

/** A policy for calls of any reply type (timeout, retry, breaker, bulkhead, ...). */
export interface GenericPolicy {
  readonly name: string;
  execute<Reply>(operation: Operation<Reply>, execution?: Execution): Process<CallResult<Reply>>;
}

/**
 * Builds once right away, so bad settings are rejected when the scenario is built, and
 * returns the builder, for the node factory to build a fresh policy per incarnation.
 */
export function definePolicy<P>(build: () => P): () => P {
  build();
  return build;
}
