// One node's data on its durable storage: a record per key, the hints it keeps for
// replicas it stood in for, and its per-key dot counters. Rule: one durable entry per key
// (durable storage copies a whole value on every write, so one big map would copy every
// key on every write); the volatile indexes here are rebuilt from storage at each start.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeId } from '../../net/partition.ts';
import { KV_AP_LIMITS } from './kv-ap-options.ts';
import { hashHex } from '../../engine/text-hash.ts';
import type { KvApMetrics } from './kv-ap-metrics.ts';
import { mergeRecords, siblingCount, type StoredRecord } from './stored-record.ts';

const RECORD_PREFIX = 'kv-ap/record/';
const HINT_PREFIX = 'kv-ap/hint/';
const DOT_PREFIX = 'kv-ap/dots/';

/** A record this node keeps for `target`, which was unreachable when it was written. */
export interface Hint {
  readonly target: NodeId;
  readonly key: string;
}

export class ReplicaStore {
  private readonly records = new Map<string, StoredRecord>();
  /** Each record's canonical JSON, computed once per change: merges compare it, digests hash it. */
  private readonly texts = new Map<string, string>();
  private readonly digests = new Map<string, string>();
  /** Hints by storage key, in the order they were taken. */
  private readonly hintIndex = new Map<string, Hint>();

  constructor(
    private readonly storage: DurableStorage,
    private readonly metrics: KvApMetrics,
  ) {
    for (const storageKey of storage.keys()) {
      if (storageKey.startsWith(RECORD_PREFIX)) {
        this.records.set(storageKey.slice(RECORD_PREFIX.length), storage.get<StoredRecord>(storageKey) as StoredRecord);
      } else if (storageKey.startsWith(HINT_PREFIX)) {
        const hint = storage.get<Hint>(storageKey) as Hint;
        this.hintIndex.set(storageKey, hint);
      }
    }
  }

  record(key: string): StoredRecord | undefined {
    return this.records.get(key);
  }

  /** Keys this node holds a record for, in the order it first stored them. */
  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  get keyCount(): number {
    return this.records.size;
  }

  /** Eight hex digits that change whenever the key's record does ('absent' when there is none). */
  digest(key: string): string {
    let digest = this.digests.get(key);
    if (digest === undefined) {
      digest = this.records.has(key) ? hashHex(this.text(key)) : 'absent';
      this.digests.set(key, digest);
    }
    return digest;
  }

  private text(key: string): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(this.records.get(key) ?? null);
      this.texts.set(key, text);
    }
    return text;
  }

  /** Merges `incoming` into the key's record; returns true when the record changed. */
  merge(key: string, incoming: StoredRecord): boolean {
    const current = this.records.get(key);
    if (current === undefined && this.records.size >= KV_AP_LIMITS.maxKeys) {
      throw new RangeError(`kv-ap store: more than ${KV_AP_LIMITS.maxKeys} keys: raise KV_AP_LIMITS.maxKeys or use fewer keys`);
    }
    const merged = mergeRecords(current, incoming);
    const text = JSON.stringify(merged);
    if (current !== undefined && text === this.text(key)) return false;
    this.records.set(key, merged);
    this.texts.set(key, text);
    this.digests.delete(key);
    this.storage.set(RECORD_PREFIX + key, merged);
    this.metrics.siblingsMax = Math.max(this.metrics.siblingsMax, siblingCount(merged));
    return true;
  }

  /** The next dot counter for a write this node coordinates on `key` (1, 2, 3, ...), durable. */
  nextDotCounter(key: string): number {
    const next = (this.storage.get<number>(DOT_PREFIX + key) ?? 0) + 1;
    this.storage.set(DOT_PREFIX + key, next);
    return next;
  }

  addHint(target: NodeId, key: string): void {
    const storageKey = `${HINT_PREFIX}${target}/${key}`;
    if (this.hintIndex.has(storageKey)) return;
    const hint: Hint = { target, key };
    this.hintIndex.set(storageKey, hint);
    this.storage.set(storageKey, hint);
  }

  removeHint(hint: Hint): void {
    const storageKey = `${HINT_PREFIX}${hint.target}/${hint.key}`;
    this.hintIndex.delete(storageKey);
    this.storage.delete(storageKey);
  }

  get hintCount(): number {
    return this.hintIndex.size;
  }

  hints(): Hint[] {
    return [...this.hintIndex.values()];
  }
}
