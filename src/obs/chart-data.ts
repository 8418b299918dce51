// The charts an HTML report shows, computed from the metric timeline: request and error
// rates, latency, requests in flight, drops and breaker states per service, the
// scenario's own metrics, and SLO burn rates. Rule: counters are charted as rates per
// second, histograms as their p99 per interval, gauges as they are; nodes of one service
// are summed (latency: the worst node), and each chart keeps its busiest series.
import type { MetricTimeline, SampledSeries, SampleStatistic } from './metric-timeline.ts';
import type { ObservedRun } from './observed-run.ts';

/** Lines one chart may draw. */
export const MAX_LINES_PER_CHART = 8;
/** Charts of the scenario's own metrics, at most. */
export const MAX_SCENARIO_CHARTS = 12;

export interface ChartLine {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  readonly title: string;
  readonly unit: string;
  readonly lines: readonly ChartLine[];
}

type Combine = 'sum' | 'max';

interface ChartRecipe {
  readonly title: string;
  readonly unit: string;
  readonly metric: string;
  readonly statistic: SampleStatistic;
  /** Labels that name a line; nodes are merged into their service unless 'node' is listed. */
  readonly lineLabels: readonly string[];
  readonly combine: Combine;
  readonly transform: 'rate' | 'value' | 'seconds-to-ms';
}

const STANDARD_CHARTS: readonly ChartRecipe[] = [
  { title: 'Requests answered per second, by service and outcome', unit: '/s', metric: 'faultline_rpc_server_requests_total', statistic: 'value', lineLabels: ['service', 'outcome'], combine: 'sum', transform: 'rate' },
  { title: 'Server latency p99 (ms), by service', unit: 'ms', metric: 'faultline_rpc_server_duration_seconds', statistic: 'p99', lineLabels: ['service'], combine: 'max', transform: 'seconds-to-ms' },
  { title: 'Call latency p99 as callers saw it (ms), by target', unit: 'ms', metric: 'faultline_rpc_client_duration_seconds', statistic: 'p99', lineLabels: ['target'], combine: 'max', transform: 'seconds-to-ms' },
  { title: 'Attempts sent per second (retries included), by target', unit: '/s', metric: 'faultline_rpc_client_attempts_total', statistic: 'value', lineLabels: ['target'], combine: 'sum', transform: 'rate' },
  { title: 'Requests in flight on servers, by service', unit: '', metric: 'faultline_rpc_server_in_flight', statistic: 'value', lineLabels: ['service'], combine: 'sum', transform: 'value' },
  { title: 'Resilience pattern events per second', unit: '/s', metric: 'faultline_pattern_events_total', statistic: 'value', lineLabels: ['kind'], combine: 'sum', transform: 'rate' },
  { title: 'Circuit breaker state (0 closed, 1 half-open, 2 open)', unit: '', metric: 'faultline_breaker_state', statistic: 'value', lineLabels: ['service', 'policy'], combine: 'max', transform: 'value' },
  { title: 'Messages lost per second, by reason', unit: '/s', metric: 'faultline_messages_dropped_total', statistic: 'value', lineLabels: ['reason'], combine: 'sum', transform: 'rate' },
  { title: 'Messages sent per second, by service', unit: '/s', metric: 'faultline_messages_sent_total', statistic: 'value', lineLabels: ['service'], combine: 'sum', transform: 'rate' },
];

export function buildCharts(run: ObservedRun): ChartSpec[] {
  const timeline = run.timeline;
  const charts: ChartSpec[] = [];
  for (const recipe of STANDARD_CHARTS) {
    const chart = chartFrom(timeline, recipe);
    if (chart !== undefined) charts.push(chart);
  }
  charts.push(...scenarioCharts(run));
  for (const slo of run.slos) {
    charts.push({ title: `SLO burn rate: ${slo.name} (above 1: breached)`, unit: 'x', lines: [{ name: slo.name, values: slo.burnRates.map((value) => (value === null ? null : round(value))) }] });
  }
  return charts;
}

