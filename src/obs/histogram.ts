// A histogram of non-negative values (latencies in microseconds, sizes): fixed buckets
// for the exposition formats, and an HDR sketch (hdr-histogram-js, 3 significant digits)
// for quantiles. Rule: quantiles come from the sketch, accurate to 0.1% of the value;
// bucket counts are exact. The values since the last sample are kept apart, so charts
// show the latency of each interval rather than of the whole run so far: as a plain list
// (exact quantiles, and far cheaper to read at every sample than a sketch) up to
// MAX_INTERVAL_VALUES, then in a 1% sketch for the rest of that interval.
import { build, type Histogram as HdrSketch } from 'hdr-histogram-js';

/** Upper bounds of the default buckets for durations, in microseconds: 1 ms to 10 s. */
export const DEFAULT_DURATION_BOUNDS_US: readonly number[] = [
  1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000,
];

/** Values of one sampling interval kept as a list; beyond it the interval goes to a 1% sketch. */
export const MAX_INTERVAL_VALUES = 65_536;

/** Room for this many interval values at first; the buffer doubles as needed, up to MAX_INTERVAL_VALUES. */
const FIRST_INTERVAL_CAPACITY = 64;

/** The most buckets a histogram may declare. */
export const MAX_BUCKETS = 64;

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
  private readonly sketch = newSketch(3);
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
    this.sketch.recordValue(rounded);
    this.recordInInterval(rounded);
  }

  private recordInInterval(rounded: number): void {
    if (this.intervalSketch !== undefined) {
      this.intervalSketch.recordValue(rounded);
      return;
    }
    if (this.intervalLength < MAX_INTERVAL_VALUES) {
      if (this.intervalLength === this.intervalValues.length) this.growIntervalValues();
      this.intervalValues[this.intervalLength++] = rounded;
      return;
    }
    const sketch = newSketch(2);
    for (const value of this.intervalValues.subarray(0, this.intervalLength)) sketch.recordValue(value);
    sketch.recordValue(rounded);
    this.intervalSketch = sketch;
    this.intervalLength = 0;
  }

  private growIntervalValues(): void {
    const grown = new Float64Array(Math.min(this.intervalValues.length * 2, MAX_INTERVAL_VALUES));
    grown.set(this.intervalValues);
    this.intervalValues = grown;
  }

  /** The value at `fraction` (0 to 1) of everything recorded; undefined when empty. */
  quantile(fraction: number): number | undefined {
    checkFraction(fraction);
    return this.total === 0 ? undefined : this.sketch.getValueAtPercentile(fraction * 100);
  }

  /** How many values were recorded since the last takeInterval. */
  get intervalCount(): number {
    return this.intervalSketch?.totalCount ?? this.intervalLength;
  }

  /**
   * Quantiles of the values recorded since the previous call, then starts a new interval.
   * Returns undefined for each fraction when nothing was recorded.
   */
  takeInterval(fractions: readonly number[]): { readonly count: number; readonly values: readonly (number | undefined)[] } {
    const sketch = this.intervalSketch;
    if (sketch !== undefined) {
      this.intervalSketch = undefined;
      return { count: sketch.totalCount, values: fractions.map((fraction) => sketch.getValueAtPercentile(fraction * 100)) };
    }
    const count = this.intervalLength;
    if (count === 0) return { count, values: fractions.map(() => undefined) };
    // Numbers in a typed array sort by value, without a comparator.
    const sorted = this.intervalValues.subarray(0, count).sort();
    this.intervalLength = 0;
    // The value at rank ceil(q * n), as the sketch defines a quantile (the smallest for q = 0).
    return { count, values: fractions.map((fraction) => sorted[Math.max(0, Math.ceil(fraction * count) - 1)] as number) };
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

function checkFraction(fraction: number): void {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`invalid quantile ${String(fraction)}: expected a fraction from 0 to 1`);
}
