// The stale-reads checker on hand-made histories of gets and appends: a get that lacks a
// token acknowledged before it began is stale; one that overlaps the append is not; an
// append whose outcome is unknown proves nothing; a token that no longer exists anywhere
// is left to the lost-writes checker; and an append that is not one token is bad input.
import { describe, expect, it } from 'vitest';
import { parseJsonlHistory } from '../../src/check/history/parse-jsonl-history.ts';
import { findStaleReads } from '../../src/check/stale-reads.ts';

/** Lines "time process type f key value" (value as JSON, or absent for null) into our JSON Lines, parsed. */
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

describe('stale reads', () => {
  it('finds a get that lacks a token acknowledged before the get began', () => {
    const report = findStaleReads(
      history(
        '10 0 invoke append x "a;"', //
        '20 0 ok append x "a;"',
        '30 1 invoke get x',
        '40 1 ok get x ""',
      ),
    );
    expect(report.reads).toBe(1);
    expect(report.stale).toHaveLength(1);
    expect(report.stale[0]).toMatchObject({ read: { invokeLine: 3 }, missed: { invokeLine: 1 }, missedCount: 1 });
  });

  it('does not count a get that overlaps the append, or one that sees it', () => {
    const report = findStaleReads(
      history(
        '10 0 invoke append x "a;"', //
        '15 1 invoke get x',
        '20 0 ok append x "a;"',
        '25 1 ok get x ""',
        '30 1 invoke get x',
        '35 1 ok get x "a;"',
      ),
    );
    expect(report).toEqual({ reads: 2, stale: [] });
  });

  it('counts a get invoked at the very instant the append returned as concurrent, not stale', () => {
    const report = findStaleReads(history('10 0 invoke append x "a;"', '20 0 ok append x "a;"', '20 1 invoke get x', '25 1 ok get x ""'));
    expect(report.stale).toEqual([]);
  });

  it('proves nothing from an append whose outcome is unknown, or that failed', () => {
    const report = findStaleReads(
      history(
        '10 0 invoke append x "a;"', //
        '20 0 info append x "a;"',
        '21 2 invoke append x "b;"',
        '22 2 fail append x "b;"',
        '30 1 invoke get x',
        '40 1 ok get x ""',
      ),
    );
    expect(report.stale).toEqual([]);
  });

  it('keeps keys apart and counts every token a stale read lacks', () => {
    const report = findStaleReads(
      history(
        '10 0 invoke append x "a;"',
        '11 0 ok append x "a;"',
        '12 0 invoke append x "b;"',
        '13 0 ok append x "b;"',
        '14 0 invoke append y "c;"',
        '15 0 ok append y "c;"',
        '20 1 invoke get y',
        '21 1 ok get y "c;"',
        '22 1 invoke get x',
        '23 1 ok get x "a;"',
      ),
    );
    expect(report.stale.map((stale) => [stale.read.key, stale.missed.input, stale.missedCount])).toEqual([['x', 'b;', 1]]);
  });

  it('reads siblings returned as a list of values as one read of all their tokens', () => {
    const report = findStaleReads(history('10 0 invoke append x "a;"', '11 0 ok append x "a;"', '20 1 invoke get x', '21 1 ok get x ["b;", "a;"]'));
    expect(report.stale).toEqual([]);
  });

  it('leaves to the lost-writes checker a token that no longer exists anywhere', () => {
    const events = history('10 0 invoke append x "a;"', '11 0 ok append x "a;"', '20 1 invoke get x', '21 1 ok get x ""');
    expect(findStaleReads(events, (_key, token) => token !== 'a;').stale).toEqual([]);
    expect(findStaleReads(events, () => true).stale).toHaveLength(1);
  });

  it('refuses an append that is not exactly one token ending in ";"', () => {
    const events = history('10 0 invoke append x "a;b;"', '11 0 ok append x "a;b;"', '20 1 invoke get x', '21 1 ok get x ""');
    expect(() => findStaleReads(events)).toThrow(new RangeError('line 1: expected an append of one unique token ending in ";" (such as "3.1.7;"), got "a;b;"'));
    const badRead = history('10 1 invoke get x', '11 1 ok get x 7');
    expect(() => findStaleReads(badRead)).toThrow(/^line 2: expected a read of appended tokens/);
  });
});
