// The runtime's traceparent, end to end: every request envelope carries its caller's
// trace, so one trace id runs from a client's call through the api's retries to the db's
// server spans, and the span tree's parent ids are the ones the headers name: a retry or
// a hedge is an attempt under its call, a server span is a child of the hop that brought
// the request, a call made while serving is a child of that server span.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { ok } from '../../src/node/call-result.ts';
import { call, sleep, spawn } from '../../src/node/process.ts';
import { serveSpanIdOf as runtimeServeSpanId, type RpcRequest } from '../../src/node/rpc.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';
import { observabilityOf } from '../../src/obs/observability.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import { RunCollector } from '../../src/obs/run-collector.ts';
import type { Span } from '../../src/obs/span.ts';
import { parseTraceparent, serveSpanIdOf } from '../../src/obs/trace-ids.ts';
import { hedge } from '../../src/patterns/hedge.ts';
import { defineScenario, type Scenario } from '../../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import tinyRpc, { API, CLIENT, DB } from './tiny-rpc-scenario.ts';

interface SentRequest {
  readonly from: number;
  readonly to: number;
  readonly messageId: number;
  readonly request: RpcRequest;
}

/** Runs a scenario observed, keeping every request envelope sent. */
function observeWithRequests(scenario: Scenario, seed: number): { readonly observed: ObservedRun; readonly requests: SentRequest[]; readonly traceHash: string } {
  const run = new ScenarioRun(scenario, { seed });
  const collector = new RunCollector(observabilityOf(run.simulation), { seed, untilUs: run.untilUs });
  const requests: SentRequest[] = [];
  run.simulation.trace.subscribe(collector.observer);
  run.simulation.trace.subscribe((event: TraceEvent) => {
    const body = event.detail as Partial<RpcRequest> | undefined;
    if (event.kind === 'send' && body?.type === 'rpc-request') requests.push({ from: event.from as number, to: event.to as number, messageId: event.messageId as number, request: body as RpcRequest });
  });
  const report = run.run();
  return { observed: collector.finish(run.simulation.now), requests, traceHash: report.traceHash };
}

function spanById(spans: readonly Span[]): Map<string, Span> {
  return new Map(spans.map((span) => [span.spanId, span]));
}

/** The hop span of a message. */
function hopOf(spans: readonly Span[], messageId: number): Span {
  const hop = spans.find((span) => span.kind === 'internal' && span.attributes['message.id'] === messageId);
  expect(hop, `hop of message ${messageId}`).toBeDefined();
  return hop as Span;
}

