// Random small histories, checked by the real checker and by the brute-force reference
// (every order that respects real time): the verdicts must agree, and every order the
// checker returns as its witness must be a valid linearization. Half the histories are
// real executions (each operation takes effect at a random instant inside its interval),
// so linearizable ones are common; some of those get one result corrupted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJsonlHistory } from '../../../src/check/history/format-jsonl-history.ts';
import type { EventType, HistoryEvent, HistoryValue } from '../../../src/check/history/history-event.ts';
import type { Completion, Operation } from '../../../src/check/history/operation.ts';
import { pairOperations } from '../../../src/check/history/pair-operations.ts';
import { casRegisterModel } from '../../../src/check/linearizability/cas-register-model.ts';
import { checkLinearizability } from '../../../src/check/linearizability/check-linearizability.ts';
import { kvModel } from '../../../src/check/linearizability/kv-model.ts';
import type { Model } from '../../../src/check/linearizability/model.ts';
import { isLinearizableByBruteForce, isLinearizablePrefix, isRequired, isValidLinearization, type ReferenceModel } from './brute-force-checker.ts';

interface PlannedOperation {
  readonly f: string;
  readonly key: string | null;
  readonly input: HistoryValue;
  /** What it returns when the history is not an execution (or it is corrupted). */
  readonly randomOutput: HistoryValue;
  readonly completion: Completion;
  readonly startTime: number;
  readonly duration: number;
  /** Where inside its interval it takes effect, as a fraction in thousandths. */
  readonly effectAt: number;
  /** For info and pending operations in an execution: whether it took effect at all. */
  readonly tookEffect: boolean;
}

interface PlannedHistory {
  readonly operations: readonly PlannedOperation[];
  readonly kind: 'random-results' | 'execution' | 'corrupted-execution';
  readonly corruptIndex: number;
}

const completion: fc.Arbitrary<Completion> = fc.constantFrom<Completion>('ok', 'ok', 'ok', 'ok', 'fail', 'info', 'pending');
const timing = { startTime: fc.nat({ max: 12 }), duration: fc.nat({ max: 8 }), effectAt: fc.nat({ max: 1000 }), tookEffect: fc.boolean(), completion };

const registerValue = fc.constantFrom<HistoryValue>(null, 1, 2);
const registerOperation: fc.Arbitrary<PlannedOperation> = fc.oneof(
  fc.record({ f: fc.constant('read'), key: fc.constant(null), input: fc.constant(null), randomOutput: registerValue, ...timing }),
  fc.record({ f: fc.constant('write'), key: fc.constant(null), input: fc.constantFrom(1, 2), randomOutput: fc.constant(null), ...timing }),
  fc.record({ f: fc.constant('cas'), key: fc.constant(null), input: fc.tuple(registerValue, fc.constantFrom(1, 2)), randomOutput: fc.constant(null), ...timing }),
);

const kvKey = fc.constantFrom('a', 'b');
const kvOperation: fc.Arbitrary<PlannedOperation> = fc.oneof(
  fc.record({ f: fc.constant('get'), key: kvKey, input: fc.constant(null), randomOutput: fc.constantFrom('', 'x', 'y', 'xy', 'yx'), ...timing }),
  fc.record({ f: fc.constantFrom('put', 'append'), key: kvKey, input: fc.constantFrom('x', 'y'), randomOutput: fc.constant(null), ...timing }),
);

function plannedHistory(operation: fc.Arbitrary<PlannedOperation>): fc.Arbitrary<PlannedHistory> {
  return fc.record({
    operations: fc.array(operation, { minLength: 1, maxLength: 7 }),
    kind: fc.constantFrom<PlannedHistory['kind']>('random-results', 'execution', 'corrupted-execution'),
    corruptIndex: fc.nat({ max: 6 }),
  });
}

/** The results a real execution gives: operations take effect in order of their effect instants. */
function executeOutputs(planned: PlannedHistory, model: ReferenceModel): HistoryValue[] {
  const outputs = planned.operations.map((operation) => operation.randomOutput);
  const effectTime = (operation: PlannedOperation): number => operation.startTime + (operation.duration * operation.effectAt) / 1000;
  const order = planned.operations.map((operation, index) => ({ operation, index })).sort((left, right) => effectTime(left.operation) - effectTime(right.operation) || left.index - right.index);
  const state = new Map<string | null, HistoryValue>();
  const casSucceeded = new Map<number, boolean>();
  for (const { operation, index } of order) {
    const takesEffect = operation.completion === 'ok' || ((operation.completion === 'info' || operation.completion === 'pending') && operation.tookEffect);
    const current = state.get(operation.key) ?? (model === 'kv' ? '' : null);
    if (operation.f === 'read' || operation.f === 'get') outputs[index] = current;
    else if (operation.f === 'cas') {
      const [expected, replacement] = operation.input as [HistoryValue, HistoryValue];
      casSucceeded.set(index, current === expected);
      // A cas that found another value fails (and is recorded so when it completes).
      if (current === expected && (takesEffect || operation.completion === 'fail')) state.set(operation.key, replacement);
    } else if (takesEffect) state.set(operation.key, operation.f === 'append' ? (current as string) + (operation.input as string) : operation.input);
  }
  if (planned.kind === 'corrupted-execution') {
    const index = planned.corruptIndex % outputs.length;
    outputs[index] = planned.operations[index]?.randomOutput ?? null;
  }
  // A cas completion in an execution says what happened: ok when it succeeded, fail when not.
  planned.operations.forEach((operation, index) => {
    if (operation.f === 'cas' && (operation.completion === 'ok' || operation.completion === 'fail')) outputs[index] = casSucceeded.get(index) === true ? 'ok' : 'fail';
  });
  return outputs;
}

