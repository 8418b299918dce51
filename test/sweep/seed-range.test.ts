import { describe, expect, it } from 'vitest';
import { formatSeedRange, MAX_SWEEP_SEEDS, parseSeedRange, seedCount } from '../../src/sweep/seed-range.ts';

describe('seed ranges', () => {
  it('reads FIRST..LAST with both ends included', () => {
    const range = parseSeedRange('1..10000');
    expect(range).toEqual({ first: 1, last: 10000 });
    expect(seedCount(range)).toBe(10000);
    expect(formatSeedRange(range)).toBe('1..10000');
  });

  it('reads a single seed as a range of one', () => {
    expect(parseSeedRange('42')).toEqual({ first: 42, last: 42 });
    expect(parseSeedRange('7..7')).toEqual({ first: 7, last: 7 });
    expect(formatSeedRange({ first: 42, last: 42 })).toBe('42');
  });

  it(`accepts exactly ${MAX_SWEEP_SEEDS} seeds and no more`, () => {
    expect(seedCount(parseSeedRange(`0..${MAX_SWEEP_SEEDS - 1}`))).toBe(MAX_SWEEP_SEEDS);
    expect(() => parseSeedRange(`0..${MAX_SWEEP_SEEDS}`)).toThrow(/invalid seed range "0\.\.10000000": 10000001 seeds is too many/);
  });

  it.each([
    ['10..1', 'the first seed is after the last'],
    ['a..b', '"a" is not a seed'],
    ['-5', '"-5" is not a seed'],
    ['1..-5', '"-5" is not a seed'],
    ['1.5', '"1.5" is not a seed'],
    ['1e3', '"1e3" is not a seed'],
    [' 5', '" 5" is not a seed'],
    ['', '"" is not a seed'],
    ['1..', '"" is not a seed'],
    ['1..2..3', 'more than one ".."'],
    ['99999999999999999999', 'is not a seed'],
  ])('rejects %j with a one-line RangeError naming the text and the accepted form', (text, reason) => {
    let caught: unknown;
    try {
      parseSeedRange(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RangeError);
    const message = (caught as RangeError).message;
    expect(message.startsWith(`invalid seed range ${JSON.stringify(text)}: `)).toBe(true);
    expect(message).toContain(reason);
    expect(message).toContain('expected N or FIRST..LAST');
    expect(message).not.toContain('\n');
  });
});
