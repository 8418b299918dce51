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
import { MemoTable } from './memo-table.ts';

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

/** Events joined into one text per EVENTS_PER_CHUNK as a track is written out, so the pieces die young. */
const EVENTS_PER_CHUNK = 256;

/** What a track's event is: a text kept as written, or a message's event written when the track is. */
const TEXT_EVENT = 0;
const SEND_EVENT = 1;
const RECEIVE_EVENT = 2;
const LOST_EVENT = 3;
const FLOW_START_EVENT = 4;
const FLOW_END_EVENT = 5;
/** An event's code is its kind plus this times its message's (or text's) index. */
const KINDS = 8;

/**
 * A track's events with their time and the order they were added (to keep equal
 * timestamps in that order), written out in time order. A message's events are kept as
 * numbers (kind, message, flow id) and written only when the track is, joined a chunk at a
 * time, so a long run (hundreds of thousands of events) keeps no text per event; other
 * events are kept as their text, flattened (flat-text.ts).
 */
class Track {
  private readonly times: number[] = [];
  /** Per event: its kind plus KINDS times the index of its message in `messages` (or of its text in `texts`). */
  private readonly codes: number[] = [];
  /** Per event: a flow event's id, else 0. */
  private readonly flowIds: number[] = [];
  private readonly texts: string[] = [];
  private isSorted = true;
  /** `,"bp":"e","pid":<pid>,"tid":1,"ts":`, made on the first flow event written. */
  private flowTail: string | undefined;
  /** `,"dur":1,"pid":<pid>,"tid":1,"ts":`, made on the first message slice written. */
  private sliceWhere: string | undefined;

  constructor(
    private readonly pid: number,
    private readonly messages: MessageLabels,
  ) {}

  add(event: TraceEventJson): void {
    this.addText(event.ts, JSON.stringify(event));
  }

  /** An event already written as JSON. */
  addText(ts: number, text: string): void {
    this.push(ts, TEXT_EVENT + KINDS * this.texts.length, 0);
    this.texts.push(flat(text));
  }

  /** An event of `messages[index]`, written when the track is (messageEventText). */
  addMessageEvent(ts: number, kind: number, index: number, flowId: number): void {
    this.push(ts, kind + KINDS * index, flowId);
  }

  private push(ts: number, code: number, flowId: number): void {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && ts < last) this.isSorted = false;
    this.times.push(ts);
    this.codes.push(code);
    this.flowIds.push(flowId);
  }

  /** Appends the events to `into` in time order. */
  writeSorted(into: string[]): void {
    const count = this.times.length;
    let order: readonly number[] | undefined;
    if (!this.isSorted) {
      const sorted = this.times.map((_, index) => index);
      sorted.sort((first, second) => (this.times[first] as number) - (this.times[second] as number) || first - second);
      order = sorted;
    }
    let texts: string[] = [];
    for (let position = 0; position < count; position++) {
      const index = order === undefined ? position : (order[position] as number);
      texts.push(this.eventText(index));
      if (texts.length === EVENTS_PER_CHUNK) {
        into.push(texts.join(',\n'));
        texts = [];
      }
    }
    if (texts.length > 0) into.push(texts.join(',\n'));
  }

  private eventText(index: number): string {
    const code = this.codes[index] as number;
    const kind = code % KINDS;
    const item = (code - kind) / KINDS;
    if (kind === TEXT_EVENT) return this.texts[item] as string;
    const ts = this.times[index] as number;
    // Flows are half of a message track's events: their constant pieces are made once per track.
    if (kind === FLOW_START_EVENT) return `{"name":"message","cat":"flow","ph":"s","id":${this.flowIds[index] as number}${(this.flowTail ??= flowTail(this.pid))}${ts}}`;
    if (kind === FLOW_END_EVENT) return `{"name":"message","cat":"flow","ph":"f","id":${this.flowIds[index] as number}${(this.flowTail ??= flowTail(this.pid))}${ts}}`;
    return messageEventText(this.messages.of(item), this.messages.labelOf(item), kind, (this.sliceWhere ??= sliceWhere(this.pid)), ts);
  }
}

