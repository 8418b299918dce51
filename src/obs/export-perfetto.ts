// Chrome / Perfetto trace-event JSON (opens in ui.perfetto.dev and chrome://tracing): one
// process per node, whose first track holds its messages, logs and faults and whose other
// tracks hold its spans; messages are flow arrows (ph s -> f) from the send to each
// delivery or to the drop; fault periods sit on a process of their own; gauges become
// counter tracks. Rule: spans are B/E pairs on lanes chosen so that spans on one lane
// never overlap, so every B has its E right after it on that lane; every track's events
// are written in time order; ts is virtual time in microseconds, as the format expects.
import type { Micros } from '../engine/time.ts';
import type { ObservedMessage, ObservedRun } from './observed-run.ts';
import type { Span } from './span.ts';

interface TraceEventJson {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts: number;
  readonly [field: string]: unknown;
}

/** The process that holds fault periods; nodes are numbered from FIRST_NODE_PID. */
const FAULTS_PID = 1;
const FIRST_NODE_PID = 2;
const EVENTS_TID = 1;
const FIRST_SPAN_TID = 2;
/** Message slices last one microsecond, so that a flow has a slice to bind to. */
const MESSAGE_SLICE_US = 1;

/**
 * A track's events, kept as JSON text with their time and the order they were added (to
 * keep equal timestamps in that order); text, because a long run has hundreds of
 * thousands of events and small objects would cost more than the strings.
 */
class Track {
  private readonly times: number[] = [];
  private readonly texts: string[] = [];
  private isSorted = true;

  add(event: TraceEventJson): void {
    this.addText(event.ts, JSON.stringify(event));
  }

  /** An event already written as JSON (the hot kinds are written by hand: a long run has hundreds of thousands). */
  addText(ts: number, text: string): void {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && ts < last) this.isSorted = false;
    this.times.push(ts);
    this.texts.push(text);
  }

  sorted(): string[] {
    if (this.isSorted) return this.texts;
    const order = this.times.map((_, index) => index);
    order.sort((first, second) => (this.times[first] as number) - (this.times[second] as number) || first - second);
    return order.map((index) => this.texts[index] as string);
  }
}

export function exportPerfetto(run: ObservedRun): string {
  const pidOf = new Map<number, number>(run.nodes.map((node, index) => [node.id, FIRST_NODE_PID + index]));
  const metadata: TraceEventJson[] = processMetadata(run, pidOf);
  // tracks[pid][tid]: both are small dense integers.
  const tracks: Track[][] = [];
  const track = (pid: number, tid: number): Track => {
    const threads = (tracks[pid] ??= []);
    return (threads[tid] ??= new Track());
  };
  for (const message of run.messages) addMessage(message, pidOf, track);
  for (const record of run.logs) {
    const pid = pidOf.get(record.node) ?? FAULTS_PID;
    track(pid, EVENTS_TID).add({ name: record.text.slice(0, 120), cat: `log.${record.level}`, ph: 'i', s: 't', pid, tid: EVENTS_TID, ts: record.timeUs, args: logArgs(record) });
  }
  for (const mark of run.faultMarks) {
    track(FAULTS_PID, EVENTS_TID).add({ name: mark.description, cat: 'fault', ph: 'i', s: 't', pid: FAULTS_PID, tid: EVENTS_TID, ts: mark.timeUs, args: { eventIndex: mark.eventIndex } });
  }
  const laneCount = new Map<number, number>();
  addSpans(run.spans, pidOf, track, laneCount);
  addFaultPeriods(run, track, laneCount);
  addCounters(run, pidOf, track);
  metadata.push(...laneMetadata(laneCount));
  const texts = metadata.map((event) => JSON.stringify(event));
  for (const threads of tracks) {
    for (const thread of threads ?? []) {
      if (thread !== undefined) for (const text of thread.sorted()) texts.push(text);
    }
  }
  const otherData = { title: run.title, seed: String(run.seed), messagesOmitted: run.messagesOmitted, requestsOmitted: run.requestsOmitted };
  return `{"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)},"traceEvents":[\n${texts.join(',\n')}\n]}\n`;
}

