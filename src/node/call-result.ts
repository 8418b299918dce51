// What a call to another node comes back with: a reply, a timeout, or an error, as one
// tagged union. Rule: operating faults (lost replies, refused calls) are values of this
// type, never exceptions; exceptions in simulation code mean a bug.
import type { Micros } from '../engine/time.ts';
import type { NodeId } from '../net/partition.ts';

/**
 * Why a call failed with an error:
 * - remote: the called node answered with an error (or had no handler, or hit its process limit);
 * - circuit-open, bulkhead-full, rate-limited, shed: a resilience pattern refused the call
 *   (on the caller's node, or on the server's node, passed back in the reply).
 */
export const CALL_ERROR_REASONS = ['remote', 'circuit-open', 'bulkhead-full', 'rate-limited', 'shed'] as const;
export type CallErrorReason = (typeof CALL_ERROR_REASONS)[number];

export interface CallOk<Reply> {
  readonly kind: 'ok';
  readonly reply: Reply;
}

export interface CallTimeout {
  readonly kind: 'timeout';
  /** How long the caller waited before giving up. */
  readonly afterUs: Micros;
}

export interface CallError {
  readonly kind: 'error';
  readonly reason: CallErrorReason;
  /** Words for a person: what refused the call and why. */
  readonly detail: string;
  /** The node where the error arose. */
  readonly node: NodeId;
}

export type CallFailure = CallTimeout | CallError;
export type CallResult<Reply> = CallOk<Reply> | CallFailure;

export function ok<Reply>(reply: Reply): CallOk<Reply> {
  return { kind: 'ok', reply };
}

export function timedOut(afterUs: Micros): CallTimeout {
  return { kind: 'timeout', afterUs };
}

export function callError(reason: CallErrorReason, node: NodeId, detail: string): CallError {
  return { kind: 'error', reason, detail, node };
}

export function isOk<Reply>(result: CallResult<Reply>): result is CallOk<Reply> {
  return result.kind === 'ok';
}

/** A short label for tables and trace lines: `ok`, `timeout`, `error:shed`. */
export function describeOutcome(result: CallResult<unknown>): string {
  return result.kind === 'error' ? `error:${result.reason}` : result.kind;
}
