// The last trace events of a live session, for the events panel. Rule: it holds at
// most `capacity` events however long the run, and storing one is a single array write,
// because it runs inside the simulation's hot path while the TUI watches.
import type { TraceEvent } from '../engine/trace.ts';

/** How many recent events the TUI keeps for its log and its filters. */
export const EVENT_RING_CAPACITY = 2_000;

export class EventRing {
  private readonly slots: (TraceEvent | undefined)[];
  private next = 0;
  private stored = 0;

  constructor(readonly capacity = EVENT_RING_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`invalid event ring capacity ${capacity}: expected a positive integer`);
    this.slots = new Array<TraceEvent | undefined>(capacity);
  }

  get size(): number {
    return this.stored;
  }

  push(event: TraceEvent): void {
    this.slots[this.next] = event;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.stored < this.capacity) this.stored++;
  }

  /** The newest events that pass `keep`, oldest first, at most `limit` of them. */
  latest(limit: number, keep: (event: TraceEvent) => boolean = () => true): TraceEvent[] {
    const result: TraceEvent[] = [];
    for (let offset = 1; offset <= this.stored && result.length < limit; offset++) {
      const event = this.slots[(this.next - offset + this.capacity) % this.capacity] as TraceEvent;
      if (keep(event)) result.push(event);
    }
    return result.reverse();
  }
}
