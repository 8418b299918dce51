// An operation: an invocation paired with the event that completed it. Rule: real-time
// order is carried by two integers per operation, `callOrder` and `returnOrder`; one
// operation precedes another exactly when its returnOrder is below the other's callOrder.
import { assertNever } from '../../engine/assert-never.ts';
import { formatHistoryValue, type HistoryKey, type HistoryValue, type Process } from './history-event.ts';

/**
 * How the operation ended: ok and fail as recorded, info when the client could not tell
 * (a timeout), pending when the history ends before it completes.
 */
export type Completion = 'ok' | 'fail' | 'info' | 'pending';

export interface Operation {
  /** Index among the history's operations, in invocation order. */
  readonly id: number;
  readonly process: Process;
  readonly f: string;
  readonly key: HistoryKey;
  /** The invocation's value (what to write, the [expected new] of a cas, nil for a read). */
  readonly input: HistoryValue;
  readonly completion: Completion;
  /** The completion's value (what a read returned); null for a pending operation. */
  readonly output: HistoryValue;
  readonly invokeLine: number;
  /** Undefined for a pending operation. */
  readonly completeLine: number | undefined;
  readonly callOrder: number;
  /** Infinity for info and pending operations: they may take effect at any later time. */
  readonly returnOrder: number;
}

/** `process 2: cas [3,0] -> fail (lines 40-45)`, for explanations. */
export function describeOperation(operation: Operation): string {
  const key = operation.key === null ? '' : ` key ${formatHistoryValue(operation.key)}`;
  const input = operation.input === null ? '' : ` ${formatHistoryValue(operation.input)}`;
  const lines = operation.completeLine === undefined ? `line ${operation.invokeLine}, never completed` : `lines ${operation.invokeLine}-${operation.completeLine}`;
  return `process ${String(operation.process)}: ${operation.f}${key}${input} -> ${describeOutcome(operation)} (${lines})`;
}

function describeOutcome(operation: Operation): string {
  switch (operation.completion) {
    case 'ok': {
      // Show what came back when the invocation sent nothing (a read) or it differs from what was sent.
      const output = formatHistoryValue(operation.output);
      return operation.input !== null && output === formatHistoryValue(operation.input) ? 'ok' : `ok ${output}`;
    }
    case 'fail':
      return 'fail';
    case 'info':
      return 'info (unknown outcome)';
    case 'pending':
      return 'pending (unknown outcome)';
    default:
      return assertNever(operation.completion);
  }
}
