// Metrics sampled on virtual time, for charts: every series' value at regular instants.
// Rule: sampling never schedules events (that would change the run); it is driven by the
// clock readings it is given, and a sample at instant t holds the values as they were at
// t, before anything that happened later. Counters are cumulative; histograms give the
// quantiles and count of the values recorded during each interval.
import type { Micros } from '../engine/time.ts';
import type { Labels, MetricFamily, MetricType, MetricsRegistry } from './metrics-registry.ts';
import { Histogram } from './histogram.ts';

/** The most samples one timeline keeps; sampling stops there (the run's end is still sampled). */
export const MAX_SAMPLES = 5_000;
/** The quantiles charts show for histograms. */
export const TIMELINE_QUANTILES = [0.5, 0.99] as const;

export type SampleStatistic = 'value' | 'p50' | 'p99' | 'count';

export interface SampledSeries {
  readonly metric: string;
  readonly type: MetricType;
  readonly labels: Labels;
  readonly statistic: SampleStatistic;
  /** One entry per sample time; null before the series existed or when an interval was empty. */
  readonly values: (number | null)[];
}

export interface MetricTimeline {
  readonly intervalUs: Micros;
  readonly timesUs: readonly Micros[];
  readonly series: readonly SampledSeries[];
  /** True when MAX_SAMPLES was reached and later samples were skipped. */
  readonly truncated: boolean;
}

interface KnownSeries {
  readonly metric: ReturnType<MetricFamily['series']>[number]['metric'];
  readonly sampled: readonly SampledSeries[];
}

export class MetricSampler {
  private nextUs: Micros;
  private readonly timesUs: Micros[] = [];
  /** The sampled series of each registry series (a histogram has three), in first-seen order. */
  private readonly bySeries = new Map<object, SampledSeries[]>();
  private isTruncated = false;
  /** The registry's families, re-read when one is added. */
  private families: readonly MetricFamily[] = [];
  /** Each family's series seen so far, in order. */
  private readonly byFamily = new Map<MetricFamily, KnownSeries[]>();

  constructor(
    private readonly registry: MetricsRegistry,
    readonly intervalUs: Micros,
    startUs: Micros = 0,
  ) {
    if (!Number.isSafeInteger(intervalUs) || intervalUs < 1) throw new RangeError(`invalid sample interval ${String(intervalUs)}us: expected a positive integer`);
    this.nextUs = startUs;
  }

  /** Takes every sample due at or before `nowUs`; call before recording what happens at nowUs. */
  advanceTo(nowUs: Micros): void {
    while (this.nextUs <= nowUs) {
      this.sample(this.nextUs);
      this.nextUs += this.intervalUs;
    }
  }

  /** Samples up to and including the run's end; the last sample is at `endUs` itself. */
  finish(endUs: Micros): MetricTimeline {
    this.advanceTo(endUs);
    const last = this.timesUs[this.timesUs.length - 1];
    if (last !== undefined && last < endUs && !this.isTruncated) this.sample(endUs);
    return { intervalUs: this.intervalUs, timesUs: this.timesUs.slice(), series: [...this.bySeries.values()].flat(), truncated: this.isTruncated };
  }

  private sample(atUs: Micros): void {
    if (this.timesUs.length >= MAX_SAMPLES) {
      this.isTruncated = true;
      this.nextUs = Infinity;
      return;
    }
    const index = this.timesUs.length;
    this.timesUs.push(atUs);
    if (this.families.length !== this.registry.size) this.families = [...this.registry.families()];
    for (const family of this.families) this.sampleFamily(family, index);
  }

  private sampleFamily(family: MetricFamily, index: number): void {
    let known = this.byFamily.get(family);
    if (known === undefined) {
      known = [];
      this.byFamily.set(family, known);
    }
    // Series only ever get added: read the new ones, if any, then sample every one.
    if (known.length !== family.size) for (const series of family.series().slice(known.length)) known.push(this.startSeries(family, series, index));
    for (const { metric, sampled } of known) {
      if (metric instanceof Histogram) {
        const interval = metric.takeInterval(TIMELINE_QUANTILES);
        (sampled[0] as SampledSeries).values.push(interval.values[0] ?? null);
        (sampled[1] as SampledSeries).values.push(interval.values[1] ?? null);
        (sampled[2] as SampledSeries).values.push(interval.count);
      } else {
        (sampled[0] as SampledSeries).values.push(metric.value);
      }
    }
  }

  /** The sampled series of a registry series first seen at sample `index` (null before it). */
  private startSeries(family: MetricFamily, series: ReturnType<MetricFamily['series']>[number], index: number): KnownSeries {
    const metric = series.metric;
    const statistics: readonly SampleStatistic[] = metric instanceof Histogram ? ['p50', 'p99', 'count'] : ['value'];
    const sampled = statistics.map((statistic) => ({ metric: family.name, type: family.type, labels: series.labels, statistic, values: new Array<number | null>(index).fill(null) }));
    this.bySeries.set(metric, sampled);
    return { metric, sampled };
  }
}
