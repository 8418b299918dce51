// Checks a history for linearizability against a model: drops the operations that
// constrain nothing, splits the rest by key (a history is linearizable exactly when each
// key's part is, P-compositionality) and searches each key in order of first appearance.
// Rule: the verdict is 'unknown' only when a limit ended a search and no key has been
// found not linearizable; the first key found not linearizable ends the check.
import type { HistoryEvent, HistoryKey } from '../history/history-event.ts';
import type { Operation } from '../history/operation.ts';
import { pairOperations } from '../history/pair-operations.ts';
import type { Model, ModelName, Participation } from './model.ts';
import { searchKey, type KeySearchBudget } from './search-key.ts';
import { checkSearchLimits, DEADLINE_CHECK_INTERVAL_STEPS, DEFAULT_MAX_MEMO_BYTES, DEFAULT_MAX_SEARCH_STEPS, type SearchLimits, type UnknownReason } from './search-limits.ts';

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

/** One key's part of the check; 'unchecked' when an earlier key already failed. */
export interface KeyCheck {
  readonly key: HistoryKey;
  readonly verdict: LinearizabilityVerdict | 'unchecked';
  /** Operations searched: definite and indeterminate ones. */
  readonly operations: number;
  readonly steps: number;
  /** For a linearizable key: an order in which its operations take effect (indeterminate ones that never did are left out). */
  readonly linearization?: readonly Operation[];
}

/** Why a key is not linearizable: how far the search got, and what it could not order. */
export interface NotLinearizableExplanation {
  readonly key: HistoryKey;
  /** The longest linearizable prefix: operations in the order they take effect. */
  readonly linearizedPrefix: readonly Operation[];
  /** The model state after that prefix, in words. */
  readonly stateAfterPrefix: string;
  /** The operation whose completion no order of the operations before it can explain. */
  readonly blocked: Operation;
  /**
   * The operations that cannot be ordered: the blocked one first, then every operation
   * invoked before its completion and not in the prefix, in invocation order.
   */
  readonly unorderable: readonly Operation[];
}

export interface LinearizabilityResult {
  readonly verdict: LinearizabilityVerdict;
  readonly model: ModelName;
  /** Operations in the history. */
  readonly operations: number;
  /** Of those, how many constrain nothing and were left out (failed reads, failed writes...). */
  readonly ignored: number;
  readonly keys: readonly KeyCheck[];
  readonly steps: number;
  /** Which limit ended the search, when the verdict is unknown. */
  readonly unknownReason?: UnknownReason;
  /** When the verdict is not-linearizable. */
  readonly explanation?: NotLinearizableExplanation;
}

/** Pairs the events into operations and checks them. */
export function checkHistoryEvents(events: readonly HistoryEvent[], model: Model, limits: SearchLimits = {}): LinearizabilityResult {
  return checkLinearizability(pairOperations(events), model, limits);
}

export function checkLinearizability(operations: readonly Operation[], model: Model, limits: SearchLimits = {}): LinearizabilityResult {
  checkSearchLimits(limits);
  const { partitions, ignored, indeterminate } = partitionByKey(operations, model);
  const keys: KeyCheck[] = [];
  let steps = 0;
  let unknownReason: UnknownReason | undefined;
  let explanation: NotLinearizableExplanation | undefined;
  for (const [key, keyOperations] of partitions) {
    if (explanation !== undefined) {
      keys.push({ key, verdict: 'unchecked', operations: keyOperations.length, steps: 0 });
      continue;
    }
    const budget: KeySearchBudget = {
      maxSteps: limits.maxSteps ?? DEFAULT_MAX_SEARCH_STEPS,
      maxMemoBytes: limits.maxMemoBytes ?? DEFAULT_MAX_MEMO_BYTES,
      isPastDeadline: limits.isPastDeadline,
      deadlineCheckInterval: DEADLINE_CHECK_INTERVAL_STEPS,
    };
    const machine = model.stateMachine(keyOperations);
    const returnOrders = keyOperations.map((operation) => (indeterminate.has(operation) ? Infinity : operation.returnOrder));
    const outcome = searchKey({ callOrders: keyOperations.map((operation) => operation.callOrder), returnOrders, machine }, budget);
    steps += outcome.steps;
    const pick = (indexes: readonly number[]): Operation[] => indexes.map((index) => keyOperations[index] as Operation);
    switch (outcome.verdict) {
      case 'linearizable':
        keys.push({ key, verdict: outcome.verdict, operations: keyOperations.length, steps: outcome.steps, linearization: pick(outcome.linearization) });
        break;
      case 'not-linearizable': {
        const { frontier } = outcome;
        explanation = {
          key,
          linearizedPrefix: pick(frontier.prefix),
          stateAfterPrefix: machine.describeState(frontier.state),
          blocked: keyOperations[frontier.blocked] as Operation,
          unorderable: pick(frontier.pending),
        };
        keys.push({ key, verdict: outcome.verdict, operations: keyOperations.length, steps: outcome.steps });
        break;
      }
      case 'unknown':
        unknownReason ??= outcome.reason;
        keys.push({ key, verdict: outcome.verdict, operations: keyOperations.length, steps: outcome.steps });
        break;
    }
  }
  const verdict: LinearizabilityVerdict = explanation !== undefined ? 'not-linearizable' : unknownReason !== undefined ? 'unknown' : 'linearizable';
  return {
    verdict,
    model: model.name,
    operations: operations.length,
    ignored,
    keys,
    steps,
    ...(verdict === 'unknown' ? { unknownReason } : {}),
    ...(explanation === undefined ? {} : { explanation }),
  };
}

interface Partitions {
  /** The operations that take part, grouped by key in order of first appearance. */
  readonly partitions: Map<HistoryKey, Operation[]>;
  readonly ignored: number;
  /** The operations that may have taken effect or not. */
  readonly indeterminate: ReadonlySet<Operation>;
}

function partitionByKey(operations: readonly Operation[], model: Model): Partitions {
  const partitions = new Map<HistoryKey, Operation[]>();
  const indeterminate = new Set<Operation>();
  let ignored = 0;
  for (const operation of operations) {
    const participation: Participation = model.participation(operation);
    if (participation === 'ignored') {
      ignored++;
      continue;
    }
    if (participation === 'indeterminate') indeterminate.add(operation);
    let partition = partitions.get(operation.key);
    if (partition === undefined) {
      partition = [];
      partitions.set(operation.key, partition);
    }
    partition.push(operation);
  }
  return { partitions, ignored, indeterminate };
}
