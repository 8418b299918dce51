// With a `traceparent` header in the request envelopes (the runtime propagating its
// trace), a call made after a timer joins the right request even when its node is
// handling several; without one, the builder cannot know and starts a new trace.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { MetricsRegistry } from '../../src/obs/metrics-registry.ts';
import { RunMetrics } from '../../src/obs/run-metrics.ts';
import { SpanBuilder } from '../../src/obs/span-builder.ts';
import { TraceIdSource } from '../../src/obs/trace-ids.ts';

const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';
const header = (traceId: string): string => `00-${traceId}-00f067aa0ba902b7-01`;

/** Two clients (2 and 3) call the api (1), which, after a timer, calls the db (0) for the second one. */
function events(withHeaders: boolean): TraceEvent[] {
  const request = (rpcId: number, traceId: string): Record<string, unknown> => ({ type: 'rpc-request', rpcId, boot: 1, body: { id: rpcId }, ...(withHeaders ? { traceparent: header(traceId) } : {}) });
  const list: Omit<TraceEvent, 'index'>[] = [
    { timeUs: 0, kind: 'send', from: 2, to: 1, messageId: 0, detail: request(0, TRACE_A) },
    { timeUs: 0, kind: 'send', from: 3, to: 1, messageId: 1, detail: request(0, TRACE_B) },
    { timeUs: 10, kind: 'deliver', from: 2, to: 1, messageId: 0, detail: request(0, TRACE_A) },
    { timeUs: 10, kind: 'deliver', from: 3, to: 1, messageId: 1, detail: request(0, TRACE_B) },
    { timeUs: 50, kind: 'timer', node: 1 },
    { timeUs: 50, kind: 'send', from: 1, to: 0, messageId: 2, detail: request(0, TRACE_B) },
  ];
  return list.map((event, index) => ({ ...event, index }) as TraceEvent);
}

function build(withHeaders: boolean): ReturnType<SpanBuilder['finish']>['spans'] {
  const builder = new SpanBuilder(new TraceIdSource(1), new RunMetrics(new MetricsRegistry(), (node) => `node-${node}`), (node) => `node-${node}`);
  for (const event of events(withHeaders)) builder.observe(event, undefined);
  return builder.finish(100, []).spans;
}

describe('traceparent headers', () => {
  it('put a call made after a timer under the request of its trace, with two requests open', () => {
    const spans = build(true);
    const dbCall = spans.find((span) => span.node === 1 && span.name === 'call node-0');
    const serveB = spans.find((span) => span.name === 'serve node-1' && span.traceId === TRACE_B);
    expect(serveB).toBeDefined();
    expect(dbCall?.traceId).toBe(TRACE_B);
    expect(dbCall?.parentSpanId).toBe(serveB?.spanId);
    expect(dbCall?.attributes['faultline.parent']).toBe('exact: traceparent header');
    expect(spans.filter((span) => span.parentSpanId === undefined).map((span) => span.traceId)).toEqual([TRACE_A, TRACE_B]);
  });

  it('without them, start a new trace rather than guess between the open requests', () => {
    const dbCall = build(false).find((span) => span.node === 1 && span.name === 'call node-0');
    expect(dbCall?.parentSpanId).toBeUndefined();
    expect(dbCall?.attributes['faultline.parent']).toBe('root');
  });
});
