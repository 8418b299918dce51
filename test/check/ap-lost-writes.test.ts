// The lost-writes checker against a final state: an acknowledged append whose token no
// final value (or sibling) holds is lost; an unknown or failed one never counts; a set
// add is lost only if nobody removed that element; a counter below its acknowledged
// increments is short by that many; a counter above everything that may have happened is
// over-counted (a write applied twice).
import { describe, expect, it } from 'vitest';
import { parseJsonlHistory } from '../../src/check/history/parse-jsonl-history.ts';
import { findLostWrites, type FinalKeyState } from '../../src/check/lost-writes.ts';

function history(...lines: string[]) {
  return parseJsonlHistory(
    lines
      .map((line) => {
        const [time, process, type, f, key, ...value] = line.trim().split(/\s+/) as string[];
        return JSON.stringify({ process: Number(process), type, f, key, value: value.length === 0 ? null : JSON.parse(value.join(' ')), time: Number(time) });
      })
      .join('\n'),
  );
}

const appends = history(
  '10 0 invoke append x "a;"',
  '11 0 ok append x "a;"',
  '12 1 invoke append x "b;"',
  '13 1 ok append x "b;"',
  '14 2 invoke append x "c;"',
  '15 2 info append x "c;"',
  '16 3 invoke append x "d;"',
  '17 3 fail append x "d;"',
);

describe('lost writes', () => {
  it('counts acknowledged appends whose token no final value holds', () => {
    const report = findLostWrites(appends, new Map<string, FinalKeyState>([['x', { kind: 'register', values: ['b;'] }]]));
    expect(report.acknowledged).toBe(2);
    expect(report.lostCount).toBe(1);
    expect(report.lost.map((lost) => [lost.operation.input, lost.reason])).toEqual([['a;', 'token "a;" is in no final value']]);
  });

  it('finds nothing lost when the tokens survive in siblings', () => {
    const report = findLostWrites(appends, new Map<string, FinalKeyState>([['x', { kind: 'register', values: ['a;', 'b;c;'] }]]));
    expect(report).toMatchObject({ acknowledged: 2, lostCount: 0, lost: [] });
  });

  it('counts every acknowledged write of a key the final state does not hold at all', () => {
    expect(findLostWrites(appends, new Map()).lostCount).toBe(2);
  });

  it('counts a set add as lost only when nobody tried to remove its element', () => {
    const events = history(
      '10 0 invoke add s "e1"',
      '11 0 ok add s "e1"',
      '12 0 invoke add s "e2"',
      '13 0 ok add s "e2"',
      '14 1 invoke remove s "e2"',
      '15 1 info remove s "e2"',
      '16 0 invoke add s "e3"',
      '17 0 ok add s "e3"',
    );
    const report = findLostWrites(events, new Map<string, FinalKeyState>([['s', { kind: 'set', elements: ['e3'] }]]));
    expect(report.lost.map((lost) => lost.operation.input)).toEqual(['e1']);
  });

  it('counts a counter’s shortfall in increments, allowing for unknown ones', () => {
    const events = history(
      '10 0 invoke increment c 1',
      '11 0 ok increment c 1',
      '12 0 invoke increment c 1',
      '13 0 ok increment c 1',
      '14 1 invoke increment c 1',
      '15 1 info increment c 1',
      '16 1 invoke increment c -1',
      '17 1 info increment c -1',
    );
    const counter = (value: number) => new Map<string, FinalKeyState>([['c', { kind: 'counter', value }]]);
    expect(findLostWrites(events, counter(1)).lostCount).toBe(0);
    expect(findLostWrites(events, counter(3)).lostCount).toBe(0);
    expect(findLostWrites(events, counter(0))).toMatchObject({ lostCount: 1, overcounted: [] });
    expect(findLostWrites(events, counter(0)).lost[0]?.reason).toBe('final value 0 is 1 below the 1 the acknowledged increments add up to');
    expect(findLostWrites(events, counter(4))).toMatchObject({ lostCount: 0, overcounted: ['c'] });
  });

  it('refuses a key written as two different types, or a final state of another type', () => {
    const mixed = history('10 0 invoke append x "a;"', '11 0 ok append x "a;"', '12 0 invoke increment x 1', '13 0 ok increment x 1');
    expect(() => findLostWrites(mixed, new Map())).toThrow(new RangeError('line 3: increment on key "x", which earlier operations treat as a register'));
    expect(() => findLostWrites(appends, new Map<string, FinalKeyState>([['x', { kind: 'counter', value: 1 }]]))).toThrow(
      new RangeError('key "x": the history writes a register but the final state holds a counter'),
    );
  });
});
