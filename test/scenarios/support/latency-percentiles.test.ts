// Latency figures of scenario reports: nearest-rank percentiles in ms (src/check/nearest-rank.ts).
import { describe, expect, it } from 'vitest';
import { latencyPercentilesMs, NO_LATENCY } from '../../../scenarios/support/latency-percentiles.ts';

describe('latency percentiles', () => {
  it('reports p50, p95 and p99 of unsorted microseconds in milliseconds to 0.1 ms', () => {
    const durationsUs = Array.from({ length: 100 }, (_, index) => (100 - index) * 1_000 + 49);
    expect(latencyPercentilesMs(durationsUs)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(latencyPercentilesMs([12_345])).toEqual({ p50: 12.3, p95: 12.3, p99: 12.3 });
  });

  it('reports NO_LATENCY when no request succeeded', () => {
    expect(latencyPercentilesMs([])).toEqual({ p50: NO_LATENCY, p95: NO_LATENCY, p99: NO_LATENCY });
  });
});
