// The OTLP/JSON export: three export requests, one per line (traces, metrics, logs), in
// the shapes of the OTLP JSON mapping (hex ids, numeric enums, 64-bit integers as strings).
import { describe, expect, it } from 'vitest';
import { exportOtlp } from '../../src/obs/export-otlp.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc from './tiny-rpc-scenario.ts';

type Json = Record<string, any>;

const { observed } = observeRun(tinyRpc, { seed: 2 });
const lines = exportOtlp(observed).trimEnd().split('\n').map((line) => JSON.parse(line) as Json);
const [traces, metrics, logs] = lines as [Json, Json, Json];
const NANOS = /^\d+$/;

function expectKeyValues(attributes: unknown): void {
  expect(Array.isArray(attributes)).toBe(true);
  for (const attribute of attributes as Json[]) {
    expect(typeof attribute['key']).toBe('string');
    const kinds = Object.keys(attribute['value']);
    expect(kinds).toHaveLength(1);
    expect(['stringValue', 'intValue', 'doubleValue', 'boolValue']).toContain(kinds[0]);
    if (kinds[0] === 'intValue') expect(attribute['value']['intValue']).toMatch(/^-?\d+$/);
  }
}

describe('otlp export', () => {
  it('writes an ExportTraceServiceRequest, an ExportMetricsServiceRequest and an ExportLogsServiceRequest', () => {
    expect(lines).toHaveLength(3);
    expect(Object.keys(traces)).toEqual(['resourceSpans']);
    expect(Object.keys(metrics)).toEqual(['resourceMetrics']);
    expect(Object.keys(logs)).toEqual(['resourceLogs']);
  });

  it('groups spans by node as resources named by service, each span in the OTLP shape', () => {
    const services = traces['resourceSpans'].map((resource: Json) => resource['resource']['attributes'].find((attribute: Json) => attribute['key'] === 'service.name')['value']['stringValue']);
    expect(services).toEqual(['db', 'api', 'client']);
    let count = 0;
    for (const resource of traces['resourceSpans'] as Json[]) {
      expectKeyValues(resource['resource']['attributes']);
      expect(resource['scopeSpans']).toHaveLength(1);
      expect(resource['scopeSpans'][0]['scope']['name']).toBe('faultline');
      for (const span of resource['scopeSpans'][0]['spans'] as Json[]) {
        count++;
        expect(span['traceId']).toMatch(/^[0-9a-f]{32}$/);
        expect(span['spanId']).toMatch(/^[0-9a-f]{16}$/);
        if (span['parentSpanId'] !== undefined) expect(span['parentSpanId']).toMatch(/^[0-9a-f]{16}$/);
        expect([1, 2, 3]).toContain(span['kind']);
        expect(span['startTimeUnixNano']).toMatch(NANOS);
        expect(BigInt(span['endTimeUnixNano'])).toBeGreaterThanOrEqual(BigInt(span['startTimeUnixNano']));
        expect([0, 1, 2]).toContain(span['status']['code']);
        // Empty lists are left out, as the OTLP JSON mapping allows; the node is the resource's, not repeated per span.
        if (span['attributes'] !== undefined) {
          expect(span['attributes'].length).toBeGreaterThan(0);
          expectKeyValues(span['attributes']);
          expect(span['attributes'].map((attribute: Json) => attribute['key'])).not.toContain('faultline.node');
        }
        if (span['events'] !== undefined) expect(span['events'].length).toBeGreaterThan(0);
        for (const event of (span['events'] ?? []) as Json[]) {
          expect(event['timeUnixNano']).toMatch(NANOS);
          if (event['attributes'] !== undefined) {
            expect(event['attributes'].length).toBeGreaterThan(0);
            expectKeyValues(event['attributes']);
          }
        }
      }
    }
    expect(count).toBe(observed.spans.length);
  });

  it('names the node on its resource, writes each span\'s attributes and events, and leaves out only empty lists', () => {
    for (const resource of traces['resourceSpans'] as Json[]) {
      expect(resource['resource']['attributes'].map((attribute: Json) => attribute['key'])).toContain('faultline.node');
    }
    const written = (traces['resourceSpans'] as Json[]).flatMap((resource) => resource['scopeSpans'][0]['spans'] as Json[]);
    const byId = new Map(written.map((span) => [span['spanId'], span]));
    for (const span of observed.spans) {
      const exported = byId.get(span.spanId) as Json;
      expect((exported['attributes'] ?? []).map((attribute: Json) => attribute['key'])).toEqual(Object.keys(span.attributes));
      expect((exported['events'] ?? []).map((event: Json) => event['name'])).toEqual(span.events.map((event) => event.name));
    }
    expect(observed.spans.some((span) => span.events.length > 0)).toBe(true);
  });

  it('keeps parent links inside one trace', () => {
    const all = (traces['resourceSpans'] as Json[]).flatMap((resource) => resource['scopeSpans'][0]['spans'] as Json[]);
    const byId = new Map(all.map((span) => [span['spanId'], span]));
    for (const span of all) {
      if (span['parentSpanId'] === undefined) continue;
      expect(byId.get(span['parentSpanId'])?.['traceId']).toBe(span['traceId']);
    }
  });

  it('writes counters as monotonic cumulative sums, gauges, and histograms with bounds and string counts', () => {
    const list = metrics['resourceMetrics'][0]['scopeMetrics'][0]['metrics'] as Json[];
    const find = (name: string): Json => list.find((metric) => metric['name'] === name) as Json;
    const sent = find('faultline_messages_sent_total');
    expect(sent['sum']['aggregationTemporality']).toBe(2);
    expect(sent['sum']['isMonotonic']).toBe(true);
    for (const point of sent['sum']['dataPoints'] as Json[]) {
      expect(point['asInt']).toMatch(/^\d+$/);
      expect(point['timeUnixNano']).toMatch(NANOS);
      expectKeyValues(point['attributes']);
    }
    expect(find('faultline_node_up')['gauge']['dataPoints'].length).toBe(3);
    const latency = find('faultline_rpc_server_duration_seconds');
    expect(latency['unit']).toBe('s');
    for (const point of latency['histogram']['dataPoints'] as Json[]) {
      expect(point['bucketCounts']).toHaveLength(point['explicitBounds'].length + 1);
      expect(point['bucketCounts'].every((count: unknown) => typeof count === 'string')).toBe(true);
      expect(point['bucketCounts'].reduce((sum: number, count: string) => sum + Number(count), 0)).toBe(Number(point['count']));
    }
    const quantiles = find('faultline_rpc_server_duration_seconds_quantiles')['summary']['dataPoints'][0]['quantileValues'] as Json[];
    expect(quantiles.map((entry) => entry['quantile'])).toEqual([0.5, 0.9, 0.99]);
    expect(find('tiny_db_queries_total')['sum']['dataPoints'][0]['asInt']).toBe('6');
  });

  it('writes logs with severities, and the trace and span they belong to', () => {
    const records = logs['resourceLogs'][0]['scopeLogs'][0]['logRecords'] as Json[];
    expect(records.length).toBe(observed.logs.length);
    const retry = records.find((record) => String(record['body']['stringValue']).startsWith('pattern retry-scheduled')) as Json;
    expect(retry['severityNumber']).toBe(9);
    expect(retry['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(retry['spanId']).toMatch(/^[0-9a-f]{16}$/);
    expect(records.find((record) => String(record['body']['stringValue']).startsWith('partition'))?.['severityText']).toBe('WARN');
  });
});
