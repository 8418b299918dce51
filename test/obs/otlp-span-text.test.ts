// Spans as OTLP/JSON text, written from a template per span name: a span whose kind,
// attribute keys, key order or value types differ from the template's must still be
// written as the OTLP JSON mapping says, with empty attribute and event lists left out.
import { describe, expect, it } from 'vitest';
import { nodeSpanPieces } from '../../src/obs/otlp-span-text.ts';
import type { AttributeValue, Span, SpanKind } from '../../src/obs/span.ts';

type Json = Record<string, any>;

function span(index: number, attributes: Record<string, AttributeValue>, kind: SpanKind = 'client', fields: Partial<Span> = {}): Span {
  return {
    traceId: '0123456789abcdef0123456789abcdef',
    spanId: index.toString(16).padStart(16, '0'),
    parentSpanId: index % 2 === 0 ? undefined : 'fedcba9876543210',
    name: 'call db',
    kind,
    node: 3,
    startUs: index * 10,
    endUs: index * 10 + 5,
    status: index % 3 === 0 ? 'ok' : 'error',
    statusMessage: index === 4 ? 'timeout: "db" gave up' : undefined,
    attributes,
    events: index === 5 ? [{ timeUs: 52, name: 'retry', attributes: { attempt: 2 } }] : [],
    ...fields,
  };
}

/** The OTLP shape of an attribute value, as JSON.stringify of the mapping gives it. */
function anyValue(value: AttributeValue): Json {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const SPANS = [
  span(0, { 'rpc.id': 1, 'rpc.outcome': 'ok' }),
  span(1, { 'rpc.id': 2, 'rpc.outcome': 'ok' }),
  span(2, { 'rpc.outcome': 'ok', 'rpc.id': 3 }),
  span(3, { 'rpc.id': 'four', 'rpc.outcome': 'ok' }),
  span(4, { 'rpc.id': 5 }),
  span(5, { 'rpc.id': 6, 'rpc.outcome': 'error', 'faultline.open_at_end': true }),
  span(6, { 'rpc.id': 0.5, 'rpc.outcome': 'a "quoted"\nline' }),
  span(7, {}),
  span(8, { 'rpc.id': 9, 'rpc.outcome': 'ok' }, 'server'),
  span(9, { 'rpc.id': 10, 'rpc.outcome': 'ok' }, 'server'),
  span(10, { 'rpc.id': 11, 'rpc.outcome': 'ok' }),
  span(11, { 'rpc.id': 2 ** 60, 'rpc.outcome': 'ok' }),
  // No attributes with events, with a status message, and events with a status message.
  span(12, {}, 'client', { events: [{ timeUs: 121, name: 'retry', attributes: { attempt: 2 } }] }),
  span(13, {}, 'client', { status: 'error', statusMessage: 'error:shed' }),
  span(14, { 'rpc.id': 15 }, 'client', { status: 'error', statusMessage: 'abandoned', events: [{ timeUs: 141, name: 'retry', attributes: { attempt: 2 } }] }),
  // An event with no attributes.
  span(15, { 'rpc.id': 16 }, 'client', { events: [{ timeUs: 151, name: 'delivered again (duplicate)' }] }),
];

describe('otlp span text', () => {
  const pieces: string[] = [];
  nodeSpanPieces(SPANS, (timeUs) => String(timeUs * 1000), pieces);
  const written = JSON.parse(`[${pieces.join('')}]`) as Json[];

  it('writes every span whatever its attributes, kind and status, as the OTLP JSON mapping says', () => {
    expect(written).toHaveLength(SPANS.length);
    SPANS.forEach((expected, index) => {
      const parent = expected.parentSpanId === undefined ? {} : { parentSpanId: expected.parentSpanId };
      const status = expected.statusMessage === undefined ? { code: expected.status === 'ok' ? 1 : 2 } : { code: 2, message: expected.statusMessage };
      const attributesOf = (values: Record<string, AttributeValue> | undefined): Json => (values === undefined || Object.keys(values).length === 0 ? {} : { attributes: Object.entries(values).map(([key, value]) => ({ key, value: anyValue(value) })) });
      expect(written[index]).toEqual({
        traceId: expected.traceId,
        spanId: expected.spanId,
        ...parent,
        name: 'call db',
        kind: expected.kind === 'server' ? 2 : 3,
        startTimeUnixNano: String(expected.startUs * 1000),
        endTimeUnixNano: String(expected.endUs * 1000),
        ...attributesOf(expected.attributes),
        ...(expected.events.length === 0 ? {} : { events: expected.events.map((event) => ({ timeUnixNano: String(event.timeUs * 1000), name: event.name, ...attributesOf(event.attributes) })) }),
        status,
      });
    });
  });

  it('keeps the key order of each span', () => {
    expect((written[2] as Json)['attributes'].map((attribute: Json) => attribute['key'])).toEqual(['rpc.outcome', 'rpc.id']);
  });
});
