// Which attempt a caller's pattern event (retry-scheduled, timeout-fired, retry-exhausted)
// says failed: the one whose error reply the node is handling, else one whose deadline is
// now. A timeout inside the runtime leaves no trace event, so the deadline is inferred.
// Rule: among the node's unanswered attempts (with the attempt number the event names, when
// it names one), the one sent exactly one learned wait ago, else the oldest with that number,
// else the oldest; the wait per target is learned from each attempt inferred this way.
import type { Micros } from '../engine/time.ts';
import type { PatternLine } from './rpc-envelope.ts';
import { endSpan, setAttribute } from './span.ts';
import type { NodeState } from './span-node-state.ts';
import type { Attempt, Call } from './span-records.ts';

/**
 * The call whose attempt just failed on this node: the one whose error reply is being
 * handled; else an unanswered attempt that reached its deadline now, which is ended here
 * as given up (and is the node's failed attempt for the rest of this handler).
 */
export function failedCall(state: NodeState, timeUs: Micros, attemptNumber: number | undefined): Call | undefined {
  if (state.failedNow !== undefined) return state.failedNow.call;
  const attempt = deadlineReachedBy(state, timeUs, attemptNumber);
  if (attempt === undefined) return undefined;
  state.openAttempts.delete(attempt);
  state.waitUsByTarget.set(attempt.call.target, timeUs - attempt.span.startUs);
  endSpan(attempt.span, timeUs, 'error', 'no reply: the caller gave up (inferred)');
  setAttribute(attempt.span, 'rpc.outcome', 'timeout');
  attempt.call.lastOutcome = 'timeout';
  state.failedNow = attempt;
  return attempt.call;
}

/** The unanswered attempt whose deadline is now: sent one learned wait ago, else the oldest with that number, else the oldest. */
export function deadlineReachedBy(state: NodeState, timeUs: Micros, attemptNumber: number | undefined): Attempt | undefined {
  let oldestWithNumber: Attempt | undefined;
  let oldest: Attempt | undefined;
  for (const candidate of state.openAttempts) {
    oldest ??= candidate;
    if (attemptNumber !== undefined && candidate.number !== attemptNumber) continue;
    if (state.waitUsByTarget.get(candidate.call.target) === timeUs - candidate.span.startUs) return candidate;
    oldestWithNumber ??= candidate;
  }
  return oldestWithNumber ?? oldest;
}

/** The attempt a pattern event says failed: `retry-scheduled` names the next attempt, `retry-exhausted` the count. */
export function failedAttemptNumber(line: PatternLine): number | undefined {
  const attempt = line.fields['attempt'];
  const attempts = line.fields['attempts'];
  if (line.kind === 'retry-exhausted') return typeof attempts === 'number' ? attempts : undefined;
  return typeof attempt === 'number' ? attempt - 1 : undefined;
}
