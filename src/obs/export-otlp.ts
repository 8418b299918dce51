// OpenTelemetry OTLP/JSON: spans, metrics and logs as the three export requests a
// collector accepts (ExportTraceServiceRequest, ExportMetricsServiceRequest,
// ExportLogsServiceRequest), one per line, the layout of the collector's otlpjsonfile
// receiver. Rule: the shapes follow the OTLP JSON mapping: ids in hex, enums as numbers,
// 64-bit integers as decimal strings, times in nanoseconds since the Unix epoch (virtual
// time 0 is the epoch unless the caller gives another), one resource per node.
import { assertNever } from '../engine/assert-never.ts';
import type { Micros } from '../engine/time.ts';
import type { LogLevel } from './log-ring.ts';
import type { MetricSeriesSnapshot, MetricSnapshot, ObservedRun } from './observed-run.ts';
import type { AttributeValue, Span, SpanKind, SpanStatus } from './span.ts';
import { jsonString } from './json-string.ts';

export interface OtlpOptions {
  /** Unix time in nanoseconds that virtual time 0 maps to (default 0). */
  readonly epochUnixNano?: bigint;
  /** The instrumentation scope's version. */
  readonly version?: string;
}

type AnyValue = { readonly stringValue: string } | { readonly intValue: string } | { readonly doubleValue: number } | { readonly boolValue: boolean };
interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

const SCOPE_NAME = 'faultline';

export function exportOtlp(run: ObservedRun, options: OtlpOptions = {}): string {
  const clock = clockFrom(options.epochUnixNano ?? 0n);
  const scope = { name: SCOPE_NAME, version: options.version ?? '0' };
  return [traceRequestText(run, clock, scope), JSON.stringify(metricsRequest(run, clock, scope)), JSON.stringify(logsRequest(run, clock, scope))].join('\n') + '\n';
}

type Clock = (timeUs: Micros) => string;

/** Virtual microseconds as Unix nanoseconds; from epoch 0 (the usual case) by appending digits, with no bigint per timestamp. */
function clockFrom(epochUnixNano: bigint): Clock {
  if (epochUnixNano === 0n) return (timeUs) => (timeUs === 0 ? '0' : `${timeUs}000`);
  return (timeUs) => String(epochUnixNano + BigInt(timeUs) * 1000n);
}
type Scope = { readonly name: string; readonly version: string };

/** The trace request as text, each span written on its own (and joined in chunks: spansText): a long run has hundreds of thousands. */
function traceRequestText(run: ObservedRun, clock: Clock, scope: Scope): string {
  const byNode = new Map<number, Span[]>();
  for (const span of run.spans) {
    let list = byNode.get(span.node);
    if (list === undefined) {
      list = [];
      byNode.set(span.node, list);
    }
    list.push(span);
  }
  const resourceSpans: string[] = [];
  for (const node of run.nodes) {
    const spans = byNode.get(node.id);
    if (spans === undefined) continue;
    resourceSpans.push(`{"resource":${JSON.stringify({ attributes: nodeResource(run, node.id, node.service) })},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[${spansText(spans, clock)}]}]}`);
  }
  return `{"resourceSpans":[${resourceSpans.join(',')}]}`;
}

/** Spans joined into one text per SPANS_PER_CHUNK as they are written (see spansText). */
const SPANS_PER_CHUNK = 256;

/**
 * Spans as JSON texts separated by commas. Each chunk of spans is joined as soon as it is
 * written: the join copies each span's text (a tree of the pieces it was concatenated
 * from) once into the chunk, so the pieces die young, and no text needs flattening apart.
 */
function spansText(spans: readonly Span[], clock: Clock): string {
  const chunks: string[] = [];
  for (let start = 0; start < spans.length; start += SPANS_PER_CHUNK) {
    const texts: string[] = [];
    for (const span of spans.slice(start, start + SPANS_PER_CHUNK)) texts.push(otlpSpanText(span, clock));
    chunks.push(texts.join(','));
  }
  return chunks.join(',');
}

