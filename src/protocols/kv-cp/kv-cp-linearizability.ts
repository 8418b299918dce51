// Is a CP store's history linearizable? Register keys (get, append) are checked with the
// kv model, cas keys (read, write, cas) with the cas-register model, one key at a time.
// Rule: the figure is 1 (both parts linearizable), 0 (a key is not: for a CP store a
// violation), 'unknown' (a search hit its step limit and nothing was found), or 'n/a'
// (no operation to check): the same convention as the kv-ap scenario's.
import type { HistoryEvent } from '../../check/history/history-event.ts';
import { casRegisterModel } from '../../check/linearizability/cas-register-model.ts';
import { checkHistoryEvents, type LinearizabilityResult } from '../../check/linearizability/check-linearizability.ts';
import { kvModel } from '../../check/linearizability/kv-model.ts';
import { formatLinearizabilityResult } from '../../check/linearizability/linearizability-report.ts';
import { DEADLINE_CHECK_INTERVAL_STEPS } from '../../check/linearizability/search-limits.ts';

/** The search gives up (verdict unknown) after this many steps per key... */
const MAX_STEPS_PER_KEY = 1_000_000;
/** ...and after this many over all keys of both models (counted through the deadline hook, so no clock is read). */
const MAX_STEPS_TOTAL = 4_000_000;
const MAX_MEMO_BYTES = 64 * 1024 * 1024;

export interface LinearizabilityVerdict {
  readonly figure: 1 | 0 | 'unknown' | 'n/a';
  /** For a history that is not linearizable: the checker's explanation. */
  readonly explanation: string | undefined;
}

export function checkKvCpHistory(events: readonly HistoryEvent[]): LinearizabilityVerdict {
  const registers = events.filter((event) => event.f === 'get' || event.f === 'append');
  const casKeys = events.filter((event) => event.f === 'read' || event.f === 'write' || event.f === 'cas');
  if (registers.length === 0 && casKeys.length === 0) return { figure: 'n/a', explanation: undefined };
  let deadlineChecks = 0;
  const isPastDeadline = (): boolean => ++deadlineChecks * DEADLINE_CHECK_INTERVAL_STEPS > MAX_STEPS_TOTAL;
  const limits = { maxSteps: MAX_STEPS_PER_KEY, maxMemoBytes: MAX_MEMO_BYTES, isPastDeadline };
  const results: LinearizabilityResult[] = [];
  if (registers.length > 0) results.push(checkHistoryEvents(registers, kvModel, limits));
  if (casKeys.length > 0) results.push(checkHistoryEvents(casKeys, casRegisterModel, limits));
  const failed = results.find((result) => result.verdict === 'not-linearizable');
  if (failed !== undefined) return { figure: 0, explanation: formatLinearizabilityResult(failed) };
  if (results.some((result) => result.verdict === 'unknown')) return { figure: 'unknown', explanation: undefined };
  return { figure: 1, explanation: undefined };
}