// The pieces every event of a track repeats are made flat (flat-text.ts): a template's
// result is a tree of its pieces, which every join that copies an event would walk again.
function flowTail(pid: number): string {
  return flat(`,"bp":"e","pid":${pid},"tid":${EVENTS_TID},"ts":`);
}

function sliceWhere(pid: number): string {
  return flat(`,"dur":${MESSAGE_SLICE_US},"pid":${pid},"tid":${EVENTS_TID},"ts":`);
}

/**
 * The run's messages, each with its label as it goes inside a JSON string: made once per
 * message, on its first event, and shared by its send, receive and loss on whichever tracks.
 */
class MessageLabels {
  /** Made at full length: filled out of order, an array grown by a far index would fall back to a slow dictionary. */
  private readonly labels: (string | undefined)[];

  constructor(private readonly messages: readonly ObservedMessage[]) {
    this.labels = new Array<string | undefined>(messages.length);
  }

  of(index: number): ObservedMessage {
    return this.messages[index] as ObservedMessage;
  }

  labelOf(index: number): string {
    return (this.labels[index] ??= jsonString(this.of(index).label).slice(1, -1));
  }
}

/**
 * A message's send, receive or loss slice, as addMessage placed it (Track writes flows
 * itself); `label`: the message's label inside a JSON string; `where`: the slice's
 * duration, process and thread (sliceWhere). One template per event: each piece is one
 * more string to make.
 */
function messageEventText(message: ObservedMessage, label: string, kind: number, where: string, ts: Micros): string {
  switch (kind) {
    case SEND_EVENT:
      // The message's details ride on its send slice only; the other end's slice names it.
      return message.traceId === undefined
        ? `{"name":"send ${label} -> ${message.to}","cat":"message","ph":"X"${where}${ts},"args":{"messageId":${message.id},"from":${message.from},"to":${message.to}}}`
        : `{"name":"send ${label} -> ${message.to}","cat":"message","ph":"X"${where}${ts},"args":{"messageId":${message.id},"from":${message.from},"to":${message.to},"traceId":"${message.traceId}"}}`;
    case RECEIVE_EVENT:
      return `{"name":"receive ${label} from ${message.from}","cat":"message","ph":"X"${where}${ts}}`;
    default:
      return `{"name":"lost (${(message.drop as NonNullable<ObservedMessage['drop']>).reason}): ${label} ${message.from}->${message.to}","cat":"message.lost","ph":"X"${where}${ts}}`;
  }
}

/** `{"name":...,"cat":"span.client","ph":"B",` and the same with "E": the opening of a span's two events. */
interface SpanHeads {
  readonly begin: string;
  readonly end: string;
}

/**
 * A lane of spans on a node's track (lanes never hold overlapping spans, see LaneAllocator):
 * its events are B at a span's start and E at its end, so in the order the spans were
 * placed they are already in time order. The spans are kept as they are and written only
 * when the lane is written out, joined a chunk at a time: no text is kept per event.
 */
class SpanLane {
  private readonly spans: Span[] = [];
  private readonly heads: SpanHeads[] = [];

  constructor(
    private readonly pid: number,
    private readonly tid: number,
  ) {}

  /** `heads`: the opening of the span's B and E events, shared by spans of its name and kind. */
  add(span: Span, heads: SpanHeads): void {
    this.spans.push(span);
    this.heads.push(heads);
  }

  writeSorted(into: string[]): void {
    // The same on every event of the lane: made once (and flat, see flowTail), so each event is fewer pieces to join.
    const where = flat(`"pid":${this.pid},"tid":${this.tid},"ts":`);
    let texts: string[] = [];
    for (let index = 0; index < this.spans.length; index++) {
      const span = this.spans[index] as Span;
      const heads = this.heads[index] as SpanHeads;
      // The ids and outcome; the full attributes are in the OTLP export. Ids are hex: no escaping.
      // One template per event (no args text made first): each piece is one more string to make.
      const status = span.statusMessage === undefined ? statusTail(span.status) : `,"status":"${span.status}","statusMessage":${jsonString(span.statusMessage)}}}`;
      texts.push(
        span.parentSpanId === undefined
          ? `${heads.begin}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}"${status}`
          : `${heads.begin}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}","parentSpanId":"${span.parentSpanId}"${status}`,
      );
      texts.push(`${heads.end}${where}${span.endUs}}`);
      if (texts.length >= EVENTS_PER_CHUNK) {
        into.push(texts.join(',\n'));
        texts = [];
      }
    }
    if (texts.length > 0) into.push(texts.join(',\n'));
  }
}

