// Chrome / Perfetto trace-event JSON (opens in ui.perfetto.dev and chrome://tracing): one
// process per node, whose first track holds its messages, logs and faults and whose other
// tracks hold its spans; messages are flow arrows (ph s -> f) from the send to each
// delivery or to the drop; fault periods sit on a process of their own; gauges become
// counter tracks. Rule: spans are B/E pairs on lanes chosen so that spans on one lane
// never overlap, so every B has its E right after it on that lane; every track's events
// are written in time order; ts is virtual time in microseconds, as the format expects.
import type { Micros } from '../engine/time.ts';
import { TraceSampler, type TraceSampling } from './trace-sampling.ts';
import type { ObservedMessage, ObservedRun } from './observed-run.ts';
import type { Span } from './span.ts';
import { flat } from './flat-text.ts';
import { jsonString } from './json-string.ts';

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
 * keep equal timestamps in that order); text, flattened (flat-text.ts), because a long run
 * has hundreds of thousands of events and small objects would cost more than the strings.
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
    this.texts.push(flat(text));
  }

  /** Appends the events to `into` in time order. */
  writeSorted(into: string[]): void {
    if (this.isSorted) {
      for (const text of this.texts) into.push(text);
      return;
    }
    const order = this.times.map((_, index) => index);
    order.sort((first, second) => (this.times[first] as number) - (this.times[second] as number) || first - second);
    for (const index of order) into.push(this.texts[index] as string);
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
  // The messages of a trace sampling left out go with its spans.
  const isKept = keptTraces(run.traceSampling.ratio);
  for (const message of run.messages) if (message.traceId === undefined || isKept(message.traceId)) addMessage(message, pidOf, track);
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
  const otherData = { title: run.title, seed: String(run.seed), messagesOmitted: run.messagesOmitted, requestsOmitted: run.requestsOmitted, ...samplingData(run.traceSampling) };
  const texts = metadata.map((event) => JSON.stringify(event));
  for (const threads of tracks) {
    for (const thread of threads ?? []) thread?.writeSorted(texts);
  }
  return `{"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)},"traceEvents":[\n${texts.join(',\n')}\n]}\n`;
}

/**
 * Whether sampling kept a trace, asked once per trace: a trace has many messages, and the
 * answer hashes the whole id, while the map finds the id by the hash V8 keeps in the string.
 */
function keptTraces(ratio: number): (traceId: string) => boolean {
  const sampler = new TraceSampler(ratio);
  if (sampler.keepsEverything) return () => true;
  const answers = new Map<string, boolean>();
  return (traceId) => {
    let isKept = answers.get(traceId);
    if (isKept === undefined) {
      isKept = sampler.keeps(traceId);
      answers.set(traceId, isKept);
    }
    return isKept;
  };
}

/** The sampling figures, only when sampling left traces out (a run exported whole says nothing of it). */
function samplingData(sampling: TraceSampling): { traceSampleRatio?: number; tracesSampledOut?: number } {
  return sampling.ratio === 1 ? {} : { traceSampleRatio: sampling.ratio, tracesSampledOut: sampling.tracesSampledOut };
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
  // Written by hand, in one concatenation per event: a long run has hundreds of thousands.
  const args = `{"messageId":${message.id},"from":${message.from},"to":${message.to}${message.traceId === undefined ? '' : `,"traceId":"${message.traceId}"`}}`;
  const label = jsonString(message.label).slice(1, -1);
  const sendUs = message.sendUs;
  const sender = track(fromPid, EVENTS_TID);
  // The message's details ride on its send slice only; the other end's slice names it.
  sender.addText(sendUs, sliceText(`"send ${label} -> ${message.to}"`, 'message', fromPid, sendUs, args));
  const receiveName = `"receive ${label} from ${message.from}"`;
  const receiver = track(toPid, EVENTS_TID);
  let index = 0;
  for (const delivery of message.deliveries) {
    receiver.addText(delivery.timeUs, sliceText(receiveName, 'message', toPid, delivery.timeUs, undefined));
    addFlow(message.id * 4 + Math.min(index++, 3), sender, fromPid, sendUs, receiver, toPid, delivery.timeUs);
  }
  const drop = message.drop;
  if (drop !== undefined) {
    // Cut at the send: the loss shows on the sender; lost in flight: on the receiver.
    const pid = drop.timeUs === sendUs ? fromPid : toPid;
    const end = pid === fromPid ? sender : receiver;
    end.addText(drop.timeUs, sliceText(`"lost (${drop.reason}): ${label} ${message.from}->${message.to}"`, 'message.lost', pid, drop.timeUs, undefined));
    addFlow(message.id * 4 + Math.min(index, 3), sender, fromPid, sendUs, end, pid, drop.timeUs);
  }
}

/** A message slice; `name` is already a JSON string. */
function sliceText(name: string, category: string, pid: number, ts: Micros, args: string | undefined): string {
  return `{"name":${name},"cat":"${category}","ph":"X","dur":${MESSAGE_SLICE_US},"pid":${pid},"tid":${EVENTS_TID},"ts":${ts}${args === undefined ? '' : `,"args":${args}`}}`;
}

