// The collector's record of one message, which exporters read as an ObservedMessage. Rule:
// a run keeps one per message until it ends, and each object kept costs garbage
// collections, so while the run goes on a record is one object: its label is a shared head
// and an rpc id, its first delivery is kept in fields, and only a message delivered again
// (a duplicate) gets a list for the later ones. When the run ends, completeMessage() writes
// its label, deliveries and trace id into its own fields, as plain data.
// A record is an object literal, not a class instance: V8 sees that the objects one literal
// makes live long and then makes them in the old generation at once (allocation-site
// pretenuring), so the minor collections that run every few milliseconds of a run do not
// copy the thousands of records it keeps (it does not do this for `new`).
import type { Micros } from '../engine/time.ts';
import type { DropReason } from '../engine/trace.ts';
import type { MessageArrival, ObservedMessage } from './observed-run.ts';
import { labelOf } from './rpc-envelope.ts';

const NO_ARRIVALS: readonly MessageArrival[] = Object.freeze([]);
/** Stands for "not delivered yet" in firstEventIndex (event indexes start at 0). */
const NOT_DELIVERED = -1;

export interface MessageRecord extends ObservedMessage {
  drop: { readonly timeUs: Micros; readonly eventIndex: number; readonly reason: DropReason } | undefined;
  /** Written by completeMessage(). */
  label: string;
  deliveries: readonly MessageArrival[];
  traceId: string | undefined;
  /** `call work`, `reply ok`, or a plain message's type: shared by many records. */
  readonly labelHead: string;
  readonly rpcId: number | undefined;
  firstTimeUs: Micros;
  firstEventIndex: number;
  /** Deliveries after the first (a duplicated message); undefined for nearly every message. */
  later: MessageArrival[] | undefined;
}

export function newMessageRecord(id: number, from: number, to: number, labelHead: string, rpcId: number | undefined, sendUs: Micros, sendEventIndex: number): MessageRecord {
  return { id, from, to, label: '', sendUs, sendEventIndex, deliveries: NO_ARRIVALS, drop: undefined, traceId: undefined, labelHead, rpcId, firstTimeUs: 0, firstEventIndex: NOT_DELIVERED, later: undefined };
}

/** Writes the label, the deliveries and the trace the message belongs to, as exporters read them; returns the record. */
export function completeMessage(record: MessageRecord, traceId: string | undefined): ObservedMessage {
  record.label = labelOf(record.labelHead, record.rpcId);
  record.deliveries = deliveryList(record);
  record.traceId = traceId;
  return record;
}

function deliveryList(record: MessageRecord): MessageArrival[] {
  if (record.firstEventIndex === NOT_DELIVERED) return [];
  const first = { timeUs: record.firstTimeUs, eventIndex: record.firstEventIndex };
  return record.later === undefined ? [first] : [first, ...record.later];
}

export function addDelivery(record: MessageRecord, timeUs: Micros, eventIndex: number): void {
  if (record.firstEventIndex === NOT_DELIVERED) {
    record.firstTimeUs = timeUs;
    record.firstEventIndex = eventIndex;
    return;
  }
  (record.later ??= []).push({ timeUs, eventIndex });
}
