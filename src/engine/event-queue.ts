// The pending-event queue: a binary min-heap ordered by (time, sequence number).
// Rule: ties in time are broken by scheduling order, so two runs that schedule the
// same events in the same order always pop them in the same order.
//
// Layout: the heap itself holds only numbers (time, sequence, slot) in typed arrays;
// each event's handler and argument sit in a slot that never moves while the event
// waits. Sifting therefore copies plain numbers and never stores an object pointer
// (no write barriers), and a push allocates nothing once the arrays have grown.

export type EventHandler<A = unknown> = (argument: A) => void;

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  /** Heap order: times[i], sequences[i] and slots[i] describe the i-th heap entry. */
  private times = new Float64Array(INITIAL_CAPACITY);
  private sequences = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  /** Slot contents: the handler and argument of the event in that slot. */
  private handlers: (EventHandler<never> | undefined)[] = new Array(INITIAL_CAPACITY);
  private argumentsOf: unknown[] = new Array(INITIAL_CAPACITY);
  /** Slots free for reuse (a stack, so recently freed, cache-warm slots come back first). */
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  /** Slots [0, usedSlots) have been handed out at least once. */
  private usedSlots = 0;
  private count = 0;
  private nextSequence = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : (this.times[0] as number);
  }

  push<A>(time: number, handler: EventHandler<A>, argument: A): number {
    if (this.count === this.times.length) this.grow();
    const slot = this.freeCount !== 0 ? (this.freeSlots[--this.freeCount] as number) : this.usedSlots++;
    this.handlers[slot] = handler as EventHandler<never>;
    this.argumentsOf[slot] = argument;
    const sequence = this.nextSequence++;
    this.siftUp(this.count++, time, sequence, slot);
    return sequence;
  }

  /**
   * Removes the earliest event and hands it to `visit`. Returns false when empty.
   * Taking a visitor instead of returning a tuple keeps the pop allocation-free.
   */
  popInto(visit: PoppedEventVisitor): boolean {
    if (this.count === 0) return false;
    const slot = this.slots[0] as number;
    visit.time = this.times[0] as number;
    visit.handler = this.handlers[slot] as EventHandler<unknown>;
    visit.argument = this.argumentsOf[slot];
    this.handlers[slot] = undefined;
    this.argumentsOf[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
    this.removeRoot();
    return true;
  }

  private removeRoot(): void {
    const last = --this.count;
    if (last === 0) return;
    const times = this.times;
    const sequences = this.sequences;
    const slots = this.slots;
    const time = times[last] as number;
    const sequence = sequences[last] as number;
    const slot = slots[last] as number;
    let index = 0;
    const half = last >>> 1;
    while (index < half) {
      let child = 2 * index + 1;
      let childTime = times[child] as number;
      let childSequence = sequences[child] as number;
      const right = child + 1;
      if (right < last) {
        const rightTime = times[right] as number;
        if (rightTime < childTime || (rightTime === childTime && (sequences[right] as number) < childSequence)) {
          child = right;
          childTime = rightTime;
          childSequence = sequences[right] as number;
        }
      }
      if (childTime > time || (childTime === time && childSequence > sequence)) break;
      times[index] = childTime;
      sequences[index] = childSequence;
      slots[index] = slots[child] as number;
      index = child;
    }
    times[index] = time;
    sequences[index] = sequence;
    slots[index] = slot;
  }

  private siftUp(start: number, time: number, sequence: number, slot: number): void {
    const times = this.times;
    const sequences = this.sequences;
    const slots = this.slots;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      const parentTime = times[parent] as number;
      // Sequences only grow, so an equal time always sits below its parent.
      if (parentTime <= time) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      slots[index] = slots[parent] as number;
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
    slots[index] = slot;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    const freeSlots = new Int32Array(capacity);
    freeSlots.set(this.freeSlots);
    this.times = times;
    this.sequences = sequences;
    this.slots = slots;
    this.freeSlots = freeSlots;
    this.handlers.length = capacity;
    this.argumentsOf.length = capacity;
  }
}

/** Scratch record the queue fills on pop (one per simulation, reused). */
export interface PoppedEventVisitor {
  time: number;
  handler: EventHandler<unknown>;
  argument: unknown;
}
