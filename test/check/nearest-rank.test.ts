// Nearest-rank percentiles: every figure is a value some sample really had.
import { describe, expect, it } from 'vitest';
import { nearestRank } from '../../src/check/nearest-rank.ts';

describe('nearest-rank percentiles', () => {
  it('picks the value at rank ceil(p * n) of the sorted sample', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRank(sorted, 0.5)).toBe(50);
    expect(nearestRank(sorted, 0.51)).toBe(60);
    expect(nearestRank(sorted, 0.95)).toBe(100);
    expect(nearestRank(sorted, 0.1)).toBe(10);
    expect(nearestRank([7], 0.99)).toBe(7);
    expect(nearestRank([], 0.5)).toBeUndefined();
  });

  it('refuses a percentile outside (0, 1]', () => {
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
    expect(() => nearestRank([1], 1.5)).toThrow(/invalid percentile 1.5/);
  });
});
