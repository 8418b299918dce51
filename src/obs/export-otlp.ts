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
import { MemoTable } from './memo-table.ts';

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
/**
 * Texts kept made (memo-table.ts): attribute keys, span names and status messages up to
 * these counts; a string attribute's values up to MAX_VALUES_PER_KEY per key (a key whose
 * values never repeat, such as `traceparent`, stops being kept there).
 */
const MAX_CACHED_KEYS = 1_000;
const MAX_CACHED_STRINGS = 10_000;
const MAX_VALUES_PER_KEY = 64;

export function exportOtlp(run: ObservedRun, options: OtlpOptions = {}): string {
  const clock = clockFrom(options.epochUnixNano ?? 0n);
  const scope = { name: SCOPE_NAME, version: options.version ?? '0' };
  // One join of every piece at the end: the spans' megabytes are copied once more, not once per level.
  const pieces: string[] = [];
  traceRequestPieces(run, clock, scope, pieces);
  pieces.push('\n', JSON.stringify(metricsRequest(run, clock, scope)), '\n', logsRequestText(run, clock, scope), '\n');
  return pieces.join('');
}

type Clock = (timeUs: Micros) => string;

/** Virtual microseconds as Unix nanoseconds; from epoch 0 (the usual case) by appending digits, with no bigint per timestamp. */
function clockFrom(epochUnixNano: bigint): Clock {
  if (epochUnixNano === 0n) return (timeUs) => (timeUs === 0 ? '0' : `${timeUs}000`);
  return (timeUs) => String(epochUnixNano + BigInt(timeUs) * 1000n);
}
type Scope = { readonly name: string; readonly version: string };

/**
 * The trace request as text, appended to `pieces`: each span written on its own, spans
 * joined a chunk at a time (SPANS_PER_CHUNK) as they are written, so the pieces of a span's
 * text die young; a long run has hundreds of thousands.
 */
function traceRequestPieces(run: ObservedRun, clock: Clock, scope: Scope, pieces: string[]): void {
  const byNode = new Map<number, Span[]>();
  for (const span of run.spans) {
    let list = byNode.get(span.node);
    if (list === undefined) {
      list = [];
      byNode.set(span.node, list);
    }
    list.push(span);
  }
  pieces.push('{"resourceSpans":[');
  let isFirst = true;
  for (const node of run.nodes) {
    const spans = byNode.get(node.id);
    if (spans === undefined) continue;
    pieces.push(`${isFirst ? '' : ','}{"resource":${JSON.stringify({ attributes: nodeResource(run, node.id, node.service) })},"scopeSpans":[{"scope":${JSON.stringify(scope)},"spans":[`);
    isFirst = false;
    spanPieces(spans, clock, pieces);
    pieces.push(']}]}');
  }
  pieces.push(']}');
}

/** Spans joined into one text per SPANS_PER_CHUNK as they are written (see spanPieces). */
const SPANS_PER_CHUNK = 256;

/**
 * Spans as JSON texts separated by commas, appended to `pieces` a chunk at a time. Each
 * chunk is joined as soon as it is written: the join copies each span's text (a tree of the
 * pieces it was concatenated from) once into the chunk, so the pieces die young, and no
 * text needs flattening apart.
 */
function spanPieces(spans: readonly Span[], clock: Clock, pieces: string[]): void {
  let nodeAttribute: string | undefined;
  for (let start = 0; start < spans.length; start += SPANS_PER_CHUNK) {
    const texts: string[] = [];
    const end = Math.min(start + SPANS_PER_CHUNK, spans.length);
    for (let index = start; index < end; index++) {
      const span = spans[index] as Span;
      // One node's spans: the attribute every span starts with is the same for all of them.
      nodeAttribute ??= `"attributes":[{"key":"faultline.node","value":{"intValue":"${span.node}"}}`;
      texts.push(otlpSpanText(span, clock, nodeAttribute));
    }
    pieces.push(start === 0 ? texts.join(',') : `,${texts.join(',')}`);
  }
}

function nodeResource(run: ObservedRun, node: number, service: string): KeyValue[] {
  const sampling: Record<string, AttributeValue> = run.traceSampling.ratio === 1 ? {} : { 'faultline.trace_sample_ratio': run.traceSampling.ratio };
  return attributes({ 'service.name': service, 'service.instance.id': node < 0 ? 'client' : `node-${node}`, 'faultline.node': node, 'faultline.seed': String(run.seed), ...sampling });
}

/**
 * One span as OTLP JSON, written by hand: the export's hot loop (ids are hex, so they need
 * no escaping). `nodeAttribute`: `"attributes":[` and the span's `faultline.node`
 * attribute, the same for every span of its node.
 */
