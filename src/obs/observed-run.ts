// Everything an observed run collected, as plain data: the input of every exporter.
// Rule: exporters are pure functions of an ObservedRun (and their options), so the same
// seed gives byte-identical export files.
import type { Micros } from '../engine/time.ts';
import type { DropReason } from '../engine/trace.ts';
import type { FaultMark, FaultPeriod } from './fault-periods.ts';
import type { HistogramSnapshot } from './histogram.ts';
import type { LogRecord } from './log-ring.ts';
import type { MetricTimeline } from './metric-timeline.ts';
import type { PatternMark } from './pattern-marks.ts';
import type { Labels, MetricType, MetricUnit } from './metrics-registry.ts';
import type { SloReport } from './slo.ts';
import type { Span } from './span.ts';
import type { TraceSampling } from './trace-sampling.ts';

export interface ObservedNode {
  /** -1 stands for clients outside the cluster (injected messages). */
  readonly id: number;
  readonly service: string;
}

export interface MessageArrival {
  readonly timeUs: Micros;
  readonly eventIndex: number;
}

export interface ObservedMessage {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  /** A short description of the body: its type, or `call work #3` / `reply ok #3` for rpcs. */
  readonly label: string;
  readonly sendUs: Micros;
  readonly sendEventIndex: number;
  /** Every delivery (a duplicated message may arrive twice). */
  readonly deliveries: readonly MessageArrival[];
  readonly drop: { readonly timeUs: Micros; readonly eventIndex: number; readonly reason: DropReason } | undefined;
  readonly traceId: string | undefined;
}

export interface QuantileValue {
  readonly quantile: number;
  readonly value: number;
}

export interface MetricSeriesSnapshot {
  readonly labels: Labels;
  /** Counters and gauges. */
  readonly value?: number;
  /** Histograms. */
  readonly histogram?: HistogramSnapshot;
  readonly quantiles?: readonly QuantileValue[];
}

export interface MetricSnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit: MetricUnit;
  readonly labelNames: readonly string[];
  readonly series: readonly MetricSeriesSnapshot[];
}

/** A checker verdict as the report gives it, for exporters that link violations to events. */
export interface ObservedViolation {
  readonly property: string;
  readonly kind: string;
  readonly timeUs: Micros;
  readonly eventIndex: number;
  readonly message: string;
}

export interface ObservedVerdict {
  readonly verdict: 'pass' | 'fail';
  readonly violations: readonly ObservedViolation[];
}

export interface ObservedRun {
  readonly title: string;
  readonly seed: number;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly nodes: readonly ObservedNode[];
  readonly messages: readonly ObservedMessage[];
  /** Messages beyond the collector's limit, counted but not kept. */
  readonly messagesOmitted: number;
  readonly spans: readonly Span[];
  /** Requests not traced because the span limit was reached. */
  readonly requestsOmitted: number;
  /** Head-based sampling: the spans (and in Perfetto the messages) of sampled-out traces are not exported. */
  readonly traceSampling: TraceSampling;
  readonly logs: readonly LogRecord[];
  readonly logsDiscarded: number;
  readonly faultPeriods: readonly FaultPeriod[];
  readonly faultMarks: readonly FaultMark[];
  /** Breaker state changes and exhausted retry budgets, in time order. */
  readonly patternMarks: readonly PatternMark[];
  readonly patternMarksOmitted: number;
  readonly metrics: readonly MetricSnapshot[];
  readonly timeline: MetricTimeline;
  readonly slos: readonly SloReport[];
  readonly verdict: ObservedVerdict | undefined;
}
