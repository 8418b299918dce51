// Latency distributions for links. Rule: every sample is a whole number of
// microseconds, at least `baseUs`. Normal, log-normal and exponential use Math.log /
// Math.exp / Math.sqrt, so bit-identical replay assumes the same Node/V8 version.
import type { Random } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import { assertNever } from '../engine/assert-never.ts';

export type LatencyDistribution =
  | { readonly kind: 'constant'; readonly baseUs: Micros }
  | { readonly kind: 'uniform'; readonly baseUs: Micros; readonly minUs: Micros; readonly maxUs: Micros }
  | { readonly kind: 'normal'; readonly baseUs: Micros; readonly meanUs: Micros; readonly stddevUs: Micros }
  | { readonly kind: 'lognormal'; readonly baseUs: Micros; readonly medianUs: Micros; readonly sigma: number }
  | { readonly kind: 'exponential'; readonly baseUs: Micros; readonly meanUs: Micros };

export const LATENCY_KINDS = ['constant', 'uniform', 'normal', 'lognormal', 'exponential'] as const;

/** Draws one latency. Negative draws (normal) are clamped to zero extra delay. */
export function sampleLatency(distribution: LatencyDistribution, random: Random): Micros {
  // Uniform, the default, is drawn here and the rest in a call: V8 inlines a callee by its
  // whole bytecode size, and this sits on every send.
  if (distribution.kind === 'uniform') return distribution.baseUs + random.intInclusive(distribution.minUs, distribution.maxUs);
  return sampleAnyLatency(distribution, random);
}

function sampleAnyLatency(distribution: LatencyDistribution, random: Random): Micros {
  switch (distribution.kind) {
    case 'constant':
      return distribution.baseUs;
    case 'uniform':
      return distribution.baseUs + random.intInclusive(distribution.minUs, distribution.maxUs);
    case 'normal':
      return distribution.baseUs + Math.max(0, Math.round(distribution.meanUs + distribution.stddevUs * standardNormal(random)));
    case 'lognormal':
      return distribution.baseUs + Math.round(distribution.medianUs * Math.exp(distribution.sigma * standardNormal(random)));
    case 'exponential':
      return distribution.baseUs + Math.round(-distribution.meanUs * Math.log(1 - random.next()));
    default:
      return assertNever(distribution);
  }
}

/** Box-Muller; draws two uniforms per sample so the stream's use is fixed. */
function standardNormal(random: Random): number {
  const u = 1 - random.next(); // (0, 1]
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Throws a RangeError naming the first bad field. */
export function validateLatency(distribution: LatencyDistribution, where: string): void {
  const fields = Object.entries(distribution).filter(([key]) => key !== 'kind');
  for (const [key, value] of fields) {
    const isWhole = key !== 'sigma';
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (isWhole && !Number.isSafeInteger(value))) {
      throw new RangeError(`${where}: invalid latency ${key} ${String(value)}: expected a non-negative ${isWhole ? 'integer (microseconds)' : 'number'}`);
    }
  }
  if (distribution.kind === 'uniform' && distribution.minUs > distribution.maxUs) {
    throw new RangeError(`${where}: uniform latency minUs ${distribution.minUs} is above maxUs ${distribution.maxUs}`);
  }
}

/** A short description for reports: `uniform 1ms..5ms + 0us`. */
export function describeLatency(distribution: LatencyDistribution): string {
  switch (distribution.kind) {
    case 'constant':
      return `constant ${distribution.baseUs}us`;
    case 'uniform':
      return `${distribution.baseUs}us + uniform ${distribution.minUs}..${distribution.maxUs}us`;
    case 'normal':
      return `${distribution.baseUs}us + normal(mean ${distribution.meanUs}us, sd ${distribution.stddevUs}us)`;
    case 'lognormal':
      return `${distribution.baseUs}us + lognormal(median ${distribution.medianUs}us, sigma ${distribution.sigma})`;
    case 'exponential':
      return `${distribution.baseUs}us + exponential(mean ${distribution.meanUs}us)`;
    default:
      return assertNever(distribution);
  }
}