function otlpSpanText(span: Span, clock: Clock, nodeAttribute: string): string {
  const parent = span.parentSpanId === undefined ? '' : `,"parentSpanId":"${span.parentSpanId}"`;
  // Most spans have no events.
  const events = span.events.length === 0 ? '' : span.events.map((event) => `{"timeUnixNano":"${clock(event.timeUs)}","name":${jsonString(event.name)},"attributes":${attributesText(event.attributes ?? {})}}`).join(',');
  const status = span.statusMessage === undefined ? STATUS_TEXT[span.status] : `{"code":${statusCodeNumber(span.status)},"message":${STATUS_MESSAGE_JSON.get(span.statusMessage)}}`;
  return (
    `{"traceId":"${span.traceId}","spanId":"${span.spanId}"${parent}${nameAndKindText(span)}` +
    `"startTimeUnixNano":"${clock(span.startUs)}","endTimeUnixNano":"${clock(span.endUs)}",` +
    `${nodeAttribute}${attributesAfterFirst(span.attributes)}],"events":[${events}],"status":${status}}`
  );
}

/** A status with no message, as text. */
const STATUS_TEXT: Readonly<Record<SpanStatus, string>> = { unset: `{"code":${statusCodeNumber('unset')}}`, ok: `{"code":${statusCodeNumber('ok')}}`, error: `{"code":${statusCodeNumber('error')}}` };

/** `,"name":"call api","kind":3,` by kind and name: a run has a few names and hundreds of thousands of spans. */
const NAME_AND_KIND_TEXT: Readonly<Record<SpanKind, MemoTable<string, string>>> = { client: nameAndKindTexts('client'), server: nameAndKindTexts('server'), internal: nameAndKindTexts('internal') };

function nameAndKindTexts(kind: SpanKind): MemoTable<string, string> {
  return new MemoTable((name: string) => `,"name":${jsonString(name)},"kind":${spanKindNumber(kind)},`, MAX_CACHED_STRINGS);
}

function nameAndKindText(span: Span): string {
  return NAME_AND_KIND_TEXT[span.kind].get(span.name);
}

function attributesText(values: Readonly<Record<string, AttributeValue>>): string {
  let text = '';
  for (const key in values) text += (text === '' ? '' : ',') + keyValueText(key, values[key] as AttributeValue);
  return `[${text}]`;
}

/** Attribute keys repeat on every span: their JSON is made once. */
const KEY_JSON = new MemoTable((key: string) => JSON.stringify(key), MAX_CACHED_KEYS);

function keyJson(key: string): string {
  return KEY_JSON.get(key);
}

/** Status messages repeat on many spans (`abandoned: the call ended`): their JSON is made once. */
const STATUS_MESSAGE_JSON = new MemoTable(jsonString, MAX_CACHED_STRINGS);

/**
 * Attributes with a string value, by key and value: most repeat on every span of a kind
 * (`peer.service`, `rpc.outcome`), so their text is made once; a key whose values do not
 * repeat (`traceparent`) stops being cached at MAX_VALUES_PER_KEY.
 */
const STRING_ATTRIBUTE_TEXT = new MemoTable((key: string) => new MemoTable((value: string) => uncachedKeyValueText(key, value), MAX_VALUES_PER_KEY), MAX_CACHED_KEYS);

/** One attribute as OTLP KeyValue JSON text. */
function keyValueText(key: string, value: AttributeValue): string {
  return typeof value === 'string' ? STRING_ATTRIBUTE_TEXT.get(key).get(value) : uncachedKeyValueText(key, value);
}

function uncachedKeyValueText(key: string, value: AttributeValue): string {
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

/**
 * The logs request as text, each record written by hand as JSON.stringify writes the
 * request's objects (keyValueText writes an attribute as `attributes` shapes it): a run
 * keeps up to tens of thousands of records.
 */
function logsRequestText(run: ObservedRun, clock: Clock, scope: Scope): string {
  const services = new Map(run.nodes.map((node) => [node.id, node.service]));
  const records: string[] = [];
  for (const record of run.logs) {
    const time = clock(record.timeUs);
    const attributeText = `${keyValueText('faultline.node', record.node)},${keyValueText('service.name', serviceOf(services, record.node))},${keyValueText('faultline.event_index', record.eventIndex)}`;
    const trace = record.traceId === undefined ? '' : `,"traceId":${jsonString(record.traceId)}`;
    const span = record.spanId === undefined ? '' : `,"spanId":${jsonString(record.spanId)}`;
    records.push(
      `{"timeUnixNano":"${time}","observedTimeUnixNano":"${time}","severityNumber":${severityNumber(record.level)},"severityText":${JSON.stringify(record.level.toUpperCase())},` +
        `"body":{"stringValue":${jsonString(record.text)}},"attributes":[${attributeText}]${trace}${span}}`,
    );
  }
  const resource = JSON.stringify({ attributes: attributes({ 'service.name': 'faultline', 'faultline.seed': String(run.seed) }) });
  return `{"resourceLogs":[{"resource":${resource},"scopeLogs":[{"scope":${JSON.stringify(scope)},"logRecords":[${records.join(',')}]}]}]}`;
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
