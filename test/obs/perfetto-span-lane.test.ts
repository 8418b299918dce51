// A lane of spans: each span one complete event (X: start and duration), in the order the
// spans were placed, written as JSON.stringify would write it (ids, status and an escaped
// status message in its args), a chunk of 256 events joined at a time.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/obs/span.ts';
import { SpanLane, spanHeadsOf } from '../../src/obs/perfetto-span-lane.ts';

function span(fields: Partial<Span>): Span {
  return { traceId: 'aa', spanId: '01', parentSpanId: undefined, name: 'call db', kind: 'client', node: 0, startUs: 0, endUs: 5, status: 'unset', statusMessage: undefined, attributes: {}, events: [], ...fields };
}

describe('perfetto span lane', () => {
  it('writes each span as one X event with its duration, in the order placed, as JSON.stringify would', () => {
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
      { name: 'call db', cat: 'span.client', ph: 'X', dur: 5, ...where, ts: 0, args: { traceId: 'aa', spanId: '01', status: 'ok' } },
      { name: 'serve "db"', cat: 'span.server', ph: 'X', dur: 4, ...where, ts: 5, args: { traceId: 'aa', spanId: '02', parentSpanId: '01', status: 'error', statusMessage: 'timeout\nafter "5 ms"' } },
      { name: 'call db', cat: 'span.client', ph: 'X', dur: 0, ...where, ts: 12, args: { traceId: 'aa', spanId: '03', status: 'unset' } },
    ];
    expect(pieces).toEqual([expected.map((event) => JSON.stringify(event)).join(',\n')]);
  });

  it('joins its events a chunk at a time', () => {
    const lane = new SpanLane(2, 2);
    const heads = spanHeadsOf('client');
    for (let index = 0; index < 300; index++) lane.add(span({ startUs: index * 10, endUs: index * 10 + 5 }), heads.get('call db'));
    const pieces: string[] = [];
    lane.writeSorted(pieces);
    expect(pieces.map((piece) => piece.split(',\n').length)).toEqual([256, 44]);
    expect(pieces.join(',\n').split(',\n').map((line) => (JSON.parse(line) as { ts: number }).ts)).toEqual(Array.from({ length: 300 }, (_, index) => index * 10));
  });
});