function processMetadata(run: ObservedRun, pidOf: ReadonlyMap<number, number>): TraceEventJson[] {
  const events: TraceEventJson[] = [
    { name: 'process_name', ph: 'M', pid: FAULTS_PID, ts: 0, args: { name: 'faults and network' } },
    { name: 'process_sort_index', ph: 'M', pid: FAULTS_PID, ts: 0, args: { sort_index: 0 } },
    { name: 'thread_name', ph: 'M', pid: FAULTS_PID, tid: EVENTS_TID, ts: 0, args: { name: 'fault events' } },
  ];
  for (const node of run.nodes) {
    const pid = pidOf.get(node.id) as number;
    const label = node.id < 0 ? 'clients outside the cluster' : `node ${node.id} (${node.service})`;
    events.push(
      { name: 'process_name', ph: 'M', pid, ts: 0, args: { name: label } },
      { name: 'process_sort_index', ph: 'M', pid, ts: 0, args: { sort_index: pid } },
      { name: 'thread_name', ph: 'M', pid, tid: EVENTS_TID, ts: 0, args: { name: 'messages and logs' } },
      { name: 'thread_sort_index', ph: 'M', pid, tid: EVENTS_TID, ts: 0, args: { sort_index: 0 } },
    );
  }
  return events;
}

function laneMetadata(laneCount: ReadonlyMap<number, number>): TraceEventJson[] {
  const events: TraceEventJson[] = [];
  for (const [pid, count] of laneCount) {
    for (let lane = 0; lane < count; lane++) {
      const tid = FIRST_SPAN_TID + lane;
      const name = pid === FAULTS_PID ? `fault periods ${lane + 1}` : `spans ${lane + 1}`;
      events.push({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name } }, { name: 'thread_sort_index', ph: 'M', pid, tid, ts: 0, args: { sort_index: tid } });
    }
  }
  return events;
}

type TrackOf = (pid: number, tid: number) => Track;

function addMessage(message: ObservedMessage, pidOf: ReadonlyMap<number, number>, track: TrackOf): void {
  const fromPid = pidOf.get(message.from);
  const toPid = pidOf.get(message.to);
  if (fromPid === undefined || toPid === undefined) return;
  const args = `{"messageId":${message.id},"from":${message.from},"to":${message.to}${message.traceId === undefined ? '' : `,"traceId":"${message.traceId}"`}}`;
  // The message's details ride on its send slice only; the other end's slice names it.
  const slice = (name: string, category: string, pid: number, ts: Micros, withArgs: boolean): string =>
    `{"name":${JSON.stringify(name)},"cat":"${category}","ph":"X","dur":${MESSAGE_SLICE_US},"pid":${pid},"tid":${EVENTS_TID},"ts":${ts}${withArgs ? `,"args":${args}` : ''}}`;
  const flow = (phase: 's' | 'f', id: number, pid: number, ts: Micros): string => `{"name":"message","cat":"flow","ph":"${phase}","id":${id},"bp":"e","pid":${pid},"tid":${EVENTS_TID},"ts":${ts}}`;
  track(fromPid, EVENTS_TID).addText(message.sendUs, slice(`send ${message.label} -> ${message.to}`, 'message', fromPid, message.sendUs, true));
  const ends: { readonly pid: number; readonly ts: Micros; readonly name: string; readonly category: string }[] = message.deliveries.map((delivery) => ({
    pid: toPid,
    ts: delivery.timeUs,
    name: `receive ${message.label} from ${message.from}`,
    category: 'message',
  }));
  if (message.drop !== undefined) {
    // Cut at the send: the loss shows on the sender; lost in flight: on the receiver.
    const pid = message.drop.timeUs === message.sendUs ? fromPid : toPid;
    ends.push({ pid, ts: message.drop.timeUs, name: `lost (${message.drop.reason}): ${message.label} ${message.from}->${message.to}`, category: 'message.lost' });
  }
  ends.forEach((end, index) => {
    const flowId = message.id * 4 + Math.min(index, 3);
    track(end.pid, EVENTS_TID).addText(end.ts, slice(end.name, end.category, end.pid, end.ts, false));
    track(fromPid, EVENTS_TID).addText(message.sendUs, flow('s', flowId, fromPid, message.sendUs));
    track(end.pid, EVENTS_TID).addText(end.ts, flow('f', flowId, end.pid, end.ts));
  });
}