function scenarioCharts(run: ObservedRun): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const family of run.metrics) {
    if (family.name.startsWith('faultline_') || charts.length >= MAX_SCENARIO_CHARTS) continue;
    const isHistogram = family.type === 'histogram';
    const recipe: ChartRecipe = {
      title: `${family.name}: ${family.help}${family.type === 'counter' ? ' (per second)' : isHistogram ? ' (p99 per interval)' : ''}`,
      unit: family.type === 'counter' ? '/s' : isHistogram && family.unit === 'duration' ? 'ms' : '',
      metric: family.name,
      statistic: isHistogram ? 'p99' : 'value',
      lineLabels: family.labelNames,
      combine: 'sum',
      transform: family.type === 'counter' ? 'rate' : isHistogram && family.unit === 'duration' ? 'seconds-to-ms' : 'value',
    };
    const chart = chartFrom(run.timeline, recipe);
    if (chart !== undefined) charts.push(chart);
  }
  return charts;
}

function chartFrom(timeline: MetricTimeline, recipe: ChartRecipe): ChartSpec | undefined {
  const groups = new Map<string, (number | null)[]>();
  for (const series of timeline.series) {
    if (series.metric !== recipe.metric || series.statistic !== recipe.statistic) continue;
    const name = recipe.lineLabels.map((label) => series.labels[label] ?? '').join(' ') || series.metric;
    const values = transform(series, timeline, recipe);
    const existing = groups.get(name);
    if (existing === undefined) groups.set(name, values);
    else combineInto(existing, values, recipe.combine);
  }
  if (groups.size === 0) return undefined;
  const isFlat = (values: readonly (number | null)[]): boolean => values.every((value) => value === null || value === 0);
  // Lines that stay at zero say nothing (client nodes with no requests in flight), and neither does a chart of only such lines.
  for (const [name, values] of groups) if (isFlat(values)) groups.delete(name);
  if (groups.size === 0) return undefined;
  const lines = [...groups].map(([name, values]) => ({ name, values: values.map((value) => (value === null ? null : round(value))), weight: weightOf(values) }));
  // Busiest first; equal weights keep first-seen order (the index breaks ties).
  const kept = lines
    .map((line, index) => ({ line, index }))
    .sort((first, second) => second.line.weight - first.line.weight || first.index - second.index)
    .slice(0, MAX_LINES_PER_CHART)
    .sort((first, second) => first.index - second.index)
    .map(({ line }) => ({ name: line.name, values: line.values }));
  return { title: recipe.title, unit: recipe.unit, lines: kept };
}

/** The series' values as the chart draws them, in a fresh array (combineInto may write into it). */
function transform(series: SampledSeries, timeline: MetricTimeline, recipe: ChartRecipe): (number | null)[] {
  const values = series.values;
  switch (recipe.transform) {
    case 'value':
      return values.slice();
    case 'seconds-to-ms': {
      // Durations are sampled in microseconds.
      const result = new Array<number | null>(values.length);
      for (let index = 0; index < values.length; index++) {
        const value = values[index] as number | null;
        result[index] = value === null ? null : value / 1000;
      }
      return result;
    }
    case 'rate':
      return ratesOf(values, timeline.timesUs);
    default:
      return values.slice();
  }
}

/** A counter's increase per second over each interval: 0 at the first sample, null where it had no value. */
function ratesOf(values: readonly (number | null)[], timesUs: readonly number[]): (number | null)[] {
  const result = new Array<number | null>(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number | null;
    const before = index === 0 ? null : (values[index - 1] as number | null);
    const elapsedUs = index === 0 ? 0 : (timesUs[index] as number) - (timesUs[index - 1] as number);
    if (value === null || elapsedUs <= 0) result[index] = index === 0 ? 0 : null;
    else result[index] = ((value - (before ?? 0)) * 1_000_000) / elapsedUs;
  }
  return result;
}

/** Adds (or takes the larger of) `second` into `first`, value by value; `first` is a fresh array of this chart's. */
function combineInto(first: (number | null)[], second: readonly (number | null)[], how: Combine): void {
  for (let index = 0; index < first.length; index++) {
    const value = first[index] as number | null;
    const other = second[index] ?? null;
    if (value === null) first[index] = other;
    else if (other !== null) first[index] = how === 'sum' ? value + other : Math.max(value, other);
  }
}

function weightOf(values: readonly (number | null)[]): number {
  let total = 0;
  for (const value of values) if (value !== null) total += Math.abs(value);
  return total;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
