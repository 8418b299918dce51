// A histogram of non-negative values (latencies in microseconds, sizes): fixed buckets
// for the exposition formats, and quantiles as an HDR sketch (hdr-histogram-js, 3
// significant digits) gives them. Rule: quantiles are the sketch's answers, accurate to
// 0.1% of the value; bucket counts are exact. Up to MAX_EXACT_VALUES values are kept as a
// plain list and the sketch's answer is computed from it (the value at the sketch's rank,
// rounded to the top of its sketch bucket: the same number, without a sketch per series
// to fill on every value and scan on every read); beyond, they go to a sketch. The values
// since the last sample are kept apart, so charts show the latency of each interval rather
// than of the whole run so far: as a plain list (exact quantiles, and far cheaper to read
// at every sample than a sketch) up to MAX_INTERVAL_VALUES, then in a 1% sketch for the
// rest of that interval.
import { build, type Histogram as HdrSketch } from 'hdr-histogram-js';

/** Upper bounds of the default buckets for durations, in microseconds: 1 ms to 10 s. */
export const DEFAULT_DURATION_BOUNDS_US: readonly number[] = [
  1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000,
];

/** Values of one sampling interval kept as a list; beyond it the interval goes to a 1% sketch. */
export const MAX_INTERVAL_VALUES = 65_536;

/** Room for this many interval values at first; the buffer doubles as needed, up to MAX_INTERVAL_VALUES. */
const FIRST_INTERVAL_CAPACITY = 64;

/** Values of the whole run kept as a list for its quantiles (512 KiB); beyond, they go to a 0.1% sketch. */
export const MAX_EXACT_VALUES = 65_536;

/**
 * A sketch used only for its arithmetic: which values a 3-digit sketch counts together (it
 * depends on the sketch's precision alone, never on what was recorded).
 */
const EQUIVALENCE = newSketch(3) as HdrSketch & { lowestEquivalentValue(value: number): number; highestEquivalentValue(value: number): number };

/** hdr-histogram-js's unit in the last place, as its getValueAtPercentile rounds the rank with it. */
function ulp(value: number): number {
  return Math.pow(2, Math.floor(Math.log2(value)) - 52);
}

/** The most buckets a histogram may declare. */
export const MAX_BUCKETS = 64;

/** `values` copied into a buffer twice as long (at most `limit`): the value lists grow this way. */
function doubled(values: Float64Array, limit: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.min(values.length * 2, limit));
  grown.set(values);
  return grown;
}

function newSketch(significantDigits: 2 | 3): HdrSketch {
  return build({ lowestDiscernibleValue: 1, autoResize: true, numberOfSignificantValueDigits: significantDigits, bitBucketSize: 32, useWebAssembly: false });
}

export function checkBounds(what: string, bounds: readonly number[]): void {
  if (bounds.length === 0 || bounds.length > MAX_BUCKETS) {
    throw new RangeError(`${what}: invalid bucket bounds (${bounds.length}): expected 1 to ${MAX_BUCKETS} bounds`);
  }
  for (let index = 0; index < bounds.length; index++) {
    const bound = bounds[index] as number;
    if (!Number.isFinite(bound) || (index > 0 && bound <= (bounds[index - 1] as number))) {
      throw new RangeError(`${what}: invalid bucket bounds ${JSON.stringify(bounds)}: expected finite numbers in increasing order`);
    }
  }
}

export interface HistogramSnapshot {
  /** Upper bounds of the buckets, increasing; the +Inf bucket is implied. */
  readonly bounds: readonly number[];
  /** Values in each bucket (not cumulative), bounds.length + 1 entries, the last for +Inf. */
  readonly bucketCounts: readonly number[];
  readonly count: number;
  readonly sum: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export class Histogram {
  private readonly counts: number[];
  private total = 0;
  private sumOfValues = 0;
  private smallest = Infinity;
  private largest = -Infinity;
  /** Every value recorded (rounded), while there are at most MAX_EXACT_VALUES; sorted in place when read. */
  private exactValues: Float64Array | undefined = new Float64Array(FIRST_INTERVAL_CAPACITY);
  private isExactSorted = true;
  /** The whole run's values once there were more than MAX_EXACT_VALUES. */
  private sketch: HdrSketch | undefined;
  /**
   * This interval's values (the first intervalLength), while there are at most
   * MAX_INTERVAL_VALUES: one buffer for every interval, sorted in place when the interval is
   * read, so the hundreds of samples a run takes allocate nothing here.
   */
  private intervalValues = new Float64Array(FIRST_INTERVAL_CAPACITY);
  private intervalLength = 0;
  /** This interval's values once there were more: charts need less precision, 1%. */
  private intervalSketch: HdrSketch | undefined;

  constructor(readonly bounds: readonly number[] = DEFAULT_DURATION_BOUNDS_US) {
    checkBounds('histogram', bounds);
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  get count(): number {
    return this.total;
  }

  get sum(): number {
    return this.sumOfValues;
  }

  /** Records one value (at least 0; the sketch keeps it rounded to an integer). */
  observe(value: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`histogram: invalid value ${String(value)}: expected a finite number of at least 0`);
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > (bounds[bucket] as number)) bucket++;
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.total++;
    this.sumOfValues += value;
    if (value < this.smallest) this.smallest = value;
    if (value > this.largest) this.largest = value;
    const rounded = Math.round(value);
    this.recordInRun(rounded);
    this.recordInInterval(rounded);
  }

