// The collector's record of one message, which exporters read as an ObservedMessage. Rule:
// a run keeps one per message until it ends, and each object kept costs every garbage
// collection, so while the run goes on a record is one object: its label is a shared head
// and an rpc id, its first delivery is kept in fields, and only a message delivered again
// (a duplicate) gets a list for the later ones. When the run ends, complete() writes its
// label, deliveries and trace id into its own fields, as plain data.
import type { Micros } from '../engine/time.ts';
import type { DropReason } from '../engine/trace.ts';
import type { MessageArrival, ObservedMessage } from './observed-run.ts';
import { labelOf } from './rpc-envelope.ts';

const NO_ARRIVALS: readonly MessageArrival[] = Object.freeze([]);
/** Stands for "not delivered yet" in firstEventIndex (event indexes start at 0). */
const NOT_DELIVERED = -1;

export class MessageRecord implements ObservedMessage {
  drop: { readonly timeUs: Micros; readonly eventIndex: number; readonly reason: DropReason } | undefined = undefined;
  /** Written by complete(). */
  label = '';
  deliveries: readonly MessageArrival[] = NO_ARRIVALS;
  traceId: string | undefined = undefined;
  private firstTimeUs: Micros = 0;
  private firstEventIndex = NOT_DELIVERED;
  /** Deliveries after the first (a duplicated message); undefined for nearly every message. */
  private later: MessageArrival[] | undefined = undefined;

  constructor(
    readonly id: number,
    readonly from: number,
    readonly to: number,
    /** `call work`, `reply ok`, or a plain message's type: shared by many records. */
    private readonly labelHead: string,
    private readonly rpcId: number | undefined,
    readonly sendUs: Micros,
    readonly sendEventIndex: number,
  ) {}

  /** Writes the label, the deliveries and the trace the message belongs to, as exporters read them; returns the record. */
  complete(traceId: string | undefined): ObservedMessage {
    this.label = labelOf(this.labelHead, this.rpcId);
    this.deliveries = this.deliveryList();
    this.traceId = traceId;
    return this;
  }

  private deliveryList(): MessageArrival[] {
    if (this.firstEventIndex === NOT_DELIVERED) return [];
    const first = { timeUs: this.firstTimeUs, eventIndex: this.firstEventIndex };
    return this.later === undefined ? [first] : [first, ...this.later];
  }

  addDelivery(timeUs: Micros, eventIndex: number): void {
    if (this.firstEventIndex === NOT_DELIVERED) {
      this.firstTimeUs = timeUs;
      this.firstEventIndex = eventIndex;
      return;
    }
    (this.later ??= []).push({ timeUs, eventIndex });
  }
}
