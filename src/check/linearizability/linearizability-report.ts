// A linearizability result for people (text) and for programs (plain JSON data).
// Rule: the text names operations by process, f, values and source lines, so a reader
// can find them in the history file; it lists at most a few, and the JSON has them all.
import { assertNever } from '../../engine/assert-never.ts';
import { formatHistoryValue, type HistoryKey, type HistoryValue } from '../history/history-event.ts';
import { describeOperation, type Completion, type Operation } from '../history/operation.ts';
import type { LinearizabilityResult, NotLinearizableExplanation } from './check-linearizability.ts';
import type { UnknownReason } from './search-limits.ts';

/** The most operations of each list the text shows. */
export const LISTED_PREFIX_OPERATIONS = 8;
export const LISTED_UNORDERABLE_OPERATIONS = 16;

export function formatLinearizabilityResult(result: LinearizabilityResult): string {
  const summary = `${result.model} model, ${countOf(result.operations, 'operation')} (${result.ignored} constrain nothing), ${countOf(result.keys.length, 'key')}, ${countOf(result.steps, 'search step')}`;
  switch (result.verdict) {
    case 'linearizable':
      return `linearizable (${summary})`;
    case 'unknown':
      return `unknown: the search stopped at its ${describeReason(result.unknownReason ?? 'step-limit')} before reaching a verdict (${summary})`;
    case 'not-linearizable':
      return [`not linearizable (${summary})`, ...formatExplanation(result.explanation as NotLinearizableExplanation)].join('\n');
    default:
      return assertNever(result.verdict);
  }
}

function formatExplanation(explanation: NotLinearizableExplanation): string[] {
  const lines: string[] = [];
  if (explanation.key !== null) lines.push(`key ${formatHistoryValue(explanation.key)}`);
  const prefix = explanation.linearizedPrefix;
  const shown = prefix.slice(-LISTED_PREFIX_OPERATIONS);
  const which = prefix.length > shown.length ? `; the last ${shown.length}, in the order they take effect:` : prefix.length === 0 ? '' : ', in the order they take effect:';
  lines.push(`longest linearizable prefix: ${countOf(prefix.length, 'operation')}, leaving the state ${explanation.stateAfterPrefix}${which}`);
  for (const operation of shown) lines.push(`  ${describeOperation(operation)}`);
  lines.push('operations that cannot be ordered after that prefix (the first completed with a result no order explains; the others were invoked before it completed):');
  for (const operation of explanation.unorderable.slice(0, LISTED_UNORDERABLE_OPERATIONS)) lines.push(`  ${describeOperation(operation)}`);
  const hidden = explanation.unorderable.length - LISTED_UNORDERABLE_OPERATIONS;
  if (hidden > 0) lines.push(`  ... and ${countOf(hidden, 'more operation')} (all of them in --json)`);
  return lines;
}

function describeReason(reason: UnknownReason): string {
  switch (reason) {
    case 'step-limit':
      return 'step limit';
    case 'memory-limit':
      return 'memory limit';
    case 'deadline':
      return 'deadline';
    default:
      return assertNever(reason);
  }
}

function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** An operation as JSON: where it is in the file and what it did. */
export interface OperationJson {
  readonly process: number | string;
  readonly f: string;
  readonly key: HistoryKey;
  readonly input: HistoryValue;
  readonly completion: Completion;
  readonly output: HistoryValue;
  readonly invokeLine: number;
  readonly completeLine: number | null;
}

export function operationToJson(operation: Operation): OperationJson {
  return {
    process: operation.process,
    f: operation.f,
    key: operation.key,
    input: operation.input,
    completion: operation.completion,
    output: operation.output,
    invokeLine: operation.invokeLine,
    completeLine: operation.completeLine ?? null,
  };
}

/** The result as plain data for JSON.stringify: linearizations left out, operations as OperationJson. */
export function linearizabilityResultToJson(result: LinearizabilityResult): Record<string, unknown> {
  const { explanation } = result;
  return {
    verdict: result.verdict,
    model: result.model,
    operations: result.operations,
    ignored: result.ignored,
    steps: result.steps,
    keys: result.keys.map((key) => ({ key: key.key, verdict: key.verdict, operations: key.operations, steps: key.steps })),
    ...(result.unknownReason === undefined ? {} : { unknownReason: result.unknownReason }),
    ...(explanation === undefined
      ? {}
      : {
          explanation: {
            key: explanation.key,
            stateAfterPrefix: explanation.stateAfterPrefix,
            blocked: operationToJson(explanation.blocked),
            unorderable: explanation.unorderable.map(operationToJson),
            linearizedPrefix: explanation.linearizedPrefix.map(operationToJson),
          },
        }),
  };
}
