// Histograms: exact bucket counts, and quantiles from the HDR sketch within 0.1% of the
// true value for the whole run; exact for each sampling interval (within 1% past
// MAX_INTERVAL_VALUES values in one interval).
import fc from 'fast-check';
import { build } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { Histogram, MAX_EXACT_VALUES, MAX_INTERVAL_VALUES } from '../../src/obs/histogram.ts';

/** One interval's count and quantiles, as the timeline reads them (takeIntervalInto). */
function takeInterval(histogram: Histogram, fractions: readonly number[]): { count: number; values: (number | undefined)[] } {
  const values: (number | undefined)[] = [];
  const count = histogram.takeIntervalInto(fractions, values);
  return { count, values };
}

/** The true quantile the sketch approximates: the value at rank ceil(q * n). */
function exactQuantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((first, second) => first - second);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] as number;
}

describe('histogram', () => {
  it('counts each value in the first bucket whose bound holds it, the rest in +Inf', () => {
    const histogram = new Histogram([10, 20]);
    for (const value of [0, 10, 11, 20, 21, 1000]) histogram.observe(value);
    expect(histogram.snapshot()).toEqual({ bounds: [10, 20], bucketCounts: [2, 2, 2], count: 6, sum: 1062, min: 0, max: 1000 });
  });

  it('gives quantiles within 0.1% of the exact ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60_000_000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.9, 0.99, 1), (values, fraction) => {
        const histogram = new Histogram();
        for (const value of values) histogram.observe(value);
        const exact = exactQuantile(values, fraction);
        expect(Math.abs((histogram.quantile(fraction) as number) - exact)).toBeLessThanOrEqual(exact * 0.001 + 1);
      }),
      { seed: 8, numRuns: 60 },
    );
  });

  it('answers every quantile exactly as a 3-digit HDR sketch of the same values does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 60_000_000 }), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 400 }),
        fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.99, 0.999, 1), fc.double({ min: 0, max: 1, noNaN: true })),
        (values, fraction) => {
          const histogram = new Histogram();
          const sketch = build({ lowestDiscernibleValue: 1, autoResize: true, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
          for (const value of values) {
            histogram.observe(value);
            sketch.recordValue(Math.round(value));
          }
          expect(histogram.quantile(fraction)).toBe(sketch.getValueAtPercentile(fraction * 100));
          // Reading sorts the kept values; values recorded afterwards are still counted.
          histogram.observe(values[0] as number);
          sketch.recordValue(Math.round(values[0] as number));
          expect(histogram.quantile(fraction)).toBe(sketch.getValueAtPercentile(fraction * 100));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('still answers as the sketch does once the run has more values than it keeps as a list', () => {
    const histogram = new Histogram();
    const sketch = build({ lowestDiscernibleValue: 1, autoResize: true, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
    for (let index = 0; index <= MAX_EXACT_VALUES; index++) {
      // A spread of values, not in order: 0 to about 6 s.
      const value = ((index * 7_919) % 65_537) * 97;
      histogram.observe(value);
      sketch.recordValue(value);
      if (index === MAX_EXACT_VALUES - 1) expect(histogram.quantile(0.9)).toBe(sketch.getValueAtPercentile(90));
    }
    for (const fraction of [0, 0.5, 0.9, 0.99, 1]) expect(histogram.quantile(fraction)).toBe(sketch.getValueAtPercentile(fraction * 100));
  });

  it('gives an interval the values at ranks ceil(q * n) of its values in order, for short and long intervals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }), (values) => {
        const histogram = new Histogram();
        for (const value of values) histogram.observe(value);
        const sorted = [...values].sort((first, second) => first - second);
        const fractions = [0, 0.5, 0.9, 0.99, 1];
        expect(takeInterval(histogram, fractions)).toEqual({ count: values.length, values: fractions.map((fraction) => sorted[Math.max(0, Math.ceil(fraction * values.length) - 1)]) });
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('gives each interval its own quantiles, then starts afresh', () => {
    const histogram = new Histogram();
    for (let value = 1; value <= 100; value++) histogram.observe(value * 1000);
    const interval = takeInterval(histogram, [0.5, 0.99]);
    expect(interval.count).toBe(100);
    // An interval's values are kept as a list: its quantiles are exact.
    expect(interval.values).toEqual([50_000, 99_000]);
    expect(takeInterval(histogram, [0.5])).toEqual({ count: 0, values: [undefined] });
    histogram.observe(7);
    expect(takeInterval(histogram, [0.5])).toEqual({ count: 1, values: [7] });
    expect(histogram.count).toBe(101);
  });

  it('keeps an interval with more than MAX_INTERVAL_VALUES values in a sketch, within 1%', () => {
    const histogram = new Histogram();
    const count = MAX_INTERVAL_VALUES + 1_000;
    for (let index = 1; index <= count; index++) histogram.observe(index);
    const interval = takeInterval(histogram, [0.5, 1]);
    expect(interval.count).toBe(count);
    expect(Math.abs((interval.values[0] as number) - exactQuantile(Array.from({ length: count }, (_, index) => index + 1), 0.5))).toBeLessThanOrEqual(count * 0.005);
    expect(Math.abs((interval.values[1] as number) - count)).toBeLessThanOrEqual(count * 0.01);
    histogram.observe(3);
    expect(takeInterval(histogram, [0.5])).toEqual({ count: 1, values: [3] });
  });

  it('rejects negative and non-finite values and unordered bounds', () => {
    const histogram = new Histogram();
    expect(() => histogram.observe(-1)).toThrow(/invalid value -1: expected a finite number of at least 0/);
    expect(() => histogram.observe(Infinity)).toThrow(RangeError);
    expect(() => new Histogram([5, 5])).toThrow(/increasing order/);
    expect(() => new Histogram([])).toThrow(/1 to 64 bounds/);
    expect(new Histogram().quantile(0.5)).toBeUndefined();
  });
});
