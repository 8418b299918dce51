// Metrics: counters, gauges and histograms in families, one series per set of label
// values (`node`, `service`, ...), in the vocabulary of Prometheus and OpenTelemetry.
// Rule: a family is declared once with its label names; a series is looked up by its
// label values, in the declared order. Durations are recorded in microseconds of virtual
// time and exported in seconds (their names end in `_seconds`). Every table is bounded.
import { checkBounds, DEFAULT_DURATION_BOUNDS_US, Histogram } from './histogram.ts';

export type MetricType = 'counter' | 'gauge' | 'histogram';
/** 'duration': recorded in microseconds, exported in seconds; 'plain': exported as recorded. */
export type MetricUnit = 'duration' | 'plain';
export type Labels = Readonly<Record<string, string>>;

export const METRIC_LIMITS = {
  /** Families in one registry. */
  maxFamilies: 1_000,
  /** Series (label value combinations) in one family. */
  maxSeriesPerFamily: 10_000,
  maxLabelNames: 16,
} as const;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface MetricDefinition {
  /** Prometheus-style: `faultline_messages_sent_total`; counters end in `_total`, durations in `_seconds`. */
  readonly name: string;
  /** One line saying what is counted. */
  readonly help: string;
  readonly labelNames?: readonly string[];
}

export interface HistogramDefinition extends MetricDefinition {
  readonly unit?: MetricUnit;
  /** Bucket upper bounds, in recorded units (microseconds for durations). */
  readonly bounds?: readonly number[];
}

export class CounterSeries {
  value = 0;
  inc(amount = 1): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError(`counter: invalid increment ${String(amount)}: expected a finite number of at least 0`);
    this.value += amount;
  }
}

export class GaugeSeries {
  value = 0;
  set(value: number): void {
    if (!Number.isFinite(value)) throw new RangeError(`gauge: invalid value ${String(value)}: expected a finite number`);
    this.value = value;
  }
  inc(amount = 1): void {
    this.set(this.value + amount);
  }
  dec(amount = 1): void {
    this.set(this.value - amount);
  }
}

type SeriesOf<T extends MetricType> = T extends 'counter' ? CounterSeries : T extends 'gauge' ? GaugeSeries : Histogram;

export interface Series<T extends MetricType = MetricType> {
  readonly labels: Labels;
  readonly metric: SeriesOf<T>;
}

export class MetricFamily<T extends MetricType = MetricType> {
  readonly labelNames: readonly string[];
  private readonly byKey = new Map<string, Series<T>>();

  constructor(
    readonly type: T,
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    readonly unit: MetricUnit,
    readonly bounds: readonly number[] | undefined,
    /** Told of each series added (the registry counts them all). */
    private readonly onSeriesAdded: () => void = () => {},
  ) {
    this.labelNames = labelNames.slice();
  }

  /** The series for these label values, in the order of labelNames (created on first use). */
  with(...values: readonly string[]): SeriesOf<T> {
    if (values.length !== this.labelNames.length) {
      throw new RangeError(`metric ${this.name}: got ${values.length} label values, expected ${this.labelNames.length} (${this.labelNames.join(', ')})`);
    }
    const key = values.join('\u0000');
    const found = this.byKey.get(key);
    if (found !== undefined) return found.metric;
    if (this.byKey.size >= METRIC_LIMITS.maxSeriesPerFamily) {
      throw new RangeError(`metric ${this.name}: more than ${METRIC_LIMITS.maxSeriesPerFamily} label combinations: use fewer distinct label values`);
    }
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, index) => {
      labels[name] = String(values[index]);
    });
    const series: Series<T> = { labels, metric: this.create() };
    this.byKey.set(key, series);
    this.onSeriesAdded();
    return series.metric;
  }

  /** The series for these labels, given by name (every declared label, no other). */
  labels(labels: Labels): SeriesOf<T> {
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name)) throw new RangeError(`metric ${this.name}: unknown label ${JSON.stringify(name)}: expected ${this.labelNames.join(', ') || 'no labels'}`);
    }
    return this.with(...this.labelNames.map((name) => {
      const value = labels[name];
      if (value === undefined) throw new RangeError(`metric ${this.name}: label ${JSON.stringify(name)} is missing`);
      return value;
    }));
  }

  /** How many series exist (label combinations used so far). */
  get size(): number {
    return this.byKey.size;
  }

  /** Every series, in the order they were first used. */
  series(): readonly Series<T>[] {
    return [...this.byKey.values()];
  }

  private create(): SeriesOf<T> {
    const metric = this.type === 'counter' ? new CounterSeries() : this.type === 'gauge' ? new GaugeSeries() : new Histogram(this.bounds);
    return metric as SeriesOf<T>;
  }
}