  private recordInRun(rounded: number): void {
    const values = this.exactValues;
    if (values === undefined) {
      (this.sketch as HdrSketch).recordValue(rounded);
      return;
    }
    // `total` already counts this value.
    const index = this.total - 1;
    if (index < MAX_EXACT_VALUES) {
      const room = index < values.length ? values : (this.exactValues = doubled(values, MAX_EXACT_VALUES));
      if (index > 0 && rounded < (room[index - 1] as number)) this.isExactSorted = false;
      room[index] = rounded;
      return;
    }
    const sketch = newSketch(3);
    for (const kept of values) sketch.recordValue(kept);
    sketch.recordValue(rounded);
    this.sketch = sketch;
    this.exactValues = undefined;
  }

  private recordInInterval(rounded: number): void {
    if (this.intervalSketch !== undefined) {
      this.intervalSketch.recordValue(rounded);
      return;
    }
    if (this.intervalLength < MAX_INTERVAL_VALUES) {
      if (this.intervalLength === this.intervalValues.length) this.intervalValues = doubled(this.intervalValues, MAX_INTERVAL_VALUES);
      this.intervalValues[this.intervalLength++] = rounded;
      return;
    }
    const sketch = newSketch(2);
    for (const value of this.intervalValues.subarray(0, this.intervalLength)) sketch.recordValue(value);
    sketch.recordValue(rounded);
    this.intervalSketch = sketch;
    this.intervalLength = 0;
  }

  /** The value at `fraction` (0 to 1) of everything recorded; undefined when empty. */
  quantile(fraction: number): number | undefined {
    checkFraction(fraction);
    if (this.total === 0) return undefined;
    const percentile = fraction * 100;
    if (this.sketch !== undefined) return this.sketch.getValueAtPercentile(percentile);
    return this.exactQuantile(percentile);
  }

  /**
   * What a 3-digit sketch of the same values answers, step for step: its rank (rounded up
   * as it rounds it), then the top of the sketch bucket of the value at that rank (the
   * bottom for percentile 0), which is where the sketch's scan of its buckets stops.
   */
  private exactQuantile(percentile: number): number {
    const count = this.total;
    const values = this.exactValues as Float64Array;
    if (!this.isExactSorted) {
      sortPrefix(values, count);
      this.isExactSorted = true;
    }
    const requestedPercentile = Math.min(percentile, 100);
    const fpCountAtPercentile = (requestedPercentile / 100.0) * count;
    const countAtPercentile = Math.max(Math.ceil(fpCountAtPercentile - ulp(fpCountAtPercentile)), 1);
    const value = values[Math.min(countAtPercentile, count) - 1] as number;
    return percentile === 0.0 ? EQUIVALENCE.lowestEquivalentValue(value) : EQUIVALENCE.highestEquivalentValue(value);
  }

  /** How many values were recorded since the last takeIntervalInto. */
  get intervalCount(): number {
    return this.intervalSketch?.totalCount ?? this.intervalLength;
  }

  /**
   * Quantiles of the values recorded since the previous call, into `values` (one per
   * fraction, undefined for each when nothing was recorded), then starts a new interval;
   * returns how many values the interval had. It fills the caller's array: a timeline
   * takes one interval per histogram per sample, and makes no object for it.
   */
  takeIntervalInto(fractions: readonly number[], values: (number | undefined)[]): number {
    values.length = fractions.length;
    const sketch = this.intervalSketch;
    if (sketch !== undefined) {
      this.intervalSketch = undefined;
      for (let index = 0; index < fractions.length; index++) values[index] = sketch.getValueAtPercentile((fractions[index] as number) * 100);
      return sketch.totalCount;
    }
    const count = this.intervalLength;
    if (count === 0) {
      values.fill(undefined);
      return count;
    }
    const sorted = this.intervalValues;
    sortPrefix(sorted, count);
    this.intervalLength = 0;
    // The value at rank ceil(q * n), as the sketch defines a quantile (the smallest for q = 0).
    for (let index = 0; index < fractions.length; index++) values[index] = sorted[Math.max(0, Math.ceil((fractions[index] as number) * count) - 1)] as number;
    return count;
  }

  snapshot(): HistogramSnapshot {
    return {
      bounds: this.bounds,
      bucketCounts: this.counts.slice(),
      count: this.total,
      sum: this.sumOfValues,
      min: this.total === 0 ? undefined : this.smallest,
      max: this.total === 0 ? undefined : this.largest,
    };
  }
}

/** Up to this many values are sorted by insertion: most intervals hold a few, and a typed array's sort costs more to start. */
const INSERTION_SORT_MAX = 16;

/** Sorts the first `count` values by value, as a typed array's sort does (the values are never NaN). */
function sortPrefix(values: Float64Array, count: number): void {
  if (count > INSERTION_SORT_MAX) {
    values.subarray(0, count).sort();
    return;
  }
  for (let index = 1; index < count; index++) {
    const value = values[index] as number;
    let at = index - 1;
    // Equal values keep their order; -0 before 0 as the typed sort puts them.
    while (at >= 0 && ((values[at] as number) > value || (value === 0 && Object.is(value, -0) && Object.is(values[at], 0)))) {
      values[at + 1] = values[at] as number;
      at--;
    }
    values[at + 1] = value;
  }
}

function checkFraction(fraction: number): void {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`invalid quantile ${String(fraction)}: expected a fraction from 0 to 1`);
}
