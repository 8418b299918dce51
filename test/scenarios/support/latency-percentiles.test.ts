// Nearest-rank percentiles: every figure is a latency some request had.
import { describe, expect, it } from 'vitest';
import { latencyPercentilesMs, nearestRank, NO_LATENCY } from '../../../scenarios/support/latency-percentiles.ts';

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

  it('reports p50, p95 and p99 of unsorted microseconds in milliseconds to 0.1 ms', () => {
    const durationsUs = Array.from({ length: 100 }, (_, index) => (100 - index) * 1_000 + 49);
    expect(latencyPercentilesMs(durationsUs)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(latencyPercentilesMs([12_345])).toEqual({ p50: 12.3, p95: 12.3, p99: 12.3 });
  });

  it('reports NO_LATENCY when no request succeeded', () => {
    expect(latencyPercentilesMs([])).toEqual({ p50: NO_LATENCY, p95: NO_LATENCY, p99: NO_LATENCY });
  });
});