function nodeResource(run: ObservedRun, node: number, service: string): KeyValue[] {
  const sampling: Record<string, AttributeValue> = run.traceSampling.ratio === 1 ? {} : { 'faultline.trace_sample_ratio': run.traceSampling.ratio };
  return attributes({ 'service.name': service, 'service.instance.id': node < 0 ? 'client' : `node-${node}`, 'faultline.node': node, 'faultline.seed': String(run.seed), ...sampling });
}

/** One span as OTLP JSON, written by hand: the export's hot loop (ids are hex, so they need no escaping). */
function otlpSpanText(span: Span, clock: Clock): string {
  const parent = span.parentSpanId === undefined ? '' : `,"parentSpanId":"${span.parentSpanId}"`;
  const events = span.events.map((event) => `{"timeUnixNano":"${clock(event.timeUs)}","name":${jsonString(event.name)},"attributes":${attributesText(event.attributes ?? {})}}`).join(',');
  const status = `{"code":${statusCodeNumber(span.status)}${span.statusMessage === undefined ? '' : `,"message":${jsonString(span.statusMessage)}`}}`;
  return (
    `{"traceId":"${span.traceId}","spanId":"${span.spanId}"${parent},"name":${jsonString(span.name)},"kind":${spanKindNumber(span.kind)},` +
    `"startTimeUnixNano":"${clock(span.startUs)}","endTimeUnixNano":"${clock(span.endUs)}",` +
    `"attributes":[{"key":"faultline.node","value":{"intValue":"${span.node}"}}${attributesAfterFirst(span.attributes)}],"events":[${events}],"status":${status}}`
  );
}

function attributesText(values: Readonly<Record<string, AttributeValue>>): string {
  let text = '';
  for (const key in values) text += (text === '' ? '' : ',') + keyValueText(key, values[key] as AttributeValue);
  return `[${text}]`;
}

/** Attribute keys repeat on every span: their JSON is made once. */
const KEY_JSON = new Map<string, string>();
const MAX_CACHED_KEYS = 1_000;

function keyJson(key: string): string {
  let json = KEY_JSON.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (KEY_JSON.size < MAX_CACHED_KEYS) KEY_JSON.set(key, json);
  }
  return json;
}

/** One attribute as OTLP KeyValue JSON text. */
function keyValueText(key: string, value: AttributeValue): string {
  return `{"key":${keyJson(key)},"value":${anyValueText(value)}}`;
}