describe('trace propagation (traceparent in every request)', () => {
  const { observed, requests } = observeWithRequests(tinyRpc, 1);
  const byId = spanById(observed.spans);
  const retried = observed.spans.filter((span) => span.node === API && span.name === 'call db' && (span.attributes['rpc.attempts'] as number) >= 3);

  it('gives every request a valid W3C traceparent', () => {
    expect(requests.length).toBeGreaterThan(10);
    for (const { request } of requests) expect(parseTraceparent(request.traceparent), String(request.traceparent)).toBeDefined();
    // The runtime makes the text only when read; written out (a trace file), the envelope has it.
    const first = requests[0]?.request as RpcRequest;
    expect(JSON.parse(JSON.stringify(first))).toEqual({ type: 'rpc-request', rpcId: first.rpcId, boot: first.boot, body: first.body, traceparent: first.traceparent });
  });

  it('keeps one trace id from the client call through the retries to the db', () => {
    // The partition (300 ms to 400 ms) makes the api retry the db.
    expect(retried.length).toBeGreaterThan(0);
    for (const dbCall of retried) {
      const apiServe = byId.get(dbCall.parentSpanId as string) as Span;
      expect(apiServe.name).toBe('serve api');
      const clientAttempt = byId.get(byId.get(apiServe.parentSpanId as string)?.parentSpanId as string) as Span;
      const clientCall = byId.get(clientAttempt.parentSpanId as string) as Span;
      expect(clientCall).toMatchObject({ node: CLIENT, name: 'call api', parentSpanId: undefined });
      const tree = observed.spans.filter((span) => span.traceId === clientCall.traceId);
      const attempts = tree.filter((span) => span.parentSpanId === dbCall.spanId);
      expect(attempts.map((span) => span.name)).toEqual(['attempt 1', 'attempt 2 (retry)', 'attempt 3 (retry)', ...(attempts.length > 3 ? ['attempt 4 (retry)'] : [])].slice(0, attempts.length));
      expect(attempts.length).toBe(dbCall.attributes['rpc.attempts']);
      expect(dbCall.attributes['faultline.parent']).toBe('exact: traceparent header');
      expect(tree.some((span) => span.node === DB && span.name === 'serve db')).toBe(true);
    }
  });

  it('names in each header the span its caller works under, and parents each server span on its hop', () => {
    for (const dbCall of retried) {
      const attemptsSent = requests.filter((sent) => sent.from === API && sent.to === DB && parseTraceparent(sent.request.traceparent)?.spanId === dbCall.parentSpanId);
      expect(attemptsSent.length).toBe(dbCall.attributes['rpc.attempts']);
      for (const sent of attemptsSent) {
        expect(parseTraceparent(sent.request.traceparent)?.traceId).toBe(dbCall.traceId);
        const hop = hopOf(observed.spans, sent.messageId);
        expect(byId.get(hop.parentSpanId as string)?.parentSpanId).toBe(dbCall.spanId);
        const serve = observed.spans.find((span) => span.kind === 'server' && span.parentSpanId === hop.spanId);
        // An attempt lost to the partition never reached the db.
        if (hop.status === 'error') expect(serve).toBeUndefined();
        else expect(serve).toMatchObject({ node: DB, traceId: dbCall.traceId, spanId: serveSpanIdOf(API, sent.request.boot, sent.request.rpcId, DB) });
      }
    }
  });

  it('derives server span ids the same way in the runtime and in the observer', () => {
    for (const [caller, boot, rpcId, server] of [[0, 1, 0, 1], [2, 1, 7, 0], [999_999, 3, 4_000_000_000, 12], [-1, 1, 5, 0]] as const) {
      expect(runtimeServeSpanId(caller, boot, rpcId, server)).toBe(serveSpanIdOf(caller, boot, rpcId, server));
      expect(serveSpanIdOf(caller, boot, rpcId, server)).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('does not change the run: the same trace hash as an unobserved run', () => {
    expect(observeWithRequests(tinyRpc, 3).traceHash).toBe(new ScenarioRun(tinyRpc, { seed: 3 }).run().traceHash);
  });
});

/**
 * A client whose calls to a slow server are hedged: a second copy after 5 ms, the server
 * takes 8 ms. Each call runs in a process of its own, as a load generator's arrivals do:
 * the runtime keeps one trace per such process (the calls of a top-level process start one
 * trace each, so copies spawned straight from it could not be told from new requests).
 */
const hedged = defineScenario({
  name: 'hedged-calls',
  summary: 'hedged calls to a slow server',
  description: 'Test fixture: two hedged calls from a top-level client process.',
  durationUs: seconds(1),
  params: {},
  setup(world) {
    world.cluster.addNode(() =>
      rpcNode<string, string>({
        serve: function* (body) {
          yield* sleep(ms(8));
          return ok(body);
        },
      }),
    );
    world.cluster.addNode(() => {
      const policy = hedge({ delayUs: ms(5), maxHedges: 1, name: 'copy' });
      return rpcNode({
        onStart: (host) =>
          host.spawn(
            (function* () {
              for (const body of ['first', 'second']) {
                yield* spawn(
                  (function* () {
                    yield* policy.execute(() => call<string>(0, body, { timeoutUs: ms(100) }));
                  })(),
                  'request',
                );
                yield* sleep(ms(50));
              }
            })(),
            'client',
          ),
      });
    });
  },
});

describe('trace propagation through hedges', () => {
  it('makes each hedge copy an attempt of its call, in the call trace', () => {
    const { observed, requests } = observeWithRequests(hedged, 1);
    const calls = observed.spans.filter((span) => span.name === 'call node-0');
    expect(calls.length).toBe(2);
    expect(requests.length).toBe(4);
    for (const hedgedCall of calls) {
      const attempts = observed.spans.filter((span) => span.parentSpanId === hedgedCall.spanId);
      expect(attempts.length).toBe(2);
      expect(new Set(attempts.map((span) => span.traceId))).toEqual(new Set([hedgedCall.traceId]));
    }
    // Two requests: two traces.
    expect(calls[0]?.traceId).not.toBe(calls[1]?.traceId);
  });
});
