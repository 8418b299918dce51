// OpenTelemetry OTLP/JSON: spans, metrics and logs as the three export requests a
// collector accepts (ExportTraceServiceRequest, ExportMetricsServiceRequest,
// ExportLogsServiceRequest), one per line, the layout of the collector's otlpjsonfile
// receiver. Rule: the shapes follow the OTLP JSON mapping: ids in hex, enums as numbers,
// 64-bit integers as decimal strings, times in nanoseconds since the Unix epoch (virtual
// time 0 is the epoch unless the caller gives another), one resource per node.
import { assertNever } from '../engine/assert-never.ts';
import type { LogLevel } from './log-ring.ts';
import type { MetricSeriesSnapshot, MetricSnapshot, ObservedRun } from './observed-run.ts';
import type { AttributeValue, Span } from './span.ts';
import { jsonString } from './json-string.ts';
import { keyValueText } from './otlp-key-value-text.ts';
import { nodeSpanPieces, type Clock } from './otlp-span-text.ts';

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
  // One join of every piece at the end: the spans' megabytes are copied once more, not once per level.
  const pieces: string[] = [];
  traceRequestPieces(run, clock, scope, pieces);
  pieces.push('\n', JSON.stringify(metricsRequest(run, clock, scope)), '\n', logsRequestText(run, clock, scope), '\n');
  return pieces.join('');
}

/** Virtual microseconds as Unix nanoseconds; from epoch 0 (the usual case) by appending digits, with no bigint per timestamp. */
function clockFrom(epochUnixNano: bigint): Clock {
  if (epochUnixNano === 0n) return (timeUs) => (timeUs === 0 ? '0' : `${timeUs}000`);
  return (timeUs) => String(epochUnixNano + BigInt(timeUs) * 1000n);
}
type Scope = { readonly name: string; readonly version: string };

/**
 * The trace request as text, appended to `pieces`: a resource per node, its spans written
 * by otlp-span-text.ts a chunk at a time (a long run has hundreds of thousands).
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
    nodeSpanPieces(spans, clock, pieces);
    pieces.push(']}]}');
  }
  pieces.push(']}');
}

function nodeResource(run: ObservedRun, node: number, service: string): KeyValue[] {
  const sampling: Record<string, AttributeValue> = run.traceSampling.ratio === 1 ? {} : { 'faultline.trace_sample_ratio': run.traceSampling.ratio };
  return attributes({ 'service.name': service, 'service.instance.id': node < 0 ? 'client' : `node-${node}`, 'faultline.node': node, 'faultline.seed': String(run.seed), ...sampling });
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
    // Ids are hex: they need no escaping.
    const trace = record.traceId === undefined ? '' : `,"traceId":"${record.traceId}"`;
    const span = record.spanId === undefined ? '' : `,"spanId":"${record.spanId}"`;
    records.push(
      `{"timeUnixNano":"${time}","observedTimeUnixNano":"${time}",${SEVERITY_TEXT[record.level]},` +
        `"body":{"stringValue":${jsonString(record.text)}},"attributes":[${attributeText}]${trace}${span}}`,
    );
  }
  const resource = JSON.stringify({ attributes: attributes({ 'service.name': 'faultline', 'faultline.seed': String(run.seed) }) });
  return `{"resourceLogs":[{"resource":${resource},"scopeLogs":[{"scope":${JSON.stringify(scope)},"logRecords":[${records.join(',')}]}]}]}`;
}

function serviceOf(services: ReadonlyMap<number, string>, node: number): string {
  return services.get(node) ?? (node < 0 ? 'faultline' : `node-${node}`);
}

/** A record's severity fields, by level (SeverityNumber: DEBUG 5, INFO 9, WARN 13, ERROR 17): four texts, made once. */
const SEVERITY_TEXT: Readonly<Record<LogLevel, string>> = {
  debug: '"severityNumber":5,"severityText":"DEBUG"',
  info: '"severityNumber":9,"severityText":"INFO"',
  warn: '"severityNumber":13,"severityText":"WARN"',
  error: '"severityNumber":17,"severityText":"ERROR"',
};

function attributes(values: Readonly<Record<string, AttributeValue>>): KeyValue[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) }));
}

function anyValue(value: AttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}
