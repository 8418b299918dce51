// One consumer group's progress through one partition: the committed offset (every entry
// below it is done: acknowledged or dead-lettered), the entries done above it, how often
// each entry has been delivered, and the leases (entries handed to a consumer and not yet
// acknowledged, each with a visibility deadline).
// Rule: committed offset, done set and delivery counts are the durable part (see
// DurableProgress; the broker writes them after every change); leases are volatile, so
// after a broker restart every unfinished entry is simply deliverable again.
import type { Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';

/** What survives a broker restart. Small: only entries at or above the committed offset are listed. */
export interface DurableProgress {
  readonly committed: number;
  readonly done: readonly number[];
  readonly deliveries: readonly (readonly [offset: number, count: number])[];
}

export interface Lease {
  readonly consumer: NodeId;
  readonly deadlineUs: Micros;
}

/** What happened to a lease whose deadline passed, or that the consumer gave back. */
export type FailedDelivery = 'redeliver' | 'dead-letter';

export class GroupPartition {
  private committedOffset: number;
  private readonly done: Set<number>;
  private readonly deliveries: Map<number, number>;
  readonly leases = new Map<number, Lease>();

  constructor(progress: DurableProgress | undefined) {
    this.committedOffset = progress?.committed ?? 0;
    this.done = new Set(progress?.done ?? []);
    this.deliveries = new Map(progress?.deliveries ?? []);
  }

  get committed(): number {
    return this.committedOffset;
  }

  isDone(offset: number): boolean {
    return offset < this.committedOffset || this.done.has(offset);
  }

  isAvailable(offset: number): boolean {
    return !this.isDone(offset) && !this.leases.has(offset);
  }

  deliveriesOf(offset: number): number {
    return this.deliveries.get(offset) ?? 0;
  }

  /** Leases `offset` to `consumer` until `deadlineUs`; returns which delivery this is (1 = first). */
  lease(offset: number, consumer: NodeId, deadlineUs: Micros): number {
    const delivery = this.deliveriesOf(offset) + 1;
    this.deliveries.set(offset, delivery);
    this.leases.set(offset, { consumer, deadlineUs });
    return delivery;
  }

  /** Marks `offset` done (acknowledged or dead-lettered); false when it already was. */
  finish(offset: number): boolean {
    this.leases.delete(offset);
    if (this.isDone(offset)) return false;
    this.done.add(offset);
    while (this.done.has(this.committedOffset)) {
      this.done.delete(this.committedOffset);
      this.deliveries.delete(this.committedOffset);
      this.committedOffset++;
    }
    return true;
  }

  /** Ends a lease that failed (expired or given back): deliver again, or dead-letter after maxDeliveries. */
  fail(offset: number, maxDeliveries: number): FailedDelivery {
    this.leases.delete(offset);
    return this.deliveriesOf(offset) >= maxDeliveries ? 'dead-letter' : 'redeliver';
  }

  /** Leased offsets whose deadline is at or before `nowUs`, in lease order. */
  expired(nowUs: Micros): number[] {
    const offsets: number[] = [];
    for (const [offset, lease] of this.leases) if (lease.deadlineUs <= nowUs) offsets.push(offset);
    return offsets;
  }

  toDurable(): DurableProgress {
    const deliveries: [number, number][] = [];
    for (const [offset, count] of this.deliveries) if (!this.isDone(offset)) deliveries.push([offset, count]);
    return { committed: this.committedOffset, done: [...this.done], deliveries };
  }
}
