// Spans derived from the trace: trace ids carried through hops and retries, retries as
// child spans, lost messages on the hop that lost them, and inferred give-ups named.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/obs/span.ts';
import { parseTraceparent } from '../../src/obs/trace-ids.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc, { API, ATTEMPT_TIMEOUT_US, CLIENT, DB, LINK_US, PARTITION, RETRY_DELAY_US } from './tiny-rpc-scenario.ts';

const { observed } = observeRun(tinyRpc, { seed: 1 });
const spans = observed.spans;
const byId = new Map(spans.map((span) => [span.spanId, span]));
const childrenOf = (parent: Span): Span[] => spans.filter((span) => span.parentSpanId === parent.spanId);
const roots = spans.filter((span) => span.parentSpanId === undefined);
/** The client's request that crossed the partition: the one whose api call needed retries. */
const crossing = roots.find((root) => root.startUs >= PARTITION.startUs && root.startUs < PARTITION.endUs) as Span;
const inTrace = (root: Span): Span[] => spans.filter((span) => span.traceId === root.traceId);

describe('spans from the trace', () => {
  it('starts one trace per client request, with the call, its attempt, the hops and the server spans', () => {
    expect(roots.map((root) => root.node)).toEqual([CLIENT, CLIENT, CLIENT, CLIENT, CLIENT, CLIENT]);
    expect(roots.every((root) => root.name === 'call api' && root.kind === 'client')).toBe(true);
    expect(new Set(roots.map((root) => root.traceId)).size).toBe(roots.length);
    const first = roots[0] as Span;
    expect(inTrace(first).map((span) => `${span.node} ${span.name}`)).toEqual([
      `${CLIENT} call api`,
      `${CLIENT} attempt 1`,
      `${CLIENT} network ${CLIENT}->${API}`,
      `${API} serve api`,
      `${API} call db`,
      `${API} attempt 1`,
      `${API} network ${API}->${DB}`,
      `${DB} serve db`,
      `${DB} network ${DB}->${API} (reply)`,
      `${API} network ${API}->${CLIENT} (reply)`,
    ]);
  });

  it('carries the trace id through every hop: the db spans belong to the client request that caused them', () => {
    for (const root of roots) {
      const trace = inTrace(root);
      expect(trace.filter((span) => span.node === DB && span.kind === 'server')).not.toHaveLength(0);
      for (const span of trace) {
        // Walking up the parents from any span reaches this request's root.
        let current: Span | undefined = span;
        while (current?.parentSpanId !== undefined) current = byId.get(current.parentSpanId);
        expect(current).toBe(root);
      }
    }
  });

  it('times each span by the trace: the db serves 2 ms, each hop takes the link latency', () => {
    const first = inTrace(roots[0] as Span);
    const serveDb = first.find((span) => span.name === 'serve db') as Span;
    expect(serveDb.endUs - serveDb.startUs).toBe(2_000);
    for (const hop of first.filter((span) => span.name.startsWith('network'))) expect(hop.endUs - hop.startUs).toBe(LINK_US);
    expect(first[0]?.endUs).toBe((first[0]?.startUs ?? 0) + 4 * LINK_US + 2_000);
  });

  it('makes each retry a child span of the call it retries, in the same trace', () => {
    const dbCall = inTrace(crossing).find((span) => span.name === 'call db') as Span;
    const attempts = childrenOf(dbCall);
    expect(attempts.map((span) => span.name)).toEqual(['attempt 1', 'attempt 2 (retry)', 'attempt 3 (retry)']);
    expect(attempts.map((span) => span.traceId)).toEqual([crossing.traceId, crossing.traceId, crossing.traceId]);
    expect(attempts.map((span) => span.status)).toEqual(['error', 'error', 'ok']);
    // Each failed attempt ends at its deadline; the next starts after the retry delay.
    expect((attempts[0] as Span).endUs - (attempts[0] as Span).startUs).toBe(ATTEMPT_TIMEOUT_US);
    expect((attempts[1] as Span).startUs - (attempts[0] as Span).endUs).toBe(RETRY_DELAY_US);
    expect(dbCall.events.filter((event) => event.name === 'retry scheduled')).toHaveLength(2);
    expect(dbCall.status).toBe('ok');
  });

  it('shows where a request that crossed the partition died: the hop, dropped at the partition', () => {
    const lostHops = inTrace(crossing).filter((span) => span.statusMessage === 'dropped (partition)');
    expect(lostHops).toHaveLength(2);
    for (const hop of lostHops) {
      expect(hop.name).toBe(`network ${API}->${DB}`);
      expect(hop.startUs).toBeGreaterThanOrEqual(PARTITION.startUs);
      expect(hop.startUs).toBeLessThan(PARTITION.endUs);
      expect(hop.events).toContainEqual({ timeUs: hop.startUs, name: 'dropped: partition', attributes: { 'drop.reason': 'partition' } });
      const attempt = byId.get(hop.parentSpanId as string) as Span;
      expect(attempt.statusMessage).toBe('no reply: the caller gave up (inferred)');
      expect(attempt.events.map((event) => event.name)).toContain('message lost: partition');
    }
  });

  it('gives every attempt a W3C traceparent naming its own trace and span', () => {
    for (const attempt of spans.filter((span) => span.name.startsWith('attempt'))) {
      const header = attempt.attributes['traceparent'];
      expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(parseTraceparent(header)).toEqual({ traceId: attempt.traceId, spanId: attempt.spanId });
    }
  });

  it('tags log lines written while handling a request with its trace id', () => {
    const retries = observed.logs.filter((record) => record.text.startsWith('pattern retry-scheduled'));
    expect(retries).toHaveLength(2);
    for (const record of retries) {
      expect(record.node).toBe(API);
      expect(record.traceId).toBe(crossing.traceId);
    }
  });
});