/** anyValue as JSON text, written by hand. */
function anyValueText(value: AttributeValue): string {
  if (typeof value === 'string') return `{"stringValue":${jsonString(value)}}`;
  if (typeof value === 'boolean') return `{"boolValue":${value}}`;
  return Number.isSafeInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${JSON.stringify(value)}}`;
}

/** The span's own attributes, each after a comma ('faultline.node' comes first and is never among them). */
function attributesAfterFirst(values: Readonly<Record<string, AttributeValue>>): string {
  let text = '';
  for (const key in values) if (key !== 'faultline.node') text += ',' + keyValueText(key, values[key] as AttributeValue);
  return text;
}

/** SPAN_KIND_INTERNAL 1, SERVER 2, CLIENT 3. */
function spanKindNumber(kind: SpanKind): number {
  switch (kind) {
    case 'internal':
      return 1;
    case 'server':
      return 2;
    case 'client':
      return 3;
    default:
      return assertNever(kind);
  }
}

/** STATUS_CODE_UNSET 0, OK 1, ERROR 2. */
function statusCodeNumber(status: SpanStatus): number {
  switch (status) {
    case 'unset':
      return 0;
    case 'ok':
      return 1;
    case 'error':
      return 2;
    default:
      return assertNever(status);
  }
}

function metricsRequest(run: ObservedRun, clock: Clock, scope: Scope): unknown {
  const start = clock(run.startUs);
  const end = clock(run.endUs);
  const metrics = run.metrics.flatMap((family) => otlpMetrics(family, start, end));
  return {
    resourceMetrics: [{ resource: { attributes: attributes({ 'service.name': 'faultline', 'faultline.seed': String(run.seed) }) }, scopeMetrics: [{ scope, metrics }] }],
  };
}

function otlpMetrics(family: MetricSnapshot, start: string, end: string): unknown[] {
  const scale = family.unit === 'duration' ? 1e-6 : 1;
  const unit = family.unit === 'duration' ? 's' : '1';
  const base = { name: family.name, description: family.help, unit };
  const point = (series: MetricSeriesSnapshot): Record<string, unknown> => ({ attributes: attributes(series.labels), startTimeUnixNano: start, timeUnixNano: end });
  switch (family.type) {
    case 'counter':
      return [{ ...base, sum: { dataPoints: family.series.map((series) => ({ ...point(series), ...numberValue((series.value ?? 0) * scale) })), aggregationTemporality: 2, isMonotonic: true } }];
    case 'gauge':
      return [{ ...base, gauge: { dataPoints: family.series.map((series) => ({ ...point(series), ...numberValue((series.value ?? 0) * scale) })) } }];
    case 'histogram': {
      const histogramPoints = family.series.map((series) => {
        const histogram = series.histogram;
        if (histogram === undefined) return point(series);
        return {
          ...point(series),
          count: String(histogram.count),
          sum: histogram.sum * scale,
          bucketCounts: histogram.bucketCounts.map(String),
          explicitBounds: histogram.bounds.map((bound) => bound * scale),
          ...(histogram.min === undefined ? {} : { min: histogram.min * scale, max: (histogram.max ?? 0) * scale }),
        };
      });
      const summaryPoints = family.series.map((series) => ({
        ...point(series),
        count: String(series.histogram?.count ?? 0),
        sum: (series.histogram?.sum ?? 0) * scale,
        quantileValues: (series.quantiles ?? []).map((entry) => ({ quantile: entry.quantile, value: entry.value * scale })),
      }));
      return [
        { ...base, histogram: { dataPoints: histogramPoints, aggregationTemporality: 2 } },
        { name: `${family.name}_quantiles`, description: `${family.help} (quantiles from an HDR sketch)`, unit, summary: { dataPoints: summaryPoints } },
      ];
    }
    default:
      return assertNever(family.type);
  }
}

function numberValue(value: number): { readonly asInt: string } | { readonly asDouble: number } {
  return Number.isSafeInteger(value) ? { asInt: String(value) } : { asDouble: value };
}

function logsRequest(run: ObservedRun, clock: Clock, scope: Scope): unknown {
  const services = new Map(run.nodes.map((node) => [node.id, node.service]));
  const logRecords = run.logs.map((record) => ({
    timeUnixNano: clock(record.timeUs),
    observedTimeUnixNano: clock(record.timeUs),
    severityNumber: severityNumber(record.level),
    severityText: record.level.toUpperCase(),
    body: { stringValue: record.text },
    attributes: attributes({ 'faultline.node': record.node, 'service.name': serviceOf(services, record.node), 'faultline.event_index': record.eventIndex }),
    ...(record.traceId === undefined ? {} : { traceId: record.traceId }),
    ...(record.spanId === undefined ? {} : { spanId: record.spanId }),
  }));
  return { resourceLogs: [{ resource: { attributes: attributes({ 'service.name': 'faultline', 'faultline.seed': String(run.seed) }) }, scopeLogs: [{ scope, logRecords }] }] };
}

function serviceOf(services: ReadonlyMap<number, string>, node: number): string {
  return services.get(node) ?? (node < 0 ? 'faultline' : `node-${node}`);
}

/** SeverityNumber: DEBUG 5, INFO 9, WARN 13, ERROR 17. */
function severityNumber(level: LogLevel): number {
  switch (level) {
    case 'debug':
      return 5;
    case 'info':
      return 9;
    case 'warn':
      return 13;
    case 'error':
      return 17;
    default:
      return assertNever(level);
  }
}

function attributes(values: Readonly<Record<string, AttributeValue>>): KeyValue[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(value: AttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}
