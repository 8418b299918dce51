// The checker around the search: the explanation of a history that is not linearizable,
// the split per key, and the limits that end a search with the verdict unknown.
import { describe, expect, it } from 'vitest';
import { pairOperations } from '../../../src/check/history/pair-operations.ts';
import { parseJsonlHistory } from '../../../src/check/history/parse-jsonl-history.ts';
import { casRegisterModel } from '../../../src/check/linearizability/cas-register-model.ts';
import { checkHistoryEvents, checkLinearizability } from '../../../src/check/linearizability/check-linearizability.ts';
import { formatLinearizabilityResult, linearizabilityResultToJson } from '../../../src/check/linearizability/linearizability-report.ts';
import { DEADLINE_CHECK_INTERVAL_STEPS } from '../../../src/check/linearizability/search-limits.ts';
import { checkRegister, register } from './histories.ts';

/** Writes 1..count all concurrent, then a read of a value none of them wrote: every order must be tried. */
function hopelessHistory(count: number): string[] {
  const lines: string[] = [];
  for (let process = 1; process <= count; process++) lines.push(`${process} :invoke :write ${process}`);
  for (let process = 1; process <= count; process++) lines.push(`${process} :ok :write ${process}`);
  lines.push('0 :invoke :read nil', '0 :ok :read 99');
  return lines;
}

