// The observer that collects a run's logs, metrics, spans, messages and fault periods
// from its trace, for the exporters. Rule: subscribe it only when something will be
// exported: it builds event objects and keeps data, while an unobserved trace pays
// nothing. It only reads events, so an observed run is the same run (same trace hash).
import type { Seed } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { TraceEvent, TraceObserver } from '../engine/trace.ts';
import { FaultTracker } from './fault-periods.ts';
import { Histogram } from './histogram.ts';
import { DEFAULT_LOG_CAPACITY, levelOfLine, LogRing, type LogLevel } from './log-ring.ts';
import { MetricSampler } from './metric-timeline.ts';
import { PatternMarks } from './pattern-marks.ts';
import type { MetricFamily } from './metrics-registry.ts';
import type { Observability } from './observability.ts';
import type { MetricSnapshot, ObservedMessage, ObservedNode, ObservedRun, ObservedVerdict } from './observed-run.ts';
import { addDelivery, completeMessage, newMessageRecord, type MessageRecord } from './message-record.ts';
import { describeBodyParts, parsePatternLine, type PatternLine } from './rpc-envelope.ts';
import { RunMetrics } from './run-metrics.ts';
import { evaluateSlo } from './slo.ts';
import { DEFAULT_MAX_SPANS, SpanBuilder } from './span-builder.ts';
import { TraceIdSource } from './trace-ids.ts';
import { TraceSampler } from './trace-sampling.ts';

export const DEFAULT_MAX_MESSAGES = 200_000;
/** Quantiles given for every histogram in the final metrics. */
export const SNAPSHOT_QUANTILES = [0.5, 0.9, 0.99] as const;
/** Samples a timeline aims for when the interval is derived from the run's length. */
export const TARGET_SAMPLES = 400;

export interface CollectorOptions {
  readonly seed: Seed;
  /** Shown as the title of reports (`retry-storm seed 7`). */
  readonly title?: string;
  /** Metric sampling interval in virtual time (default: the run's length / 400, at least 1 ms). */
  readonly sampleIntervalUs?: Micros;
  /** The run's planned length, to derive the sampling interval. */
  readonly untilUs?: Micros;
  readonly maxMessages?: number;
  readonly maxSpans?: number;
  readonly logCapacity?: number;
  /** Head-based sampling: the share of traces the span exports keep (default 1: all). */
  readonly traceSampleRatio?: number;
}

/** Pattern events worth a warning in the logs. */
const WARNING_PATTERNS = new Set(['breaker-opened', 'retry-exhausted', 'retry-budget-exhausted', 'request-shed', 'bulkhead-rejected', 'rate-limited', 'timeout-fired']);

export function defaultSampleInterval(untilUs: Micros | undefined): Micros {
  if (untilUs === undefined) return 100_000;
  return Math.max(1_000, Math.ceil(untilUs / TARGET_SAMPLES / 1_000) * 1_000);
}

export class RunCollector {
  private readonly metrics: RunMetrics;
  private readonly spans: SpanBuilder;
  private readonly traceSampler: TraceSampler;
  private readonly sampler: MetricSampler;
  private readonly faults = new FaultTracker();
  private readonly patternMarks = new PatternMarks();
  private readonly logs: LogRing;
  private readonly messages: MessageRecord[] = [];
  private readonly nodeIds = new Set<number>();
  private readonly maxMessages: number;
  private messagesKept = 0;
  private messagesOmitted = 0;
  private lastTimeUs: Micros = 0;

  constructor(
    private readonly observability: Observability,
    private readonly options: CollectorOptions,
  ) {
    const serviceOf = (node: number): string => observability.serviceOf(node);
    this.metrics = new RunMetrics(observability.metrics, serviceOf);
    this.traceSampler = new TraceSampler(options.traceSampleRatio ?? 1);
    this.spans = new SpanBuilder(new TraceIdSource(options.seed), this.metrics, serviceOf, options.maxSpans ?? DEFAULT_MAX_SPANS, this.traceSampler);
    this.sampler = new MetricSampler(observability.metrics, options.sampleIntervalUs ?? defaultSampleInterval(options.untilUs), 0, options.untilUs);
    this.logs = new LogRing(options.logCapacity ?? DEFAULT_LOG_CAPACITY);
    this.maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
    if (!Number.isSafeInteger(this.maxMessages) || this.maxMessages < 0) throw new RangeError(`invalid maxMessages ${String(this.maxMessages)}: expected an integer of at least 0`);
  }

  readonly observer: TraceObserver = (event) => this.observe(event);

