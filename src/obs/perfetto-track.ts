// A Perfetto track of a process (its messages, logs and fault marks, its counters, or a
// lane of fault periods): events kept with their time and written out in time order, ties
// in the order they were added. Rule: a message's events are kept as numbers (a code of
// kind and message, a flow id) and made into text only as the track is written, joined a
// chunk at a time, so a long run (hundreds of thousands of events) keeps no text per
// event; other events are kept as their text, flattened (flat-text.ts).
import type { Micros } from '../engine/time.ts';
import type { ObservedMessage } from './observed-run.ts';
import { flat } from './flat-text.ts';
import type { MessageLabels } from './perfetto-message-labels.ts';
import { EVENTS_PER_CHUNK, EVENTS_TID, MESSAGE_SLICE_US, type TraceEventJson } from './perfetto-layout.ts';

/**
 * What a track's event is: a text kept as written, or a message's event written when the
 * track is. Private, behind addSend, addReceive ...: a constant imported from another module
 * is read on every use, and with the chunk limit that cost about 4% of this export's time.
 */
const TEXT_EVENT = 0;
const SEND_EVENT = 1;
const RECEIVE_EVENT = 2;
const LOST_EVENT = 3;
const FLOW_START_EVENT = 4;
const FLOW_END_EVENT = 5;
/** An event's code is its kind plus this times its message's (or text's) index. */
const KINDS = 8;
/** A message slice that starts or ends no flow arrow itself (flow ids start at 0). */
const NO_BINDING = -1;

/** The track of a process and thread, made on first use. */
export type TrackOf = (pid: number, tid: number) => Track;

export class Track {
  private readonly times: number[] = [];
  /** Per event: its kind plus KINDS times the index of its message in `messages` (or of its text in `texts`). */
  private readonly codes: number[] = [];
  /** Per event: a flow event's id, or the flow a message slice starts or ends (flow v2's bind_id, NO_BINDING for none); 0 for a text. */
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

  // A message's events, `index` its place in `messages`: kept as codes, written when the track is (eventText).
  // `bindId`, unless NO_BINDING: the flow arrow the slice itself starts (a send) or ends (a receive
  // or a loss), written on the slice (flow v2: bind_id with flow_out or flow_in), so the
  // arrow needs no events of its own.
  addSend(ts: number, index: number, bindId = NO_BINDING): void {
    this.push(ts, SEND_EVENT + KINDS * index, bindId);
  }

  addReceive(ts: number, index: number, bindId = NO_BINDING): void {
    this.push(ts, RECEIVE_EVENT + KINDS * index, bindId);
  }

  addLoss(ts: number, index: number, bindId = NO_BINDING): void {
    this.push(ts, LOST_EVENT + KINDS * index, bindId);
  }

  /** The start of flow arrow `flowId`, bound to the message's send slice. */
  addFlowStart(ts: number, index: number, flowId: number): void {
    this.push(ts, FLOW_START_EVENT + KINDS * index, flowId);
  }

  /** The end of flow arrow `flowId`, bound to the slice of a delivery or of the loss. */
  addFlowEnd(ts: number, index: number, flowId: number): void {
    this.push(ts, FLOW_END_EVENT + KINDS * index, flowId);
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
    // Read once: an imported binding is read again on every use, where V8 folds a constant of this module.
    const eventsPerChunk = EVENTS_PER_CHUNK;
    let texts: string[] = [];
    for (let position = 0; position < count; position++) {
      const index = order === undefined ? position : (order[position] as number);
      texts.push(this.eventText(index));
      if (texts.length === eventsPerChunk) {
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
    const bindId = this.flowIds[index] as number;
    const where = (this.sliceWhere ??= sliceWhere(this.pid));
    return messageEventText(this.messages.of(item), this.messages.labelOf(item), kind, bindId === NO_BINDING ? where : `${kind === SEND_EVENT ? ',"flow_out":true' : ',"flow_in":true'},"bind_id":${bindId}${where}`, ts);
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
 * A message's send, receive or loss slice, as addMessage placed it (Track writes flows
 * itself); `label`: the message's label inside a JSON string; `where`: the slice's
 * duration, process and thread (sliceWhere), after its flow binding if it has one. One
 * template per event: each piece is one more string to make.
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
