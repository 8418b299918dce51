// Locks on a service's items (a flight, a room, a car), held by one owner at a time.
// Rule: the table is volatile, like any lock manager in memory; whoever must keep a lock
// across a crash (a prepared 2PC participant) takes it again on recovery, from its log.
// Waiting and holding are reported to `observe`, so the report can show blocked time.
import type { Micros } from '../../engine/time.ts';
import { nodeContext, waitUntil, type Process } from '../../node/process.ts';
import { Signal } from '../../node/signal.ts';

export interface LockObserver {
  /** A wait for a lock ended (acquired or given up), after `waitedUs`. */
  waited(waitedUs: Micros): void;
  /** A lock was released after being held `heldUs`. */
  held(heldUs: Micros): void;
}

interface Holder {
  readonly owner: string;
  readonly sinceUs: Micros;
}

export type LockOutcome = 'acquired' | 'timeout';

export class LockTable {
  private readonly holders = new Map<string, Holder>();
  private readonly released = new Signal('lock released');

  constructor(private readonly observe: LockObserver) {}

  /** Waits (at most `timeoutUs`) until `key` is free, then holds it for `owner`. */
  *acquire(key: string, owner: string, timeoutUs: Micros): Process<LockOutcome> {
    const context = yield* nodeContext();
    const startUs = context.now;
    const outcome = yield* waitUntil(() => !this.holders.has(key), this.released, { timeoutUs });
    if (outcome === 'signalled') this.holders.set(key, { owner, sinceUs: context.now });
    this.observe.waited(context.now - startUs);
    return outcome === 'signalled' ? 'acquired' : 'timeout';
  }

  /** Takes `key` for `owner` without waiting (recovery: the log says it was held since `sinceUs`). */
  restore(key: string, owner: string, sinceUs: Micros): void {
    this.holders.set(key, { owner, sinceUs });
  }

  /** Releases `key` if `owner` holds it; wakes whoever waits. */
  release(key: string, owner: string, nowUs: Micros): void {
    const holder = this.holders.get(key);
    if (holder === undefined || holder.owner !== owner) return;
    this.holders.delete(key);
    this.observe.held(nowUs - holder.sinceUs);
    this.released.notify();
  }

  holderOf(key: string): string | undefined {
    return this.holders.get(key)?.owner;
  }

  /** Whether anyone is waiting for some lock of this table now. */
  get hasWaiters(): boolean {
    return this.released.waiterCount > 0;
  }
}
