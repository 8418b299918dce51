// A lane of spans: each span a B event at its start and its E right after, in the order
// the spans were placed, written as JSON.stringify would write them (ids, status and an
// escaped status message in the B event's args), a chunk of 256 events joined at a time.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/obs/span.ts';
import { SpanLane, spanHeadsOf } from '../../src/obs/perfetto-span-lane.ts';

function span(fields: Partial<Span>): Span {
  return { traceId: 'aa', spanId: '01', parentSpanId: undefined, name: 'call db', kind: 'client', node: 0, startUs: 0, endUs: 5, status: 'unset', statusMessage: undefined, attributes: {}, events: [], ...fields };
}

describe('perfetto span lane', () => {
  it('writes each span as its B and then its E, in the order placed, as JSON.stringify would', () => {
    const lane = new SpanLane(3, 2);
    const clientHeads = spanHeadsOf('client');
    const serverHeads = spanHeadsOf('server');
    const spans = [
      span({ startUs: 0, endUs: 5, status: 'ok' }),
      span({ spanId: '02', parentSpanId: '01', name: 'serve "db"', kind: 'server', startUs: 5, endUs: 9, status: 'error', statusMessage: 'timeout\nafter "5 ms"' }),
      span({ spanId: '03', startUs: 12, endUs: 12 }),
    ];
    for (const item of spans) lane.add(item, (item.kind === 'server' ? serverHeads : clientHeads).get(item.name));
    const pieces: string[] = [];
    lane.writeSorted(pieces);
    const where = { pid: 3, tid: 2 };
    const expected = [
      { name: 'call db', cat: 'span.client', ph: 'B', ...where, ts: 0, args: { traceId: 'aa', spanId: '01', status: 'ok' } },
      { name: 'call db', cat: 'span.client', ph: 'E', ...where, ts: 5 },
      { name: 'serve "db"', cat: 'span.server', ph: 'B', ...where, ts: 5, args: { traceId: 'aa', spanId: '02', parentSpanId: '01', status: 'error', statusMessage: 'timeout\nafter "5 ms"' } },
      { name: 'serve "db"', cat: 'span.server', ph: 'E', ...where, ts: 9 },
      { name: 'call db', cat: 'span.client', ph: 'B', ...where, ts: 12, args: { traceId: 'aa', spanId: '03', status: 'unset' } },
      { name: 'call db', cat: 'span.client', ph: 'E', ...where, ts: 12 },
    ];
    expect(pieces).toEqual([expected.map((event) => JSON.stringify(event)).join(',\n')]);
  });

  it('joins its events a chunk at a time, never splitting a span from its E', () => {
    const lane = new SpanLane(2, 2);
    const heads = spanHeadsOf('client');
    for (let index = 0; index < 300; index++) lane.add(span({ startUs: index * 10, endUs: index * 10 + 5 }), heads.get('call db'));
    const pieces: string[] = [];
    lane.writeSorted(pieces);
    expect(pieces.map((piece) => piece.split(',\n').length)).toEqual([256, 256, 88]);
    for (const piece of pieces) expect(piece.split(',\n')[0]).toContain('"ph":"B"');
  });
});
