// The Perfetto / Chrome trace-event export checked against the format's rules: known
// phases, every B closed by an E on its track, span slices (X) never overlapping on a lane, time never going back on a track, every
// flow start matched by a flow end (flow events, or bind_id on the message slices: flow
// v2, as Chrome writes it), processes and threads named. The parts have tests of
// their own: perfetto-track, perfetto-span-lane, perfetto-lane-allocator, perfetto-counters.
import { describe, expect, it } from 'vitest';
import { exportPerfetto } from '../../src/obs/export-perfetto.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import { findScenario } from '../../scenarios/index.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc, { API, DB } from './tiny-rpc-scenario.ts';

interface EventJson {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts: number;
  readonly dur?: number;
  readonly id?: number;
  readonly bind_id?: number;
  readonly flow_out?: boolean;
  readonly flow_in?: boolean;
  readonly cat?: string;
  readonly args?: Record<string, unknown>;
}

const { observed } = observeRun(tinyRpc, { seed: 4 });
const document = JSON.parse(exportPerfetto(observed)) as { traceEvents: EventJson[]; displayTimeUnit: string };
const events = document.traceEvents;
const trackOf = (event: EventJson): string => `${event.pid}:${event.tid ?? 0}`;

describe('perfetto export', () => {
  it('is one JSON object with a traceEvents array of known phases', () => {
    expect(document.displayTimeUnit).toBe('ms');
    expect(events.length).toBeGreaterThan(100);
    for (const event of events) {
      expect(['B', 'E', 'X', 'i', 's', 'f', 'M', 'C']).toContain(event.ph);
      expect(Number.isInteger(event.pid)).toBe(true);
      expect(Number.isInteger(event.ts) && event.ts >= 0).toBe(true);
    }
  });

  it('writes one event a line, each exactly as JSON.stringify writes it (the exporter writes most by hand)', () => {
    const lines = exportPerfetto(observed).split('\n');
    expect(lines[0]).toMatch(/^\{"displayTimeUnit":"ms","otherData":\{.*\},"traceEvents":\[$/);
    expect(lines.slice(-3)).toEqual([expect.not.stringMatching(/,$/), ']}', '']);
    const eventLines = lines.slice(1, -2).map((line, index, all) => (index < all.length - 1 ? line.replace(/,$/, '') : line));
    expect(eventLines.length).toBe(events.length);
    for (const line of eventLines) expect(JSON.stringify(JSON.parse(line))).toBe(line);
  });

  it('closes every B with an E on the same track, properly nested', () => {
    const open = new Map<string, EventJson[]>();
    let pairs = 0;
    for (const event of events) {
      if (event.ph !== 'B' && event.ph !== 'E') continue;
      const stack = open.get(trackOf(event)) ?? [];
      open.set(trackOf(event), stack);
      if (event.ph === 'B') {
        stack.push(event);
        continue;
      }
      const begin = stack.pop();
      expect(begin?.name).toBe(event.name);
      expect(event.ts).toBeGreaterThanOrEqual(begin?.ts ?? Infinity);
      pairs++;
    }
    for (const stack of open.values()) expect(stack).toEqual([]);
    // B/E pairs are the fault periods; spans are X events (next test).
    expect(observed.faultPeriods.length).toBeGreaterThan(0);
    expect(pairs).toBe(observed.faultPeriods.length);
  });

  it('writes every client and server span as one X slice of its own duration, and no two slices on a span lane overlap', () => {
    expectSpanSlices(events, observed);
  });

  it('keeps a zero-length span off the lane of a span starting at the same instant (cp-vs-ap has many)', () => {
    const flagship = observeRun(findScenario('cp-vs-ap')!, { seed: 1 }).observed;
    expect(flagship.spans.filter((span) => span.kind !== 'internal' && span.endUs === span.startUs).length).toBeGreaterThan(50);
    expectSpanSlices((JSON.parse(exportPerfetto(flagship)) as { traceEvents: EventJson[] }).traceEvents, flagship);
  });

  it('keeps timestamps monotonic on every track', () => {
    const last = new Map<string, number>();
    for (const event of events) {
      if (event.ph === 'M') continue;
      const track = trackOf(event);
      expect(event.ts).toBeGreaterThanOrEqual(last.get(track) ?? 0);
      last.set(track, event.ts);
    }
  });

  it('connects every flow start to exactly one flow end, each bound to a message slice on its track (flow events, and bind_id on slices)', () => {
    expectFlowsConnect(events, observed);
    // Every message here has one end: its arrow is bound on its slices, with no flow events.
    expect(events.filter((event) => event.ph === 's' || event.ph === 'f')).toEqual([]);
  });

  it('draws an arrow per end with flow events for a message that arrives twice (2pc-vs-saga duplicates 5%), and binds the rest on their slices', () => {
    const duplicating = observeRun(findScenario('2pc-vs-saga')!, { seed: 4 }).observed;
    const all = (JSON.parse(exportPerfetto(duplicating)) as { traceEvents: EventJson[] }).traceEvents;
    expectFlowsConnect(all, duplicating);
    const withSeveralEnds = duplicating.messages.filter((message) => message.deliveries.length + (message.drop === undefined ? 0 : 1) > 1);
    expect(withSeveralEnds.length).toBeGreaterThan(10);
    expect(all.filter((event) => event.ph === 's').length).toBe(withSeveralEnds.reduce((sum, message) => sum + message.deliveries.length + (message.drop === undefined ? 0 : 1), 0));
  });

  it('names every process and every thread that holds events, counters aside', () => {
    const named = new Set(events.filter((event) => event.ph === 'M' && event.name === 'thread_name').map(trackOf));
    const processes = new Set(events.filter((event) => event.ph === 'M' && event.name === 'process_name').map((event) => event.pid));
    const used = new Set(events.filter((event) => event.ph !== 'M' && event.ph !== 'C').map(trackOf));
    expect(used.size).toBeGreaterThan(3);
    for (const track of used) expect(named).toContain(track);
    for (const event of events) expect(processes).toContain(event.pid);
  });

  it('gives each node its own named process, with spans on its own tracks', () => {
    const names = events.filter((event) => event.ph === 'M' && event.name === 'process_name').map((event) => event.args?.['name']);
    expect(names).toEqual(['faults and network', `node ${DB} (db)`, `node ${API} (api)`, 'node 2 (client)']);
    const serveDb = events.filter((event) => event.ph === 'X' && event.name === 'serve db');
    expect(new Set(serveDb.map((event) => event.pid))).toEqual(new Set([events.find((event) => event.args?.['name'] === `node ${DB} (db)`)?.pid]));
    expect(events.some((event) => event.ph === 'X' && String(event.name).startsWith('lost (partition)'))).toBe(true);
  });
});

/**
 * One X slice per client and server span, with the span's start and duration, on a span lane
 * (not the message track), in time order; a slice on a lane starts once the one before it
 * ended, and a zero-length one counts as lasting a microsecond: two slices at one instant
 * carry no order, and a viewer could nest one in the other.
 */
function expectSpanSlices(events: readonly EventJson[], observed: ObservedRun): void {
  const spanSlices = events.filter((event) => event.ph === 'X' && event.cat?.startsWith('span.') === true);
  const spans = observed.spans.filter((span) => span.kind !== 'internal');
  expect(spanSlices.length).toBe(spans.length);
  const spanById = new Map(spans.map((span) => [span.spanId, span]));
  const freeFrom = new Map<string, number>();
  for (const slice of spanSlices) {
    const span = spanById.get(String(slice.args?.['spanId']));
    expect(slice.ts).toBe(span?.startUs);
    expect(slice.dur).toBe((span?.endUs ?? NaN) - (span?.startUs ?? NaN));
    expect(slice.tid).not.toBe(1);
    expect(slice.ts).toBeGreaterThanOrEqual(freeFrom.get(trackOf(slice)) ?? 0);
    freeFrom.set(trackOf(slice), slice.ts + Math.max(slice.dur as number, 1));
  }
}

/** Every flow start (an `s` event or a send slice's flow_out) has exactly one end (an `f` event or a receive or loss slice's flow_in), both bound to message slices, one per delivery and per loss. */
function expectFlowsConnect(events: readonly EventJson[], observed: ObservedRun): void {
  const starts = new Map<number, EventJson>();
  const ends = new Map<number, EventJson>();
  const put = (into: Map<number, EventJson>, id: number, event: EventJson): void => {
    expect(into.has(id), `flow ${id} twice`).toBe(false);
    into.set(id, event);
  };
  const slices = events.filter((event) => event.ph === 'X');
  for (const event of events) {
    if (event.ph === 's') put(starts, event.id as number, event);
    if (event.ph === 'f') put(ends, event.id as number, event);
    // Flow v2: the slice itself starts or ends the arrow.
    if (event.ph === 'X' && event.bind_id !== undefined) put(event.flow_out === true ? starts : ends, event.bind_id, event);
  }
  expect(starts.size).toBeGreaterThan(0);
  expect(slices.some((slice) => slice.bind_id !== undefined)).toBe(true);
  expect([...ends.keys()].sort()).toEqual([...starts.keys()].sort());
  const isBound = (flow: EventJson): boolean => slices.some((slice) => trackOf(slice) === trackOf(flow) && slice.ts <= flow.ts && flow.ts <= slice.ts + (slice.dur ?? 0));
  for (const [id, start] of starts) {
    const end = ends.get(id) as EventJson;
    expect(end.ts).toBeGreaterThanOrEqual(start.ts);
    expect(isBound(start) && isBound(end)).toBe(true);
    // A binding is on a message slice: the send starts the arrow, a receive or a loss ends it.
    if (start.ph === 'X') expect(start.name).toMatch(/^send /);
    if (end.ph === 'X') expect(end.name).toMatch(/^(receive|lost) /);
  }
  const expected = observed.messages.reduce((sum, message) => sum + message.deliveries.length + (message.drop === undefined ? 0 : 1), 0);
  expect(starts.size).toBe(expected);
}
