// Pairing invocations with completions: real-time order as call and return orders,
// operations at the same instant counted as concurrent, info and never-completed
// operations open for good, and the mistakes a history can contain, by line.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../src/check/history/history-event.ts';
import { describeOperation } from '../../../src/check/history/operation.ts';
import { pairOperations } from '../../../src/check/history/pair-operations.ts';
import { parseJepsenLog } from '../../../src/check/history/parse-jepsen-log.ts';

const log = (...lines: string[]): HistoryEvent[] => parseJepsenLog(lines.map((line) => `INFO  jepsen.util - ${line}`).join('\n'));

function timed(...events: [number, HistoryEvent['type'], string, number][]): HistoryEvent[] {
  return events.map(([process, type, f, time], index) => ({ process, type, f, key: null, value: null, time, line: index + 1 }));
}

describe('pairing operations', () => {
  it('pairs each invocation with its process\'s next event, in invocation order', () => {
    const operations = pairOperations(log('0 :invoke :write 1', '1 :invoke :read nil', '1 :ok :read 1', '0 :ok :write 1'));
    expect(operations.map(({ id, process, f, input, completion, output, invokeLine, completeLine }) => ({ id, process, f, input, completion, output, invokeLine, completeLine }))).toEqual([
      { id: 0, process: 0, f: 'write', input: 1, completion: 'ok', output: 1, invokeLine: 1, completeLine: 4 },
      { id: 1, process: 1, f: 'read', input: null, completion: 'ok', output: 1, invokeLine: 2, completeLine: 3 },
    ]);
  });

  it('orders by line when there are no times: one operation precedes another only if it completed first', () => {
    const [write, read, later] = pairOperations(log('0 :invoke :write 1', '1 :invoke :read nil', '1 :ok :read 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :ok :read 1'));
    expect((write?.returnOrder as number) < (later?.callOrder as number)).toBe(true);
    expect((write?.returnOrder as number) < (read?.callOrder as number)).toBe(false);
  });

  it('counts a completion and an invocation at the same instant as concurrent', () => {
    const [first, second, third] = pairOperations(timed([0, 'invoke', 'read', 1], [0, 'ok', 'read', 5], [1, 'invoke', 'read', 5], [1, 'ok', 'read', 6], [2, 'invoke', 'read', 7], [2, 'ok', 'read', 8]));
    expect((first?.returnOrder as number) < (second?.callOrder as number)).toBe(false);
    expect((second?.returnOrder as number) < (third?.callOrder as number)).toBe(true);
  });

  it('leaves info and never-completed operations open for good, and frees the process after info', () => {
    const operations = pairOperations(log('0 :invoke :write 1', '0 :info :write :timed-out', '0 :invoke :write 2', '1 :invoke :read nil'));
    expect(operations.map((operation) => [operation.completion, operation.returnOrder])).toEqual([
      ['info', Infinity],
      ['pending', Infinity],
      ['pending', Infinity],
    ]);
    expect(operations[0]?.output).toBe(':timed-out');
    expect(describeOperation(operations[0]!)).toBe('process 0: write 1 -> info (unknown outcome) (lines 1-2)');
    expect(describeOperation(operations[2]!)).toBe('process 1: read -> pending (unknown outcome) (line 4, never completed)');
  });

  it('describes what an operation sent and what came back, by its lines', () => {
    const [read, cas, write] = pairOperations(log('0 :invoke :read nil', '0 :ok :read nil', '0 :invoke :cas [1 2]', '0 :fail :cas [1 2]', '0 :invoke :write 3', '0 :ok :write 3'));
    expect([read, cas, write].map((operation) => describeOperation(operation!))).toEqual([
      'process 0: read -> ok null (lines 1-2)',
      'process 0: cas [1,2] -> fail (lines 3-4)',
      'process 0: write 3 -> ok (lines 5-6)',
    ]);
  });

  it.each([
    [['0 :invoke :read nil', '0 :invoke :write 1'], /^line 2: process 0 invokes write while its read from line 1 is still open: expected an ok, fail or info for it first$/],
    [['0 :ok :read 1'], /^line 1: process 0 completes read \(ok\) with no open invocation: expected an invoke first$/],
    [['0 :invoke :read nil', '0 :ok :write 1'], /^line 2: process 0 completes write but invoked read on line 1: expected the same f$/],
  ])('rejects %j, naming the line', (lines, message) => {
    expect(() => pairOperations(log(...lines))).toThrow(message);
  });

  it('rejects a completion for another key than the invocation', () => {
    const events: HistoryEvent[] = [
      { process: 0, type: 'invoke', f: 'get', key: 'a', value: null, time: 1, line: 1 },
      { process: 0, type: 'ok', f: 'get', key: 'b', value: '', time: 2, line: 2 },
    ];
    expect(() => pairOperations(events)).toThrow(/^line 2: process 0 completes key "b" but invoked key "a" on line 1: expected the same key \(or none\)$/);
  });
});
