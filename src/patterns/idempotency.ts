// Idempotency: the server side of "exactly once". A request carries a key that stays
// the same across retries and duplicates (make one with `yield* uniqueId()` when the
// logical request is created). The store runs the first request with a key, keeps its
// result, and answers every later one with that same result without running it again;
// a copy that arrives while the first is still running waits for it.
// Rule: the handler must apply its effect in the same step as it returns (no wait between
// writing the effect and returning), or a crash could separate the effect from its stored
// result. Results are kept at most maxEntries and at most expiryUs of the node's clock;
// a key seen again after that is treated as new. With retention 'durable' the results live
// in the node's durable storage and survive crashes; with 'volatile' they die with the node.
import type { Micros } from '../engine/time.ts';
import type { CallResult } from '../node/call-result.ts';
import type { NodeContext } from '../node/node-api.ts';
import { nodeContext, waitFor, type Process } from '../node/process.ts';
import { Signal } from '../node/signal.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { checkDuration, checkInteger, checkName, checkOneOf, describePattern } from './settings-check.ts';

export type IdempotencyRetention = 'volatile' | 'durable';

export interface IdempotencySettings {
  /** Results kept at most; the oldest is forgotten first. */
  readonly maxEntries: number;
  /** A result is forgotten this long after it was stored. */
  readonly expiryUs: Micros;
  readonly retention: IdempotencyRetention;
  /** Shown in trace lines and used in storage keys (default 'idempotency'). */
  readonly name?: string;
}

interface StoredResult {
  readonly result: CallResult<unknown>;
  readonly storedAtUs: Micros;
}

export interface IdempotencySnapshot {
  readonly policy: string;
  readonly entries: number;
  readonly inFlight: number;
  /** Requests answered from the store without running. */
  readonly replays: number;
  readonly evicted: number;
}

export class IdempotencyStore {
  readonly name: string;
  readonly maxEntries: number;
  readonly expiryUs: Micros;
  readonly retention: IdempotencyRetention;
  /** Keys in the order they were stored, with when (the index; the results live in `results` or storage). */
  private readonly storedAt = new Map<string, Micros>();
  private readonly results = new Map<string, StoredResult>();
  private readonly inFlight = new Map<string, Signal>();
  private isLoaded = false;
  private replays = 0;
  private evicted = 0;

  constructor(settings: IdempotencySettings) {
    this.name = settings.name ?? 'idempotency';
    checkName('idempotency', this.name);
    const where = describePattern('idempotency', settings.name);
    checkInteger(where, 'maxEntries', settings.maxEntries, 1, PATTERN_LIMITS.maxStoreEntries);
    checkDuration(where, 'expiryUs', settings.expiryUs, 1);
    checkOneOf(where, 'retention', settings.retention, ['volatile', 'durable']);
    this.maxEntries = settings.maxEntries;
    this.expiryUs = settings.expiryUs;
    this.retention = settings.retention;
  }

  /** Runs `operation` once per key; every request with the key gets the first result. */
  *execute<Reply>(key: string, operation: () => Process<CallResult<Reply>>): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    this.load(context);
    for (;;) {
      this.expire(context);
      const stored = this.lookup(context, key);
      if (stored !== undefined) {
        this.replays++;
        emitPatternEvent(context, { kind: 'idempotent-replay', policy: this.name, key });
        return stored.result as CallResult<Reply>;
      }
      const running = this.inFlight.get(key);
      if (running === undefined) break;
      // The first copy is still running: wait for it, then read its result (or, if it was
      // cancelled, run this one).
      yield* waitFor(running);
    }
    const done = new Signal(`idempotency ${key}`);
    this.inFlight.set(key, done);
    try {
      const result = yield* operation();
      this.store(context, key, { result, storedAtUs: context.now });
      return result;
    } finally {
      this.inFlight.delete(key);
      done.notify();
    }
  }

  snapshot(): IdempotencySnapshot {
    return { policy: this.name, entries: this.storedAt.size, inFlight: this.inFlight.size, replays: this.replays, evicted: this.evicted };
  }

  toJSON(): IdempotencySnapshot {
    return this.snapshot();
  }

  private storageKey(key: string): string {
    return `idempotency/${this.name}/${key}`;
  }

  /** Durable retention: rebuilds the index from storage once per incarnation. */
  private load(context: NodeContext): void {
    if (this.isLoaded) return;
    this.isLoaded = true;
    if (this.retention === 'volatile') return;
    const prefix = this.storageKey('');
    for (const storageKey of context.storage.keys()) {
      if (!storageKey.startsWith(prefix)) continue;
      const stored = context.storage.get<StoredResult>(storageKey) as StoredResult;
      this.storedAt.set(storageKey.slice(prefix.length), stored.storedAtUs);
    }
  }

  private lookup(context: NodeContext, key: string): StoredResult | undefined {
    if (!this.storedAt.has(key)) return undefined;
    return this.retention === 'durable' ? context.storage.get<StoredResult>(this.storageKey(key)) : this.results.get(key);
  }

  private store(context: NodeContext, key: string, stored: StoredResult): void {
    if (this.storedAt.size >= this.maxEntries) {
      const oldest = this.storedAt.keys().next().value as string;
      this.forget(context, oldest, 'full');
    }
    this.storedAt.set(key, stored.storedAtUs);
    if (this.retention === 'durable') context.storage.set(this.storageKey(key), stored);
    else this.results.set(key, stored);
  }

  /** Forgets results older than expiryUs, oldest first (the index is in storing order). */
  private expire(context: NodeContext): void {
    for (const [key, storedAtUs] of this.storedAt) {
      if (context.now - storedAtUs < this.expiryUs) return;
      this.forget(context, key, 'expired');
    }
  }

  private forget(context: NodeContext, key: string, reason: 'full' | 'expired'): void {
    this.storedAt.delete(key);
    if (this.retention === 'durable') context.storage.delete(this.storageKey(key));
    else this.results.delete(key);
    this.evicted++;
    emitPatternEvent(context, { kind: 'idempotency-evicted', policy: this.name, key, reason });
  }
}

export function idempotencyStore(settings: IdempotencySettings): IdempotencyStore {
  return new IdempotencyStore(settings);
}
