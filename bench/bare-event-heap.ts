// The baseline's event queue: a plain binary min-heap over (time, sequence) in typed
// arrays, with each event's handler and argument in parallel arrays. Rule: it is
// written the obvious way on purpose, with no engine code, so it measures what a bare
// hand-written event loop costs on this machine and Node version.

export type BareHandler = (argument: unknown) => void;

export class BareEventHeap {
  private times = new Float64Array(1024);
  private sequences = new Float64Array(1024);
  private handlers: (BareHandler | undefined)[] = new Array(1024);
  private argumentsOf: unknown[] = new Array(1024);
  private count = 0;
  private nextSequence = 0;
  /** Filled by pop(). */
  poppedTime = 0;
  poppedHandler: BareHandler | undefined;
  poppedArgument: unknown;

  get size(): number {
    return this.count;
  }

  push(time: number, handler: BareHandler, argument: unknown): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const sequences = this.sequences;
    const handlers = this.handlers;
    const argumentsOf = this.argumentsOf;
    const sequence = this.nextSequence++;
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (sequences[parent] as number) < sequence)) break;
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

  /** Removes the earliest event into the popped fields; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const sequences = this.sequences;
    const handlers = this.handlers;
    const argumentsOf = this.argumentsOf;
    this.poppedTime = times[0] as number;
    this.poppedHandler = handlers[0];
    this.poppedArgument = argumentsOf[0];
    const last = --this.count;
    const time = times[last] as number;
    const sequence = sequences[last] as number;
    const handler = handlers[last];
    const argument = argumentsOf[last];
    handlers[last] = undefined;
    argumentsOf[last] = undefined;
    let index = 0;
    while (true) {
      let child = 2 * index + 1;
      if (child >= last) break;
      let childTime = times[child] as number;
      const right = child + 1;
      if (right < last) {
        const rightTime = times[right] as number;
        if (rightTime < childTime || (rightTime === childTime && (sequences[right] as number) < (sequences[child] as number))) {
          child = right;
          childTime = rightTime;
        }
      }
      if (childTime > time || (childTime === time && (sequences[child] as number) > sequence)) break;
      times[index] = childTime;
      sequences[index] = sequences[child] as number;
      handlers[index] = handlers[child];
      argumentsOf[index] = argumentsOf[child];
      index = child;
    }
    if (last > 0) {
      times[index] = time;
      sequences[index] = sequence;
      handlers[index] = handler;
      argumentsOf[index] = argument;
    }
    return true;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const sequences = new Float64Array(this.sequences.length * 2);
    sequences.set(this.sequences);
    this.times = times;
    this.sequences = sequences;
    this.handlers.length = times.length;
    this.argumentsOf.length = times.length;
  }
}