const STATUS_TAILS = { unset: ',"status":"unset"}}', ok: ',"status":"ok"}}', error: ',"status":"error"}}' } as const;

/** The end of a span's B event with no status message: one of three constants. */
function statusTail(status: Span['status']): string {
  return STATUS_TAILS[status];
}

export function exportPerfetto(run: ObservedRun): string {
  const pidOf = new Map<number, number>(run.nodes.map((node, index) => [node.id, FIRST_NODE_PID + index]));
  const metadata = processMetadata(run, pidOf).map((event) => JSON.stringify(event));
  // tracks[pid][tid]: both are small dense integers.
  const tracks: (Track | SpanLane)[][] = [];
  const messages = new MessageLabels(run.messages);
  const track = (pid: number, tid: number): Track => {
    const threads = (tracks[pid] ??= []);
    return (threads[tid] ??= new Track(pid, messages)) as Track;
  };
  const spanLane = (pid: number, tid: number): SpanLane => {
    const threads = (tracks[pid] ??= []);
    return (threads[tid] ??= new SpanLane(pid, tid)) as SpanLane;
  };
  // The messages of a trace sampling left out go with its spans.
  const isKept = keptTraces(run.traceSampling.ratio);
  run.messages.forEach((message, index) => {
    if (message.traceId === undefined || isKept(message.traceId)) addMessage(message, index, pidOf, track);
  });
  for (const record of run.logs) {
    const pid = pidOf.get(record.node) ?? FAULTS_PID;
    track(pid, EVENTS_TID).addText(record.timeUs, logText(record, pid));
  }
  for (const mark of run.faultMarks) {
    track(FAULTS_PID, EVENTS_TID).add({ name: mark.description, cat: 'fault', ph: 'i', s: 't', pid: FAULTS_PID, tid: EVENTS_TID, ts: mark.timeUs, args: { eventIndex: mark.eventIndex } });
  }
  const laneCount = new Map<number, number>();
  addSpans(run.spans, pidOf, spanLane, laneCount);
  addFaultPeriods(run, track, laneCount);
  addCounters(run, pidOf, track);
  laneMetadata(laneCount, metadata);
  const otherData = { title: run.title, seed: String(run.seed), messagesOmitted: run.messagesOmitted, requestsOmitted: run.requestsOmitted, ...samplingData(run.traceSampling) };
  // The document's head and tail go on its first and last piece, so that the one join makes the whole text flat.
  const texts = [`{"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)},"traceEvents":[\n${metadata.join(',\n')}`];
  for (const threads of tracks) {
    for (const thread of threads ?? []) thread?.writeSorted(texts);
  }
  texts[texts.length - 1] += '\n]}\n';
  return texts.join(',\n');
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

/** Each lane's name and place, written by hand as JSON.stringify would write them (a run has hundreds of lanes; the names need no escaping). */
function laneMetadata(laneCount: ReadonlyMap<number, number>, into: string[]): void {
  for (const [pid, count] of laneCount) {
    const name = pid === FAULTS_PID ? 'fault periods' : 'spans';
    for (let lane = 0; lane < count; lane++) {
      const tid = FIRST_SPAN_TID + lane;
      into.push(
        `{"name":"thread_name","ph":"M","pid":${pid},"tid":${tid},"ts":0,"args":{"name":"${name} ${lane + 1}"}}`,
        `{"name":"thread_sort_index","ph":"M","pid":${pid},"tid":${tid},"ts":0,"args":{"sort_index":${tid}}}`,
      );
    }
  }
}

type TrackOf = (pid: number, tid: number) => Track;

/** A message's events: its send, each delivery and its loss, with a flow arrow to each end; `index`: its place in run.messages. */
function addMessage(message: ObservedMessage, index: number, pidOf: ReadonlyMap<number, number>, track: TrackOf): void {
  const fromPid = pidOf.get(message.from);
  const toPid = pidOf.get(message.to);
  if (fromPid === undefined || toPid === undefined) return;
  const sendUs = message.sendUs;
  const sender = track(fromPid, EVENTS_TID);
  sender.addMessageEvent(sendUs, SEND_EVENT, index, 0);
  const receiver = track(toPid, EVENTS_TID);
  let end = 0;
  for (const delivery of message.deliveries) {
    receiver.addMessageEvent(delivery.timeUs, RECEIVE_EVENT, index, 0);
    addFlow(message.id * 4 + Math.min(end++, 3), index, sender, sendUs, receiver, delivery.timeUs);
  }
  const drop = message.drop;
  if (drop !== undefined) {
    // Cut at the send: the loss shows on the sender; lost in flight: on the receiver.
    const lostOn = drop.timeUs === sendUs ? sender : receiver;
    lostOn.addMessageEvent(drop.timeUs, LOST_EVENT, index, 0);
    addFlow(message.id * 4 + Math.min(end, 3), index, sender, sendUs, lostOn, drop.timeUs);
  }
}

/** A flow arrow from the send to one end (a delivery or the drop). */
function addFlow(id: number, index: number, sender: Track, sendUs: Micros, end: Track, endUs: Micros): void {
  sender.addMessageEvent(sendUs, FLOW_START_EVENT, index, id);
  end.addMessageEvent(endUs, FLOW_END_EVENT, index, id);
}

/** A log line as an instant event, written by hand as JSON.stringify would write it (levels need no escaping). */
function logText(record: ObservedRun['logs'][number], pid: number): string {
  const trace = record.traceId === undefined ? '' : `,"traceId":${jsonString(record.traceId)}`;
  const args = `{"level":"${record.level}","eventIndex":${JSON.stringify(record.eventIndex)}${trace}}`;
  return `{"name":${jsonString(record.text.slice(0, 120))},"cat":"log.${record.level}","ph":"i","s":"t","pid":${pid},"tid":${EVENTS_TID},"ts":${JSON.stringify(record.timeUs)},"args":${args}}`;
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

function addSpans(spans: readonly Span[], pidOf: ReadonlyMap<number, number>, spanLane: (pid: number, tid: number) => SpanLane, laneCount: Map<number, number>): void {
  const lanes = new LaneAllocator();
  // Per kind, then name: a run has a few names and hundreds of thousands of spans.
  const headsByKind = { client: spanHeadsOf('client'), server: spanHeadsOf('server') };
  for (const span of inStartOrder(spans)) {
    const pid = pidOf.get(span.node);
    if (pid === undefined || span.kind === 'internal') continue;
    const tid = FIRST_SPAN_TID + lanes.place(pid, span.startUs, span.endUs);
    spanLane(pid, tid).add(span, headsByKind[span.kind].get(span.name));
  }
  lanes.counts(laneCount);
}

/** The openings of a kind's span events by span name (a run has few names), flat (see flowTail); no limit: the run's names are all kept anyway. */
function spanHeadsOf(kind: 'client' | 'server'): MemoTable<string, SpanHeads> {
  return new MemoTable((spanName: string) => {
    const name = JSON.stringify(spanName);
    return { begin: flat(`{"name":${name},"cat":"span.${kind}","ph":"B",`), end: flat(`{"name":${name},"cat":"span.${kind}","ph":"E",`) };
  }, Number.POSITIVE_INFINITY);
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
    // Written by hand as JSON.stringify would write { name, ph, pid, tid, ts, args: { value } }.
    const head = `{"name":${JSON.stringify(name)},"ph":"C","pid":${pid},"tid":0,"ts":`;
    const counterTrack = track(pid, 0);
    let previous: number | null = null;
    const values = series.values;
    for (let index = 0; index < values.length; index++) {
      const value = values[index] as number | null;
      if (value === null || value === previous) continue;
      previous = value;
      const ts = times[index] as number;
      counterTrack.addText(ts, `${head}${JSON.stringify(ts)},"args":{"value":${JSON.stringify(value)}}}`);
    }
  }
}
