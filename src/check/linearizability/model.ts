// What the linearizability checker needs from a data-type model (a compare-and-set
// register, a key-value map). Rule: the search sees states as small integers and
// operations as indexes; the model alone knows what they mean, so the search stays
// free of allocation and of any one data type.
import type { Operation } from '../history/operation.ts';

export type ModelName = 'cas-register' | 'kv' | 'auto';

/**
 * How an operation takes part in the search:
 * - definite: it took effect exactly once, between its call and its return, with the
 *   recorded result;
 * - indeterminate: it may have taken effect at any instant after its call, or never
 *   (an info or a never-completed write);
 * - ignored: it constrains nothing (a read that failed or timed out, a write that failed).
 */
export type Participation = 'definite' | 'indeterminate' | 'ignored';

/** What step returns when the operation's recorded result rules it out in that state. */
export const NOT_POSSIBLE = -1;

export interface StateMachine {
  /** The state before any operation. */
  readonly initialState: number;
  /** The state after operation `index` (into the list given) takes effect in `state`, or NOT_POSSIBLE. */
  step(state: number, index: number): number;
  /** The state in words for explanations: `3`, `null`, `"xy"`. */
  describeState(state: number): string;
  /**
   * A number for what operation `index` does: two operations with the same number step
   * every state alike (two info writes of 3). The search takes such twins, when both may
   * or may not have happened, in invocation order only, since swapping them changes nothing.
   */
  effectOf(index: number): number;
  /**
   * True when operation `index` sets the state without reading it (a write, a put): an
   * indeterminate operation taken just before it would have been wasted, so the search
   * never takes one there (leaving it open instead keeps every option).
   */
  overwrites(index: number): boolean;
}

export interface Model {
  readonly name: ModelName;
  /**
   * How `operation` takes part; throws a RangeError naming its line when the model cannot
   * read it (an unknown f, a cas whose value is not [expected new], ...).
   */
  participation(operation: Operation): Participation;
  /** The state machine of one key, for its definite and indeterminate operations in the order given. */
  stateMachine(operations: readonly Operation[]): StateMachine;
}

/** The line to name in a complaint about an operation: its completion when that is what is wrong. */
export function operationError(operation: Operation, what: string, line = operation.invokeLine): RangeError {
  return new RangeError(`line ${line}: ${what}`);
}