describe('explanation', () => {
  it('gives the longest linearizable prefix, the state after it, and the operation no order explains', () => {
    const result = checkRegister(
      register('0 :invoke :write 1', '0 :ok :write 1', '0 :invoke :write 2', '0 :ok :write 2', '1 :invoke :read nil', '1 :ok :read 1'),
    );
    expect(result.verdict).toBe('not-linearizable');
    const explanation = result.explanation;
    expect(explanation?.linearizedPrefix.map((operation) => operation.invokeLine)).toEqual([1, 3]);
    expect(explanation?.stateAfterPrefix).toBe('2');
    expect(explanation?.blocked.invokeLine).toBe(5);
    expect(explanation?.unorderable.map((operation) => operation.invokeLine)).toEqual([5]);
  });

  it('lists the operations still open at that point, the blocked one first', () => {
    const result = checkRegister(
      register('2 :invoke :cas [7 8]', '0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '3 :invoke :write 4', '1 :ok :read 5', '3 :ok :write 4'),
    );
    expect(result.verdict).toBe('not-linearizable');
    const explanation = result.explanation;
    expect(explanation?.blocked.invokeLine).toBe(4);
    expect(explanation?.linearizedPrefix.map((operation) => operation.invokeLine)).toEqual([2]);
    expect(explanation?.unorderable.map((operation) => operation.invokeLine)).toEqual([4, 1, 5]);
    expect(explanation?.unorderable[1]?.completion).toBe('pending');
  });

  it('reads as text that names lines, and as JSON with every operation', () => {
    const result = checkRegister(register('0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :ok :read 2'));
    expect(formatLinearizabilityResult(result)).toBe(
      [
        'not linearizable (cas-register model, 2 operations (0 constrain nothing), 1 key, 4 search steps)',
        'longest linearizable prefix: 1 operation, leaving the state 1, in the order they take effect:',
        '  process 0: write 1 -> ok (lines 1-2)',
        'operations that cannot be ordered after that prefix (the first completed with a result no order explains; the others were invoked before it completed):',
        '  process 1: read -> ok 2 (lines 3-4)',
      ].join('\n'),
    );
    const json = JSON.parse(JSON.stringify(linearizabilityResultToJson(result))) as { explanation: { blocked: unknown } };
    expect(json.explanation.blocked).toEqual({ process: 1, f: 'read', key: null, input: null, completion: 'ok', output: 2, invokeLine: 3, completeLine: 4 });
  });
});

describe('split per key', () => {
  const jsonl = (lines: string[]): string => lines.map((line) => `${line}\n`).join('');
  const event = (process: number, type: string, f: string, key: string, value: unknown, time: number): string =>
    JSON.stringify({ process, type, f, key, value, time });

  it('checks each key on its own: a value written to one key is not read from another', () => {
    const text = jsonl([
      event(0, 'invoke', 'write', 'a', 1, 10),
      event(0, 'ok', 'write', 'a', 1, 20),
      event(1, 'invoke', 'read', 'a', null, 30),
      event(1, 'ok', 'read', 'a', 1, 40),
      event(2, 'invoke', 'read', 'b', null, 50),
      event(2, 'ok', 'read', 'b', 1, 60),
      event(3, 'invoke', 'read', 'c', null, 70),
      event(3, 'ok', 'read', 'c', null, 80),
    ]);
    const result = checkHistoryEvents(parseJsonlHistory(text), casRegisterModel);
    expect(result.verdict).toBe('not-linearizable');
    expect(result.explanation?.key).toBe('b');
    expect(result.keys.map((key) => [key.key, key.verdict])).toEqual([
      ['a', 'linearizable'],
      ['b', 'not-linearizable'],
      ['c', 'unchecked'],
    ]);
  });

  it('returns for each linearizable key an order its operations take effect in', () => {
    const operations = register('0 :invoke :write 1', '1 :invoke :read nil', '1 :ok :read 1', '0 :ok :write 1', '2 :invoke :read nil', '2 :ok :read 1');
    const result = checkLinearizability(operations, casRegisterModel);
    expect(result.keys[0]?.linearization?.map((operation) => operation.f)).toEqual(['write', 'read', 'read']);
  });
});

describe('limits', () => {
  it('ends with unknown at the step limit, never a wrong verdict', () => {
    const operations = register(...hopelessHistory(10));
    expect(checkRegister(operations).verdict).toBe('not-linearizable');
    const limited = checkRegister(operations, { maxSteps: 100 });
    expect(limited.verdict).toBe('unknown');
    expect(limited.unknownReason).toBe('step-limit');
    expect(limited.steps).toBe(100);
    expect(formatLinearizabilityResult(limited)).toMatch(/^unknown: the search stopped at its step limit before reaching a verdict/);
  });

  it('ends with unknown when the injected deadline says time is up', () => {
    const operations = register(...hopelessHistory(12));
    expect(checkRegister(operations).steps).toBeGreaterThan(2 * DEADLINE_CHECK_INTERVAL_STEPS);
    let asked = 0;
    const result = checkRegister(operations, { isPastDeadline: () => ++asked >= 2 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('deadline');
    expect(result.steps).toBe(2 * DEADLINE_CHECK_INTERVAL_STEPS);
  });

  it('ends with unknown when the memo table would outgrow its memory limit', () => {
    const result = checkRegister(register(...hopelessHistory(12)), { maxMemoBytes: 1 });
    expect(result.verdict).toBe('unknown');
    expect(result.unknownReason).toBe('memory-limit');
  });

  it('still finds a key not linearizable after another key ran out of steps', () => {
    const lines = [
      ...hopelessHistory(10).map((line) => JSON.stringify(logLineToEvent(line, 'slow'))),
      JSON.stringify({ process: 50, type: 'invoke', f: 'read', key: 'quick', value: null, time: 0 }),
      JSON.stringify({ process: 50, type: 'ok', f: 'read', key: 'quick', value: 3, time: 0 }),
    ];
    const events = parseJsonlHistory(lines.join('\n'));
    const result = checkLinearizability(pairOperations(events), casRegisterModel, { maxSteps: 50 });
    expect(result.keys.map((key) => key.verdict)).toEqual(['unknown', 'not-linearizable']);
    expect(result.verdict).toBe('not-linearizable');
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => checkRegister([], { maxSteps: 0 })).toThrow(/^invalid maxSteps 0: expected an integer from 1 to/);
    expect(() => checkRegister([], { maxMemoBytes: 1.5 })).toThrow(/^invalid maxMemoBytes 1.5/);
  });
});

/** "3 :invoke :write 3" as a JSON Lines event on `key`, all at time 0 (so all concurrent). */
function logLineToEvent(line: string, key: string): object {
  const [process, type, f, value] = line.split(' ') as [string, string, string, string];
  return { process: Number(process), type: type.slice(1), f: f.slice(1), key, value: value === 'nil' ? null : Number(value), time: 0 };
}
