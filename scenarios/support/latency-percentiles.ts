// Latency percentiles for scenario reports. Rule: nearest-rank percentiles over whole
// microseconds (src/check/nearest-rank.ts), so every figure is a latency that some
// request really had, and no interpolation hides a gap.
import { nearestRank } from '../../src/check/nearest-rank.ts';
import type { Micros } from '../../src/engine/time.ts';

/** Reported for a percentile of an empty sample (no request succeeded): no latency to show. */
export const NO_LATENCY = -1;

export interface LatencyPercentilesMs {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** p50 / p95 / p99 in milliseconds (to 0.1 ms), or NO_LATENCY for each when there is no sample. */
export function latencyPercentilesMs(durationsUs: readonly Micros[]): LatencyPercentilesMs {
  // Integers compare exactly, so a numeric sort is stable in its result.
  const sorted = [...durationsUs].sort((a, b) => a - b);
  const inMs = (fraction: number): number => {
    const value = nearestRank(sorted, fraction);
    return value === undefined ? NO_LATENCY : Math.round(value / 100) / 10;
  };
  return { p50: inMs(0.5), p95: inMs(0.95), p99: inMs(0.99) };
}