  observe(event: TraceEvent): void {
    this.sampler.advanceTo(event.timeUs);
    this.lastTimeUs = event.timeUs;
    const pattern = event.kind === 'log' && typeof event.detail === 'string' ? parsePatternLine(event.detail) : undefined;
    this.spans.observe(event, pattern);
    switch (event.kind) {
      case 'send':
      case 'inject':
        this.onSend(event);
        break;
      case 'deliver':
        this.onDeliver(event);
        this.metrics.messageDelivered(event.to as number);
        break;
      case 'drop':
        this.onDrop(event);
        break;
      case 'log':
        this.onLog(event, pattern);
        break;
      case 'start':
      case 'restart':
      case 'resume':
        this.nodeIds.add(event.node as number);
        this.metrics.nodeStarted(event.node as number);
        if (event.kind === 'restart') this.log(event, 'info', `node ${event.node} restarted`);
        break;
      case 'crash':
      case 'pause':
        this.metrics.nodeStopped(event.node as number, event.kind === 'crash' ? 'lost-requests' : 'kept-requests');
        this.log(event, event.kind === 'crash' ? 'error' : 'warn', `node ${event.node} ${event.kind === 'crash' ? 'crashed' : 'paused'}`);
        this.metrics.fault(event.kind);
        break;
      case 'partition':
      case 'heal':
      case 'fault':
        this.log(event, event.kind === 'heal' ? 'info' : 'warn', `${event.kind}: ${String(event.detail)}`);
        if (event.kind !== 'heal') this.metrics.fault(event.kind === 'partition' ? 'partition' : String(event.detail).split(' ')[0] ?? 'fault');
        break;
      case 'duplicate':
      case 'timer':
        break;
      default:
        break;
    }
    this.faults.observe(event);
  }

  /** Ends collection at `endUs` (the run's virtual end) and returns the data for exporters. */
  finish(endUs: Micros = this.lastTimeUs, verdict?: ObservedVerdict): ObservedRun {
    const messages: ObservedMessage[] = [];
    for (const record of this.messages) if (record !== undefined) messages.push(completeMessage(record, this.spans.traceIdOfMessage(record.id)));
    const { spans, calls } = this.spans.finish(endUs, messages);
    const timeline = this.sampler.finish(endUs);
    const { periods, marks } = this.faults.finish(endUs, this.observability.periods);
    return {
      title: this.options.title ?? `seed ${this.options.seed}`,
      seed: this.options.seed,
      startUs: 0,
      endUs,
      nodes: this.nodes(),
      messages,
      messagesOmitted: this.messagesOmitted,
      spans,
      requestsOmitted: this.spans.omittedRequests,
      traceSampling: this.traceSampler.summary(),
      logs: this.logs.toArray(),
      logsDiscarded: this.logs.discarded,
      faultPeriods: periods,
      faultMarks: marks,
      patternMarks: this.patternMarks.marks,
      patternMarksOmitted: this.patternMarks.omitted,
      metrics: this.observability.metrics.families().map(snapshotFamily),
      timeline,
      slos: this.observability.slos.map((slo) => evaluateSlo(slo, calls, timeline.timesUs, endUs)),
      verdict,
    };
  }

  private nodes(): ObservedNode[] {
    // Integers compare exactly, so the numeric sort has no ties to order.
    return [...this.nodeIds].sort((first, second) => first - second).map((id) => ({ id, service: this.observability.serviceOf(id) }));
  }

  private onSend(event: TraceEvent): void {
    const from = event.from as number;
    const to = event.to as number;
    this.nodeIds.add(from);
    this.nodeIds.add(to);
    if (event.kind === 'send') this.metrics.messageSent(from);
    const id = event.messageId as number;
    if (this.messagesKept >= this.maxMessages) {
      this.messagesOmitted++;
      return;
    }
    this.messagesKept++;
    const label = describeBodyParts(event.detail);
    const message = newMessageRecord(id, from, to, label.head, label.rpcId, event.timeUs, event.index);
    this.messages[id] = message;
    // An injected message is handed over at once: it never crosses the network.
    if (event.kind === 'inject') addDelivery(message, event.timeUs, event.index);
  }

  private onDeliver(event: TraceEvent): void {
    const message = this.messages[event.messageId as number];
    if (message !== undefined) addDelivery(message, event.timeUs, event.index);
  }

  private onDrop(event: TraceEvent): void {
    const message = this.messages[event.messageId as number];
    const reason = event.reason ?? 'loss';
    if (message !== undefined && message.drop === undefined) message.drop = { timeUs: event.timeUs, eventIndex: event.index, reason };
    this.metrics.messageDropped(event.from as number, reason);
  }

  private onLog(event: TraceEvent, pattern: PatternLine | undefined): void {
    const text = typeof event.detail === 'string' ? event.detail : String(event.detail);
    if (pattern !== undefined) {
      this.patternMarks.observe(event.timeUs, event.index, event.node ?? -1, pattern);
      this.log(event, WARNING_PATTERNS.has(pattern.kind) ? 'warn' : 'info', text);
      return;
    }
    const { level, text: rest } = levelOfLine(text);
    this.log(event, level, rest);
  }

  private log(event: TraceEvent, level: LogLevel, text: string): void {
    const node = event.node ?? -1;
    const span = node >= 0 ? this.spans.currentSpanOf(node) : undefined;
    this.logs.add({
      timeUs: event.timeUs,
      node,
      level,
      text,
      eventIndex: event.index,
      ...(span === undefined ? {} : { traceId: span.traceId, spanId: span.spanId }),
    });
  }
}

function snapshotFamily(family: MetricFamily): MetricSnapshot {
  return {
    name: family.name,
    help: family.help,
    type: family.type,
    unit: family.unit,
    labelNames: family.labelNames,
    series: family.series().map((series) => {
      const metric = series.metric;
      if (!(metric instanceof Histogram)) return { labels: series.labels, value: metric.value };
      const quantiles = metric.count === 0 ? [] : SNAPSHOT_QUANTILES.map((quantile) => ({ quantile, value: metric.quantile(quantile) as number }));
      return { labels: series.labels, histogram: metric.snapshot(), quantiles };
    }),
  };
}
