// Test doubles for the TUI's pacing: a wall clock moved by hand and a frame scheduler
// whose callbacks run only when the test says, so frames happen at chosen moments and
// no test sleeps.
import type { FrameScheduler, HostClock } from '../../src/tui/host-timing.ts';

export class ManualClock implements HostClock {
  private now = 0;

  nowMs(): number {
    return this.now;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`a clock only goes forward, not by ${ms}ms`);
    this.now += ms;
  }
}

interface Pending {
  readonly dueMs: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class ManualScheduler implements FrameScheduler {
  private pending: Pending[] = [];

  constructor(private readonly clock: ManualClock) {}

  schedule(callback: () => void, delayMs: number): () => void {
    const entry: Pending = { dueMs: this.clock.nowMs() + delayMs, callback, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  get size(): number {
    return this.pending.filter((entry) => !entry.cancelled).length;
  }

  /** Runs the callbacks due now, once each (one that schedules another leaves it for next time). */
  runDue(): number {
    const now = this.clock.nowMs();
    const due = this.pending.filter((entry) => !entry.cancelled && entry.dueMs <= now);
    this.pending = this.pending.filter((entry) => !entry.cancelled && entry.dueMs > now);
    for (const entry of due) entry.callback();
    return due.length;
  }

  /** Moves the clock by `ms` and runs what is due. */
  advance(ms: number): number {
    this.clock.advance(ms);
    return this.runDue();
  }
}