function logArgs(record: ObservedRun['logs'][number]): Record<string, unknown> {
  return { level: record.level, eventIndex: record.eventIndex, ...(record.traceId === undefined ? {} : { traceId: record.traceId }) };
}

/** Places each interval on the first lane of its process that is free at its start. */
class LaneAllocator {
  private readonly laneEnds = new Map<number, Micros[]>();

  place(pid: number, startUs: Micros, endUs: Micros): number {
    let ends = this.laneEnds.get(pid);
    if (ends === undefined) {
      ends = [];
      this.laneEnds.set(pid, ends);
    }
    let lane = ends.findIndex((end) => end <= startUs);
    if (lane < 0) {
      lane = ends.length;
      ends.push(endUs);
    } else {
      ends[lane] = endUs;
    }
    return lane;
  }

  counts(into: Map<number, number>): void {
    for (const [pid, ends] of this.laneEnds) into.set(pid, Math.max(into.get(pid) ?? 0, ends.length));
  }
}

function addSpans(spans: readonly Span[], pidOf: ReadonlyMap<number, number>, track: TrackOf, laneCount: Map<number, number>): void {
  const lanes = new LaneAllocator();
  // Spans arrive in creation order, which is start order; the sort only guards it (ties keep creation order).
  const ordered = spans.map((span, order) => ({ span, order })).sort((first, second) => first.span.startUs - second.span.startUs || first.order - second.order);
  for (const { span } of ordered) {
    const pid = pidOf.get(span.node);
    if (pid === undefined || span.kind === 'internal') continue;
    const tid = FIRST_SPAN_TID + lanes.place(pid, span.startUs, span.endUs);
    // The ids and outcome; the full attributes are in the OTLP export.
    const args = {
      traceId: span.traceId,
      spanId: span.spanId,
      ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
      status: span.status,
      ...(span.statusMessage === undefined ? {} : { statusMessage: span.statusMessage }),
    };
    const name = JSON.stringify(span.name);
    track(pid, tid).addText(span.startUs, `{"name":${name},"cat":"span.${span.kind}","ph":"B","pid":${pid},"tid":${tid},"ts":${span.startUs},"args":${JSON.stringify(args)}}`);
    track(pid, tid).addText(span.endUs, `{"name":${name},"cat":"span.${span.kind}","ph":"E","pid":${pid},"tid":${tid},"ts":${span.endUs}}`);
  }
  lanes.counts(laneCount);
}

function addFaultPeriods(run: ObservedRun, track: TrackOf, laneCount: Map<number, number>): void {
  const lanes = new LaneAllocator();
  for (const period of run.faultPeriods) {
    const tid = FIRST_SPAN_TID + lanes.place(FAULTS_PID, period.startUs, period.endUs);
    const name = `${period.kind}: ${period.description}`;
    track(FAULTS_PID, tid).add({ name, cat: 'fault', ph: 'B', pid: FAULTS_PID, tid, ts: period.startUs, args: { eventIndex: period.eventIndex } });
    track(FAULTS_PID, tid).add({ name, cat: 'fault', ph: 'E', pid: FAULTS_PID, tid, ts: period.endUs });
  }
  lanes.counts(laneCount);
}

/** Gauges (in-flight requests, breaker states, node health) as counter tracks of their node. */
function addCounters(run: ObservedRun, pidOf: ReadonlyMap<number, number>, track: TrackOf): void {
  const times = run.timeline.timesUs;
  for (const series of run.timeline.series) {
    if (series.type !== 'gauge') continue;
    const node = Number(series.labels['node']);
    const pid = pidOf.get(node) ?? FAULTS_PID;
    const extra = Object.entries(series.labels).filter(([name]) => name !== 'node' && name !== 'service').map(([, value]) => value);
    const name = [series.metric.replace(/^faultline_/, ''), ...extra].join(' ');
    let previous: number | null = null;
    series.values.forEach((value, index) => {
      if (value === null || value === previous) return;
      previous = value;
      track(pid, 0).add({ name, ph: 'C', pid, tid: 0, ts: times[index] as number, args: { value } });
    });
  }
}
