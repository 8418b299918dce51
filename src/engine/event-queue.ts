// The pending-event queue: a binary min-heap ordered by (time, sequence number).
// Rule: ties in time are broken by scheduling order, so two runs that schedule the
// same events in the same order always pop them in the same order.
//
// Struct-of-arrays layout: times and sequence numbers live in typed arrays, and each
// event's handler and argument in plain arrays, so a push allocates nothing.

export type EventHandler<A = unknown> = (argument: A) => void;

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  private sequences = new Float64Array(INITIAL_CAPACITY);
  private handlers: (EventHandler<never> | undefined)[] = new Array(INITIAL_CAPACITY);
  private argumentsOf: unknown[] = new Array(INITIAL_CAPACITY);
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
    const sequence = this.nextSequence++;
    this.siftUp(this.count++, time, sequence, handler as EventHandler<never>, argument);
    return sequence;
  }

  /**
   * Removes the earliest event and hands it to `visit`. Returns false when empty.
   * Taking a visitor instead of returning a tuple keeps the pop allocation-free.
   */
  popInto(visit: PoppedEventVisitor): boolean {
    if (this.count === 0) return false;
    const time = this.times[0] as number;
    const handler = this.handlers[0] as EventHandler<unknown>;
    const argument = this.argumentsOf[0];
    this.removeRoot();
    visit.time = time;
    visit.handler = handler;
    visit.argument = argument;
    return true;
  }

  private removeRoot(): void {
    const last = --this.count;
    const times = this.times;
    const sequences = this.sequences;
    const handlers = this.handlers;
    const argumentsOf = this.argumentsOf;
    if (last === 0) {
      handlers[0] = undefined;
      argumentsOf[0] = undefined;
      return;
    }
    const time = times[last] as number;
    const sequence = sequences[last] as number;
    const handler = handlers[last];
    const argument = argumentsOf[last];
    handlers[last] = undefined;
    argumentsOf[last] = undefined;
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
      handlers[index] = handlers[child];
      argumentsOf[index] = argumentsOf[child];
      index = child;
    }
    times[index] = time;
    sequences[index] = sequence;
    handlers[index] = handler;
    argumentsOf[index] = argument;
  }

  private siftUp(start: number, time: number, sequence: number, handler: EventHandler<never>, argument: unknown): void {
    const times = this.times;
    const sequences = this.sequences;
    const handlers = this.handlers;
    const argumentsOf = this.argumentsOf;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      const parentTime = times[parent] as number;
      // Sequences only grow, so an equal time always sits below its parent.
      if (parentTime <= time) break;
      times[index] = parentTime;
      sequences[index] = sequences[parent] as number;
      handlers[index] = handlers[parent];
      argumentsOf[index] = argumentsOf[parent];
      index = parent;
    }
    times[index] = time;
    sequences[index] = sequence;
    handlers[index] = handler;
    argumentsOf[index] = argument;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    this.times = times;
    this.sequences = sequences;
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
