// Latency distributions: every sample is a whole number of microseconds at least the
// base, and sample means land where the configuration says. Bounds are derived from
// each distribution's variance: the sample mean of N draws has standard error sd/sqrt(N),
// and we allow 5 standard errors plus 0.5us for rounding each draw to whole microseconds.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/rng.ts';
import { sampleLatency, validateLatency, type LatencyDistribution } from '../../src/net/latency.ts';

const SAMPLES = 20_000;

function draw(distribution: LatencyDistribution, seed = 'latency'): number[] {
  const random = new Random(seed);
  return Array.from({ length: SAMPLES }, () => sampleLatency(distribution, random));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function expectMeanNear(samples: readonly number[], expectedMean: number, standardDeviation: number): void {
  const tolerance = (5 * standardDeviation) / Math.sqrt(samples.length) + 0.5;
  expect(Math.abs(mean(samples) - expectedMean)).toBeLessThanOrEqual(tolerance);
}

function expectWholeAndAtLeast(samples: readonly number[], baseUs: number): void {
  expect(samples.filter((sample) => !Number.isSafeInteger(sample))).toEqual([]);
  expect(Math.min(...samples)).toBeGreaterThanOrEqual(baseUs);
}

describe('latency distributions', () => {
  it('constant is exactly the base', () => {
    const samples = draw({ kind: 'constant', baseUs: 1_234 });
    expect(new Set(samples)).toEqual(new Set([1_234]));
  });

  it('uniform stays within [base+min, base+max], reaches both ends, and spreads evenly', () => {
    const samples = draw({ kind: 'uniform', baseUs: 100, minUs: 50, maxUs: 249 });
    expect(Math.min(...samples)).toBe(150);
    expect(Math.max(...samples)).toBe(349);
    // 200 equally likely values: variance (200^2 - 1) / 12.
    expectMeanNear(samples, 100 + (50 + 249) / 2, Math.sqrt((200 ** 2 - 1) / 12));
    // Each quarter of the range holds 1/4 of the draws: binomial, within 5 standard deviations.
    const quarterSd = Math.sqrt(SAMPLES * 0.25 * 0.75);
    for (let quarter = 0; quarter < 4; quarter++) {
      const count = samples.filter((sample) => Math.floor((sample - 150) / 50) === quarter).length;
      expect(Math.abs(count - SAMPLES / 4)).toBeLessThanOrEqual(5 * quarterSd);
    }
  });

  it('normal has the configured mean on top of the base', () => {
    // Mean 5 standard deviations above 0, so clamping negative draws changes nothing measurable.
    const samples = draw({ kind: 'normal', baseUs: 1_000, meanUs: 5_000, stddevUs: 1_000 });
    expectWholeAndAtLeast(samples, 1_000);
    expectMeanNear(samples, 6_000, 1_000);
  });

  it('normal never goes below the base when draws would be negative', () => {
    const samples = draw({ kind: 'normal', baseUs: 10, meanUs: 0, stddevUs: 1_000 });
    expectWholeAndAtLeast(samples, 10);
  });

  it('lognormal has mean median * exp(sigma^2 / 2) on top of the base', () => {
    const median = 4_000;
    const sigma = 0.5;
    const samples = draw({ kind: 'lognormal', baseUs: 1_000, medianUs: median, sigma });
    expectWholeAndAtLeast(samples, 1_000);
    const variance = median ** 2 * Math.exp(sigma ** 2) * (Math.exp(sigma ** 2) - 1);
    expectMeanNear(samples, 1_000 + median * Math.exp(sigma ** 2 / 2), Math.sqrt(variance));
  });

  it('exponential has the configured mean on top of the base', () => {
    const samples = draw({ kind: 'exponential', baseUs: 200, meanUs: 3_000 });
    expectWholeAndAtLeast(samples, 200);
    expectMeanNear(samples, 3_200, 3_000);
  });

  it('draws the same samples from the same seed', () => {
    const distribution: LatencyDistribution = { kind: 'lognormal', baseUs: 0, medianUs: 100, sigma: 1 };
    expect(draw(distribution, 'same')).toEqual(draw(distribution, 'same'));
  });
});

describe('latency validation', () => {
  it('names the bad field and value', () => {
    expect(() => validateLatency({ kind: 'constant', baseUs: -1 }, 'link 0->1')).toThrow('link 0->1: invalid latency baseUs -1');
    expect(() => validateLatency({ kind: 'normal', baseUs: 0, meanUs: 1.5, stddevUs: 1 }, 'here')).toThrow(/meanUs 1\.5/);
    expect(() => validateLatency({ kind: 'uniform', baseUs: 0, minUs: 9, maxUs: 3 }, 'here')).toThrow(/minUs 9 is above maxUs 3/);
    expect(() => validateLatency({ kind: 'lognormal', baseUs: 0, medianUs: 1, sigma: Number.NaN }, 'here')).toThrow(/sigma NaN/);
  });

  it('accepts a fractional sigma', () => {
    expect(() => validateLatency({ kind: 'lognormal', baseUs: 0, medianUs: 1, sigma: 0.25 }, 'here')).not.toThrow();
  });
});
