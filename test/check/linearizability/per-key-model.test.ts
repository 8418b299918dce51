// The auto model: per key, the kv model for get/put/append and the cas-register model for
// read/write/cas, so one history can hold both kinds of key (kv-cp with cas keys).
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, HistoryValue } from '../../../src/check/history/history-event.ts';
import { pairOperations } from '../../../src/check/history/pair-operations.ts';
import { checkLinearizability } from '../../../src/check/linearizability/check-linearizability.ts';
import { perKeyModel } from '../../../src/check/linearizability/per-key-model.ts';

type Line = [process: number, type: HistoryEvent['type'], f: string, key: string, value: HistoryValue];

function verdictOf(...lines: Line[]): string {
  const events: HistoryEvent[] = lines.map(([process, type, f, key, value], index) => ({ process, type, f, key, value, time: undefined, line: index + 1 }));
  return checkLinearizability(pairOperations(events), perKeyModel).verdict;
}

const appendThenWrite: Line[] = [
  [0, 'invoke', 'append', 'k0', 'x'],
  [0, 'ok', 'append', 'k0', 'x'],
  [1, 'invoke', 'write', 'c0', 3],
  [1, 'ok', 'write', 'c0', 3],
  [1, 'invoke', 'cas', 'c0', [3, 4]],
  [1, 'ok', 'cas', 'c0', [3, 4]],
];

describe('auto model', () => {
  it('checks kv keys and register keys of one history, each with its own model', () => {
    expect(verdictOf(...appendThenWrite, [2, 'invoke', 'get', 'k0', null], [2, 'ok', 'get', 'k0', 'x'], [2, 'invoke', 'read', 'c0', null], [2, 'ok', 'read', 'c0', 4])).toBe('linearizable');
  });

  it('finds a stale read on a register key beside a correct kv key', () => {
    expect(verdictOf(...appendThenWrite, [2, 'invoke', 'get', 'k0', null], [2, 'ok', 'get', 'k0', 'x'], [2, 'invoke', 'read', 'c0', null], [2, 'ok', 'read', 'c0', 3])).toBe(
      'not-linearizable',
    );
  });

  it('finds a lost append on a kv key beside a correct register key', () => {
    expect(verdictOf(...appendThenWrite, [2, 'invoke', 'get', 'k0', null], [2, 'ok', 'get', 'k0', ''])).toBe('not-linearizable');
  });

  it('refuses a key that mixes the two families, naming the operation', () => {
    expect(() => verdictOf([0, 'invoke', 'put', 'a', 'x'], [0, 'ok', 'put', 'a', 'x'], [1, 'invoke', 'read', 'a', null], [1, 'ok', 'read', 'a', 'x'])).toThrow(
      'line 3: key "a" mixes kv operations with "read": a key holds one data type',
    );
  });

  it('refuses an operation neither model knows', () => {
    expect(() => verdictOf([0, 'invoke', 'enqueue', 'q', 1], [0, 'ok', 'enqueue', 'q', 1])).toThrow('the auto model has no operation "enqueue"');
  });
});