/** The planned history as events in time order: an invocation before a completion at the same instant. */
function toEvents(planned: PlannedHistory, model: ReferenceModel): HistoryEvent[] {
  const outputs = planned.kind === 'random-results' ? planned.operations.map((operation) => operation.randomOutput) : executeOutputs(planned, model);
  const entries: { time: number; rank: number; index: number; event: Omit<HistoryEvent, 'line'> }[] = [];
  planned.operations.forEach((operation, index) => {
    const base = { process: index, f: operation.f, key: operation.key };
    entries.push({ time: operation.startTime, rank: 0, index, event: { ...base, type: 'invoke', value: operation.input, time: operation.startTime } });
    if (operation.completion === 'pending') return;
    let type: EventType = operation.completion;
    if (operation.f === 'cas' && planned.kind !== 'random-results' && (type === 'ok' || type === 'fail')) type = outputs[index] === 'ok' ? 'ok' : 'fail';
    const value = operation.f === 'read' || operation.f === 'get' ? (operation.completion === 'ok' ? (outputs[index] ?? null) : null) : operation.input;
    const endTime = operation.startTime + operation.duration;
    entries.push({ time: endTime, rank: 1, index, event: { ...base, type, value, time: endTime } });
  });
  entries.sort((left, right) => left.time - right.time || left.rank - right.rank || left.index - right.index);
  return entries.map((entry, position) => ({ ...entry.event, line: position + 1 }));
}

function toOperations(planned: PlannedHistory, model: ReferenceModel): Operation[] {
  return pairOperations(toEvents(planned, model));
}

/** Runs the checks; a failure shows the history as JSON Lines, ready to save and run through check-history. */
function crossCheck(planned: PlannedHistory, model: Model, reference: ReferenceModel): void {
  const events = toEvents(planned, reference);
  try {
    crossCheckEvents(events, model, reference, planned.kind);
  } catch (error) {
    const history = formatJsonlHistory(events.map((event) => ({ ...event, time: event.time ?? 0 })));
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${planned.kind} history (--model ${model.name}):\n${history}`);
  }
}

function crossCheckEvents(events: readonly HistoryEvent[], model: Model, reference: ReferenceModel, kind: PlannedHistory['kind']): void {
  const operations = pairOperations(events);
  const result = checkLinearizability(operations, model);
  const expected = isLinearizableByBruteForce(operations, reference);
  expect(result.verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
  if (kind === 'execution') expect(result.verdict).toBe('linearizable');
  for (const key of result.keys) {
    if (key.linearization === undefined) continue;
    const keyOperations = operations.filter((operation) => operation.key === key.key);
    expect(isValidLinearization(keyOperations, key.linearization, reference)).toBe(true);
  }
  if (result.explanation !== undefined) {
    // The prefix really is linearizable and holds every operation that completed before
    // the blocked one did; the blocked one is not in it and heads the unorderable list.
    const { linearizedPrefix, blocked, unorderable, key } = result.explanation;
    const keyOperations = operations.filter((operation) => operation.key === key);
    expect(isLinearizablePrefix(keyOperations, linearizedPrefix, reference)).toBe(true);
    const completedBefore = keyOperations.filter((operation) => isRequired(operation, reference) && operation.returnOrder < blocked.returnOrder);
    for (const operation of completedBefore) expect(linearizedPrefix).toContain(operation);
    expect(linearizedPrefix).not.toContain(blocked);
    expect(unorderable[0]).toBe(blocked);
    for (const operation of unorderable) expect(operation.callOrder < blocked.returnOrder && !linearizedPrefix.includes(operation)).toBe(true);
  }
}

describe('linearizability checker against brute force', () => {
  it('agrees on random cas-register histories of up to 7 operations', () => {
    fc.assert(
      fc.property(plannedHistory(registerOperation), (planned) => crossCheck(planned, casRegisterModel, 'cas-register')),
      { numRuns: 600 },
    );
  });

  it('agrees on random kv histories of up to 7 operations on 2 keys', () => {
    fc.assert(
      fc.property(plannedHistory(kvOperation), (planned) => crossCheck(planned, kvModel, 'kv')),
      { numRuns: 600 },
    );
  });

  it('draws both verdicts often enough to mean something', () => {
    const samples = fc.sample(plannedHistory(registerOperation), { numRuns: 300, seed: 42 });
    const linearizable = samples.filter((planned) => checkLinearizability(toOperations(planned, 'cas-register'), casRegisterModel).verdict === 'linearizable').length;
    expect(linearizable).toBeGreaterThan(90);
    expect(linearizable).toBeLessThan(270);
  });
});