/** A flow arrow from the send to one end (a delivery or the drop). */
function addFlow(id: number, sender: Track, fromPid: number, sendUs: Micros, end: Track, endPid: number, endUs: Micros): void {
  sender.addText(sendUs, `{"name":"message","cat":"flow","ph":"s","id":${id},"bp":"e","pid":${fromPid},"tid":${EVENTS_TID},"ts":${sendUs}}`);
  end.addText(endUs, `{"name":"message","cat":"flow","ph":"f","id":${id},"bp":"e","pid":${endPid},"tid":${EVENTS_TID},"ts":${endUs}}`);
}

function logArgs(record: ObservedRun['logs'][number]): Record<string, unknown> {
  return { level: record.level, eventIndex: record.eventIndex, ...(record.traceId === undefined ? {} : { traceId: record.traceId }) };
}

/**
 * Places each interval on the first lane of its process that is free at its start.
 * Intervals come in start order, so a lane that is free now stays free for later ones:
 * lanes in use wait in a heap by end time, freed ones in a heap by index, and each
 * interval costs a logarithm of the lane count rather than a scan of every lane.
 */
class LaneAllocator {
  private readonly byPid = new Map<number, { readonly busy: MinHeap; readonly free: MinHeap; count: number }>();

  place(pid: number, startUs: Micros, endUs: Micros): number {
    let lanes = this.byPid.get(pid);
    if (lanes === undefined) {
      lanes = { busy: new MinHeap(), free: new MinHeap(), count: 0 };
      this.byPid.set(pid, lanes);
    }
    while (lanes.busy.size > 0 && lanes.busy.peekKey() <= startUs) lanes.free.push(lanes.busy.pop(), 0);
    const lane = lanes.free.size > 0 ? lanes.free.pop() : lanes.count++;
    lanes.busy.push(lane, endUs);
    return lane;
  }

  counts(into: Map<number, number>): void {
    for (const [pid, lanes] of this.byPid) into.set(pid, Math.max(into.get(pid) ?? 0, lanes.count));
  }
}

/** A binary heap of lane numbers ordered by a key, then by lane number (so equal keys pop the lowest lane). */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly lanes: number[] = [];

  get size(): number {
    return this.lanes.length;
  }

  peekKey(): number {
    return this.keys[0] as number;
  }

  /** `key` 0 orders by lane number alone (the free lanes). */
  push(lane: number, key: number): void {
    let index = this.lanes.length;
    this.keys.push(key);
    this.lanes.push(lane);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.isBefore(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): number {
    const top = this.lanes[0] as number;
    const lastKey = this.keys.pop() as number;
    const lastLane = this.lanes.pop() as number;
    if (this.lanes.length === 0) return top;
    this.keys[0] = lastKey;
    this.lanes[0] = lastLane;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.lanes.length && this.isBefore(left, smallest)) smallest = left;
      if (right < this.lanes.length && this.isBefore(right, smallest)) smallest = right;
      if (smallest === index) return top;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private isBefore(first: number, second: number): boolean {
    const difference = (this.keys[first] as number) - (this.keys[second] as number);
    return difference < 0 || (difference === 0 && (this.lanes[first] as number) < (this.lanes[second] as number));
  }

  private swap(first: number, second: number): void {
    const key = this.keys[first] as number;
    this.keys[first] = this.keys[second] as number;
    this.keys[second] = key;
    const lane = this.lanes[first] as number;
    this.lanes[first] = this.lanes[second] as number;
    this.lanes[second] = lane;
  }
}

function addSpans(spans: readonly Span[], pidOf: ReadonlyMap<number, number>, track: TrackOf, laneCount: Map<number, number>): void {
  const lanes = new LaneAllocator();
  const nameJson = new Map<string, string>();
  for (const span of inStartOrder(spans)) {
    const pid = pidOf.get(span.node);
    if (pid === undefined || span.kind === 'internal') continue;
    const tid = FIRST_SPAN_TID + lanes.place(pid, span.startUs, span.endUs);
    let name = nameJson.get(span.name);
    if (name === undefined) {
      name = JSON.stringify(span.name);
      nameJson.set(span.name, name);
    }
    // The ids and outcome; the full attributes are in the OTLP export. Ids are hex: no escaping.
    const parent = span.parentSpanId === undefined ? '' : `,"parentSpanId":"${span.parentSpanId}"`;
    const message = span.statusMessage === undefined ? '' : `,"statusMessage":${jsonString(span.statusMessage)}`;
    const args = `{"traceId":"${span.traceId}","spanId":"${span.spanId}"${parent},"status":"${span.status}"${message}}`;
    const thread = track(pid, tid);
    thread.addText(span.startUs, `{"name":${name},"cat":"span.${span.kind}","ph":"B","pid":${pid},"tid":${tid},"ts":${span.startUs},"args":${args}}`);
    thread.addText(span.endUs, `{"name":${name},"cat":"span.${span.kind}","ph":"E","pid":${pid},"tid":${tid},"ts":${span.endUs}}`);
  }
  lanes.counts(laneCount);
}

/** Spans by start time, ties in the order given (they come in start order: the sort only guards it). */
function inStartOrder(spans: readonly Span[]): readonly Span[] {
  let isSorted = true;
  for (let index = 1; index < spans.length && isSorted; index++) isSorted = (spans[index - 1] as Span).startUs <= (spans[index] as Span).startUs;
  if (isSorted) return spans;
  return spans
    .map((span, order) => ({ span, order }))
    .sort((first, second) => first.span.startUs - second.span.startUs || first.order - second.order)
    .map((entry) => entry.span);
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
