// A reference linearizability checker for tiny histories, written straight from the
// definition and sharing nothing with the real one but the Operation type: it tries
// every sequence of the operations that respects real-time order (a definite operation
// must appear, an indeterminate one may appear anywhere after its call or not at all)
// and runs each through its own copy of the model rules.
import type { HistoryValue } from '../../../src/check/history/history-event.ts';
import type { Operation } from '../../../src/check/history/operation.ts';

type Role = 'required' | 'optional' | 'left-out';
type State = Map<string, HistoryValue>;
type Step = (state: State, operation: Operation) => State | undefined;

/** The rules of the README and the kv model, as plain code over a map of keys. */
const REFERENCE = {
  'cas-register': {
    role(operation: Operation): Role {
      if (operation.completion === 'ok') return 'required';
      if (operation.completion === 'fail') return operation.f === 'cas' ? 'required' : 'left-out';
      return operation.f === 'read' ? 'left-out' : 'optional';
    },
    step(state: State, operation: Operation): State | undefined {
      const key = JSON.stringify(operation.key);
      const current = state.get(key) ?? null;
      const updated = (value: HistoryValue): State => new Map(state).set(key, value);
      if (operation.f === 'read') return current === operation.output ? state : undefined;
      if (operation.f === 'write') return updated(operation.input);
      const [expected, replacement] = operation.input as [HistoryValue, HistoryValue];
      if (operation.completion === 'ok') return current === expected ? updated(replacement) : undefined;
      if (operation.completion === 'fail') return current === expected ? undefined : state;
      return current === expected ? updated(replacement) : state;
    },
  },
  kv: {
    role(operation: Operation): Role {
      if (operation.completion === 'ok') return 'required';
      if (operation.completion === 'fail' || operation.f === 'get') return 'left-out';
      return 'optional';
    },
    step(state: State, operation: Operation): State | undefined {
      const key = JSON.stringify(operation.key);
      const current = (state.get(key) ?? '') as string;
      if (operation.f === 'get') return current === operation.output ? state : undefined;
      return new Map(state).set(key, operation.f === 'put' ? operation.input : current + (operation.input as string));
    },
  },
} as const;

export type ReferenceModel = keyof typeof REFERENCE;

/** Whether the rules make the operation appear in every linearization. */
export function isRequired(operation: Operation, model: ReferenceModel): boolean {
  return REFERENCE[model].role(operation) === 'required';
}

/** True when some order explains the history; `operations` should be few (at most 8 or so). */
export function isLinearizableByBruteForce(operations: readonly Operation[], model: ReferenceModel): boolean {
  const reference = REFERENCE[model];
  const candidates = operations.filter((operation) => reference.role(operation) !== 'left-out');
  const required = candidates.filter((operation) => reference.role(operation) === 'required');
  const placed = new Set<Operation>();
  const search = (state: State): boolean => {
    if (required.every((operation) => placed.has(operation))) return true;
    for (const operation of candidates) {
      if (placed.has(operation) || !mayComeNext(operation, required, placed)) continue;
      const next = (reference.step as Step)(state, operation);
      if (next === undefined) continue;
      placed.add(operation);
      const found = search(next);
      placed.delete(operation);
      if (found) return true;
    }
    return false;
  };
  return search(new Map());
}

/** An operation may come next unless a required operation not yet placed completed before it was invoked. */
function mayComeNext(operation: Operation, required: readonly Operation[], placed: ReadonlySet<Operation>): boolean {
  return required.every((other) => placed.has(other) || other.returnOrder >= operation.callOrder);
}

/**
 * Whether `order` is a valid linearization of `operations` (one key's or all): every
 * required operation once, nothing left out, real-time order kept, every result explained.
 */
export function isValidLinearization(operations: readonly Operation[], order: readonly Operation[], model: ReferenceModel): boolean {
  const reference = REFERENCE[model];
  const complete = operations.every((operation) => reference.role(operation) !== 'required' || order.includes(operation));
  return complete && isLinearizablePrefix(operations, order, model);
}

/**
 * Whether `prefix` can be the start of a linearization: each operation at most once, none
 * left out by the rules, none placed before a required operation that completed before it
 * was invoked, every result explained by the ones before it.
 */
export function isLinearizablePrefix(operations: readonly Operation[], prefix: readonly Operation[], model: ReferenceModel): boolean {
  const reference = REFERENCE[model];
  if (new Set(prefix).size !== prefix.length) return false;
  if (prefix.some((operation) => reference.role(operation) === 'left-out')) return false;
  const placed = new Set<Operation>();
  const required = operations.filter((operation) => reference.role(operation) === 'required');
  let state: State | undefined = new Map();
  for (const operation of prefix) {
    if (!mayComeNext(operation, required, placed)) return false;
    state = (reference.step as Step)(state, operation);
    if (state === undefined) return false;
    placed.add(operation);
  }
  return true;
}
