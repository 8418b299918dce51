// A signal: something processes wait for (a permit freed, a task finished, a queue
// changed). Rule: notify() wakes only those waiting at that moment and remembers
// nothing, so a waiter re-checks its condition in a loop:
// `while (!isReady()) yield* waitFor(signal)`. A signal belongs to one node: sharing one
// between nodes would be shared memory, which distributed systems do not have.

/** Whoever waits on a signal (the process runtime registers one per waiting process). */
export interface SignalWaiter {
  onSignal(signal: Signal): void;
}

export class Signal {
  private readonly waiters = new Set<SignalWaiter>();

  constructor(readonly name = 'signal') {}

  /** How many are waiting right now. */
  get waiterCount(): number {
    return this.waiters.size;
  }

  /** Wakes everyone waiting, in the order they started waiting; returns how many. */
  notify(): number {
    if (this.waiters.size === 0) return 0;
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const waiter of woken) waiter.onSignal(this);
    return woken.length;
  }

  /** For the process runtime: start waiting. */
  addWaiter(waiter: SignalWaiter): void {
    this.waiters.add(waiter);
  }

  /** For the process runtime: stop waiting (woken by something else, or cancelled). */
  removeWaiter(waiter: SignalWaiter): void {
    this.waiters.delete(waiter);
  }
}
