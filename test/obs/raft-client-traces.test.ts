// Raft's clients (raft, kv-cp, the CP side of cp-vs-ap) send their commands as rpc
// envelopes with a traceparent, so the exports show each command as a trace: a call per
// server asked, an attempt per request sent, the hops, and the server's handling.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/engine/trace.ts';
import type { Span } from '../../src/obs/span.ts';
import { findScenario } from '../../scenarios/index.ts';
import { observeRun } from './observe-run.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';

/** The commands the clients sent in a run of `name` (client and request id), with how many requests carried them. */
function sentCommands(name: string, seed: number): Map<string, number> {
  const run = new ScenarioRun(findScenario(name)!, { seed });
  const commands = new Map<string, number>();
  run.simulation.trace.subscribe((event: TraceEvent) => {
    const body = event.detail as { type?: string; body?: { clientId: number; requestId: number } };
    if (event.kind !== 'send' || body.type !== 'rpc-request' || body.body === undefined) return;
    const key = `${body.body.clientId}#${body.body.requestId}`;
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });
  run.run();
  return commands;
}

function tracesOf(spans: readonly Span[]): Map<string, Span[]> {
  const traces = new Map<string, Span[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId) ?? [];
    list.push(span);
    traces.set(span.traceId, list);
  }
  return traces;
}

describe('traces of Raft client commands', () => {
  it.each(['raft', 'kv-cp'])('%s (seed 1): one trace per command, one attempt span per request sent, a server span per request received', (name) => {
    const commands = sentCommands(name, 1);
    const { observed } = observeRun(findScenario(name)!, { seed: 1 });
    const traces = tracesOf(observed.spans);
    expect(commands.size).toBeGreaterThan(50);
    expect(traces.size).toBe(commands.size);
    const attempts = observed.spans.filter((span) => span.name.startsWith('attempt '));
    expect(attempts.length).toBe([...commands.values()].reduce((sum, count) => sum + count, 0));
    expect(observed.spans.some((span) => span.kind === 'server' && span.name.startsWith('serve '))).toBe(true);
    // Every parent is in the export: the tree is whole.
    const ids = new Set(observed.spans.map((span) => span.spanId));
    expect(observed.spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))).toEqual([]);
  });

  it('shows where a follower turned an attempt away: its server span ends in error, saying who leads (raft, seed 1)', () => {
    const { observed } = observeRun(findScenario('raft')!, { seed: 1 });
    // The nemesis also crashes servers mid-request ('node crashed'); every other failed server span is a follower's answer.
    const turnedAway = observed.spans.filter((span) => span.kind === 'server' && span.status === 'error' && span.statusMessage !== 'node crashed');
    expect(turnedAway.length).toBeGreaterThan(10);
    for (const span of turnedAway) expect(span.statusMessage).toMatch(/^error:remote: not the leader; (no leader known|node \d+ leads)$/);
  });

  it('keeps the CP and AP stores of cp-vs-ap in traces of their own (seed 2): no trace id is shared', () => {
    const { observed } = observeRun(findScenario('cp-vs-ap')!, { seed: 2 });
    // CP: nodes 0-5 (stores, clients, probe); AP: nodes 6-10.
    const firstApNode = 6;
    const stores = [...tracesOf(observed.spans).values()].map((spans) => new Set(spans.map((span) => (span.node < firstApNode ? 'cp' : 'ap'))));
    expect(stores.filter((set) => set.has('cp') && !set.has('ap')).length).toBeGreaterThan(50);
    expect(stores.filter((set) => set.has('ap') && !set.has('cp')).length).toBeGreaterThan(50);
    expect(stores.filter((set) => set.size > 1)).toEqual([]);
  });
});
