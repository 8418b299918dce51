// Nearest-rank percentiles, the one definition every report figure uses. Rule: the value
// at rank ceil(p * n) of the sorted sample, so every percentile is a value some sample
// really had, and no interpolation hides a gap.
import type { Micros } from '../engine/time.ts';

/** The nearest-rank percentile of `sortedUs` (ascending); `fraction` from 0 (exclusive) to 1. */
export function nearestRank(sortedUs: readonly Micros[], fraction: number): Micros | undefined {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`invalid percentile ${fraction}: expected a fraction above 0 and at most 1`);
  if (sortedUs.length === 0) return undefined;
  const rank = Math.ceil(fraction * sortedUs.length);
  return sortedUs[Math.min(sortedUs.length, rank) - 1];
}
