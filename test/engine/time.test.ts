// Durations as people type them, and the helpers that build virtual times.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationExact, ms, parseDuration, seconds, us } from '../../src/engine/time.ts';

describe('parseDuration', () => {
  it.each([
    ['40us', 40],
    ['250ms', 250_000],
    ['1.5s', 1_500_000],
    ['2m', 120_000_000],
    ['1h', 3_600_000_000],
    ['0ms', 0],
    ['1.5m', 90_000_000],
  ])('reads %s as %i microseconds', (text, micros) => {
    expect(parseDuration(text)).toBe(micros);
  });

  it.each(['', '10', '1x', '-1s', 's', '1.s', '1 ms'])('rejects %j, naming the text', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
    expect(() => parseDuration(text)).toThrow(`invalid duration "${text}"`);
  });

  it('rejects a duration too large to count in whole microseconds', () => {
    expect(() => parseDuration('9999999999h')).toThrow(/too large/);
  });
});

describe('formatting', () => {
  it('formatDurationExact picks the largest unit that is exact', () => {
    expect(formatDurationExact(2_000_000)).toBe('2s');
    expect(formatDurationExact(1_500_000)).toBe('1500ms');
    expect(formatDurationExact(7)).toBe('7us');
    expect(formatDurationExact(0)).toBe('0ms');
  });

  it('formatDuration shows a rounded form for people', () => {
    expect(formatDuration(1_200_000)).toBe('1.2s');
    expect(formatDuration(350_000)).toBe('350ms');
    expect(formatDuration(12)).toBe('12us');
  });

  it('the unit helpers give whole microseconds', () => {
    expect(us(3)).toBe(3);
    expect(ms(5)).toBe(5_000);
    expect(seconds(2)).toBe(2_000_000);
    expect(seconds(0.0000015)).toBe(2);
  });
});
