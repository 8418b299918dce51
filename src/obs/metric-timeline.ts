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

/** A counter or gauge series and its sampled values. */
interface ValueSeries {
  readonly metric: { readonly value: number };
  readonly values: (number | null)[];
}

/** A histogram series and its three sampled statistics. */
interface HistogramSeries {
  readonly metric: Histogram;
  readonly p50: (number | null)[];
  readonly p99: (number | null)[];
  readonly count: (number | null)[];
}

export class MetricSampler {
  private nextUs: Micros;
  private readonly timesUs: Micros[] = [];
  /** The sampled series of each registry series (a histogram has three), in first-seen order. */
  private readonly bySeries = new Map<object, SampledSeries[]>();
  private isTruncated = false;
  /** The registry's families, re-read when one is added. */
  private families: readonly MetricFamily[] = [];
  /** How many of each family's series are being sampled (series are only ever added). */
  private readonly seenByFamily = new Map<MetricFamily, number>();
  /** The registry's series count when the families were last looked at (-1: never). */
  private seenSeriesCount = -1;
  /**
   * Every series being sampled, counters and gauges apart from histograms, so a sample is
   * one tight loop over each list with no test of the series' type: a run takes hundreds of
   * samples of a hundred series or more. (Output order is bySeries', not these lists'.)
   */
  private readonly valueSeries: ValueSeries[] = [];
  private readonly histogramSeries: HistogramSeries[] = [];
  /**
   * Room each series' list of values is made with: the samples a run of its planned length
   * takes. Grown one sample at a time, a list is copied to a larger one again and again
   * (for a hundred series of hundreds of samples, megabytes made and dropped in a run);
   * made with room for them all, it is written in place and cut to its length at the end.
   */
  private readonly plannedSamples: number;

  /** `plannedEndUs`: when the run is planned to end, if known (only to make room for its samples). */
  constructor(
    private readonly registry: MetricsRegistry,
    readonly intervalUs: Micros,
    startUs: Micros = 0,
    plannedEndUs?: Micros,
  ) {
    if (!Number.isSafeInteger(intervalUs) || intervalUs < 1) throw new RangeError(`invalid sample interval ${String(intervalUs)}us: expected a positive integer`);
    this.nextUs = startUs;
    const planned = plannedEndUs === undefined || !(plannedEndUs >= startUs) ? 0 : Math.floor((plannedEndUs - startUs) / intervalUs) + 2;
    this.plannedSamples = Math.min(planned, MAX_SAMPLES);
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
    const series = [...this.bySeries.values()].flat();
    // Cut the room left for samples the run did not take.
    for (const sampled of series) sampled.values.length = this.timesUs.length;
    return { intervalUs: this.intervalUs, timesUs: this.timesUs.slice(), series, truncated: this.isTruncated };
  }

  private sample(atUs: Micros): void {
    if (this.timesUs.length >= MAX_SAMPLES) {
      this.isTruncated = true;
      this.nextUs = Infinity;
      return;
    }
    const index = this.timesUs.length;
    this.timesUs.push(atUs);
    // Most samples find no new series: the registry's count says so without a look at each family.
    if (this.seenSeriesCount !== this.registry.seriesCount) {
      this.seenSeriesCount = this.registry.seriesCount;
      if (this.families.length !== this.registry.size) this.families = [...this.registry.families()];
      for (const family of this.families) this.startNewSeries(family, index);
    }
    for (const series of this.valueSeries) series.values[index] = series.metric.value;
    for (const series of this.histogramSeries) sampleHistogram(series, index);
  }

  /** Starts sampling the family's series added since the last sample, if any. */
  private startNewSeries(family: MetricFamily, index: number): void {
    const seen = this.seenByFamily.get(family) ?? 0;
    if (seen === family.size) return;
    for (const series of family.series().slice(seen)) this.startSeries(family, series, index);
    this.seenByFamily.set(family, family.size);
  }

  /** The sampled series of a registry series first seen at sample `index` (null before it). */
  private startSeries(family: MetricFamily, series: ReturnType<MetricFamily['series']>[number], index: number): void {
    const metric = series.metric;
    const statistics: readonly SampleStatistic[] = metric instanceof Histogram ? ['p50', 'p99', 'count'] : ['value'];
    const sampled = statistics.map((statistic) => ({ metric: family.name, type: family.type, labels: series.labels, statistic, values: new Array<number | null>(Math.max(index, this.plannedSamples)).fill(null, 0, index) }));
    this.bySeries.set(metric, sampled);
    const [first, second, third] = sampled.map((entry) => entry.values) as [(number | null)[], (number | null)[], (number | null)[]];
    if (metric instanceof Histogram) this.histogramSeries.push({ metric, p50: first, p99: second, count: third });
    else this.valueSeries.push({ metric, values: first });
  }
}

/** Sample `index` of a histogram: the quantiles and count of the values recorded since the last. */
function sampleHistogram(series: HistogramSeries, index: number): void {
  // Most intervals of most series are empty: nothing to sort.
  if (series.metric.intervalCount === 0) {
    series.p50[index] = null;
    series.p99[index] = null;
    series.count[index] = 0;
    return;
  }
  const count = series.metric.takeIntervalInto(TIMELINE_QUANTILES, INTERVAL_QUANTILES);
  series.p50[index] = INTERVAL_QUANTILES[0] ?? null;
  series.p99[index] = INTERVAL_QUANTILES[1] ?? null;
  series.count[index] = count;
}

/** Scratch for one histogram's interval quantiles, read at once (sampleHistogram). */
const INTERVAL_QUANTILES: (number | undefined)[] = [];
