// Chrome / Perfetto trace-event JSON (opens in ui.perfetto.dev and chrome://tracing): one
// process per node, whose first track holds its messages, logs and faults and whose other
// tracks hold its spans; messages are flow arrows from the send to each delivery or to
// the drop (bound on the slices, or s -> f events; see addMessage); fault periods sit on a process of their own; gauges become
// counter tracks. Rule: spans are complete events (X) and fault periods B/E pairs, on lanes
// chosen so that nothing on one lane overlaps, so slices never nest wrongly and every B has
// its E right after it; every track's events are written in time order; ts is virtual time
// in microseconds, as the format expects.
// This file says what goes on which track; the numbering is in perfetto-layout.ts, the
// writing in perfetto-track.ts and perfetto-span-lane.ts, the lanes in perfetto-lane-allocator.ts.
import type { Micros } from '../engine/time.ts';
import type { ObservedMessage, ObservedRun } from './observed-run.ts';
import type { Span } from './span.ts';
import { jsonString } from './json-string.ts';
import { addCounters } from './perfetto-counters.ts';
import { LaneAllocator } from './perfetto-lane-allocator.ts';
import { EVENTS_TID, FAULTS_PID, FIRST_NODE_PID, FIRST_SPAN_TID } from './perfetto-layout.ts';
import { MessageLabels } from './perfetto-message-labels.ts';
import { laneMetadata, processMetadata } from './perfetto-metadata.ts';
import { keptTraces, samplingData } from './perfetto-sampling.ts';
import { SpanLane, spanHeadsOf } from './perfetto-span-lane.ts';
import { Track, type TrackOf } from './perfetto-track.ts';

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
  addCounters(run.timeline, pidOf, track);
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
 * A message's events: its send, each delivery and its loss, with a flow arrow to each end;
 * `index`: its place in run.messages. A message with one end (most) binds its arrow on its
 * two slices (flow v2, as Chrome writes it: no events of its own); one that arrives twice,
 * or arrives and is lost, draws an arrow per end with flow events (flow v1), since a slice
 * carries one binding.
 */
function addMessage(message: ObservedMessage, index: number, pidOf: ReadonlyMap<number, number>, track: TrackOf): void {
  const fromPid = pidOf.get(message.from);
  const toPid = pidOf.get(message.to);
  if (fromPid === undefined || toPid === undefined) return;
  const sendUs = message.sendUs;
  const sender = track(fromPid, EVENTS_TID);
  const receiver = track(toPid, EVENTS_TID);
  const drop = message.drop;
  const deliveries = message.deliveries;
  // Cut at the send: the loss shows on the sender; lost in flight: on the receiver.
  const lostOn = drop === undefined ? receiver : drop.timeUs === sendUs ? sender : receiver;
  if (deliveries.length + (drop === undefined ? 0 : 1) === 1) {
    const bindId = message.id * 4;
    sender.addSend(sendUs, index, bindId);
    if (drop === undefined) receiver.addReceive((deliveries[0] as ObservedMessage['deliveries'][number]).timeUs, index, bindId);
    else lostOn.addLoss(drop.timeUs, index, bindId);
    return;
  }
  sender.addSend(sendUs, index);
  let end = 0;
  for (const delivery of deliveries) {
    receiver.addReceive(delivery.timeUs, index);
    addFlow(message.id * 4 + Math.min(end++, 3), index, sender, sendUs, receiver, delivery.timeUs);
  }
  if (drop !== undefined) {
    lostOn.addLoss(drop.timeUs, index);
    addFlow(message.id * 4 + Math.min(end, 3), index, sender, sendUs, lostOn, drop.timeUs);
  }
}

/** A flow arrow from the send to one end (a delivery or the drop), as flow events bound to the enclosing slices. */
function addFlow(id: number, index: number, sender: Track, sendUs: Micros, end: Track, endUs: Micros): void {
  sender.addFlowStart(sendUs, index, id);
  end.addFlowEnd(endUs, index, id);
}

/** A log line as an instant event, written by hand as JSON.stringify would write it (levels need no escaping). */
function logText(record: ObservedRun['logs'][number], pid: number): string {
  const trace = record.traceId === undefined ? '' : `,"traceId":${jsonString(record.traceId)}`;
  const args = `{"level":"${record.level}","eventIndex":${JSON.stringify(record.eventIndex)}${trace}}`;
  return `{"name":${jsonString(record.text.slice(0, 120))},"cat":"log.${record.level}","ph":"i","s":"t","pid":${pid},"tid":${EVENTS_TID},"ts":${JSON.stringify(record.timeUs)},"args":${args}}`;
}

/** Client and server spans on lanes of their node (internal spans are in the OTLP export only). */
function addSpans(spans: readonly Span[], pidOf: ReadonlyMap<number, number>, spanLane: (pid: number, tid: number) => SpanLane, laneCount: Map<number, number>): void {
  const lanes = new LaneAllocator();
  // Per kind, then name: a run has a few names and hundreds of thousands of spans.
  const headsByKind = { client: spanHeadsOf('client'), server: spanHeadsOf('server') };
  for (const span of inStartOrder(spans)) {
    const pid = pidOf.get(span.node);
    if (pid === undefined || span.kind === 'internal') continue;
    // A zero-length span keeps its lane for a microsecond: two X slices at one instant carry
    // no order, and a viewer may nest the zero-length one inside the next.
    const tid = FIRST_SPAN_TID + lanes.place(pid, span.startUs, Math.max(span.endUs, span.startUs + 1));
    spanLane(pid, tid).add(span, headsByKind[span.kind].get(span.name));
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

/** Fault periods (partitions, crashes, pauses, loss bursts, declared periods) as B/E pairs on lanes of the faults process. */
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