export class MetricsRegistry {
  private readonly byName = new Map<string, MetricFamily>();
  private seriesTotal = 0;
  private readonly countSeries = (): void => {
    this.seriesTotal++;
  };

  /** Series in every family together; it only grows, so a reader can tell that none was added. */
  get seriesCount(): number {
    return this.seriesTotal;
  }

  counter(definition: MetricDefinition): MetricFamily<'counter'> {
    return this.declare('counter', definition, 'plain', undefined);
  }

  gauge(definition: MetricDefinition): MetricFamily<'gauge'> {
    return this.declare('gauge', definition, 'plain', undefined);
  }

  histogram(definition: HistogramDefinition): MetricFamily<'histogram'> {
    const unit = definition.unit ?? 'plain';
    const bounds = definition.bounds ?? (unit === 'duration' ? DEFAULT_DURATION_BOUNDS_US : undefined);
    if (bounds === undefined) throw new RangeError(`metric ${definition.name}: a plain histogram needs bucket bounds`);
    checkBounds(`metric ${definition.name}`, bounds);
    return this.declare('histogram', definition, unit, bounds);
  }

  /** How many families are declared. */
  get size(): number {
    return this.byName.size;
  }

  /** Every family, in the order they were declared. */
  families(): readonly MetricFamily[] {
    return [...this.byName.values()];
  }

  find(name: string): MetricFamily | undefined {
    return this.byName.get(name);
  }

  private declare<T extends MetricType>(type: T, definition: MetricDefinition, unit: MetricUnit, bounds: readonly number[] | undefined): MetricFamily<T> {
    const labelNames = definition.labelNames ?? [];
    const existing = this.byName.get(definition.name);
    if (existing !== undefined) {
      if (existing.type !== type || existing.labelNames.join(',') !== labelNames.join(',') || existing.unit !== unit) {
        throw new RangeError(`metric ${definition.name} is already declared as a ${existing.type} with labels (${existing.labelNames.join(', ')})`);
      }
      return existing as MetricFamily<T>;
    }
    checkDefinition(type, definition, labelNames, unit);
    if (this.byName.size >= METRIC_LIMITS.maxFamilies) throw new RangeError(`metrics: more than ${METRIC_LIMITS.maxFamilies} metric families`);
    const family = new MetricFamily(type, definition.name, definition.help, labelNames, unit, bounds, this.countSeries);
    this.byName.set(definition.name, family as unknown as MetricFamily);
    return family;
  }
}

function checkDefinition(type: MetricType, definition: MetricDefinition, labelNames: readonly string[], unit: MetricUnit): void {
  const name = definition.name;
  if (!METRIC_NAME.test(name)) throw new RangeError(`invalid metric name ${JSON.stringify(name)}: expected letters, digits, _ and :, not starting with a digit`);
  if (type === 'counter' && !name.endsWith('_total')) throw new RangeError(`invalid counter name ${JSON.stringify(name)}: a counter's name ends in _total`);
  if (unit === 'duration' && !name.endsWith('_seconds')) throw new RangeError(`invalid duration metric name ${JSON.stringify(name)}: a duration's name ends in _seconds`);
  if (/[\r\n]/.test(definition.help)) throw new RangeError(`metric ${name}: help must be one line`);
  if (labelNames.length > METRIC_LIMITS.maxLabelNames) throw new RangeError(`metric ${name}: more than ${METRIC_LIMITS.maxLabelNames} labels`);
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__') || label === 'le' || label === 'quantile') {
      throw new RangeError(`metric ${name}: invalid label name ${JSON.stringify(label)}: expected letters, digits and _, not le, quantile or starting with __`);
    }
    if (seen.has(label)) throw new RangeError(`metric ${name}: label ${JSON.stringify(label)} is declared twice`);
    seen.add(label);
  }
}
