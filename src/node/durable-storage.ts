// A node's durable storage: what it writes here survives crash and restart.
// Rule: values are deep-copied on write (list items that are deeply frozen excepted:
// they cannot change; appendFrozen takes the caller's word for it), so later changes to
// volatile objects can never leak into what "the disk" holds. Treat values read back as
// immutable.
//
// Lists (appendToList / truncateList / dropListFront / list) are for append-mostly data such as a
// replicated log: each append copies only the new item (or nothing, for a deeply frozen
// one), where `set` would copy the whole list on every write (O(n^2) over a run).

export class DurableStorage {
  private readonly entries = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, structuredClone(value));
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keys in insertion order (lists included). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Appends a deep copy of `value` to the list under `key` (an empty list if none);
   * returns the new length. A deeply frozen value (Object.freeze on it and on every
   * object inside it) is stored as it is: it cannot change, so a copy would add nothing
   * but garbage, and nodes that append the same frozen entry share it.
   */
  appendToList(key: string, value: unknown): number {
    return this.listForWrite(key, 'appendToList').push(isDeeplyFrozen(value) ? value : copyValue(value));
  }

  /**
   * Appends `value` as it is, without the deep-frozen check appendToList makes: for a
   * caller that vouches the value is deeply frozen (it built it so, as Raft does with
   * its log entries), where the check would walk the same object on every append.
   * Returns the new length.
   */
  appendFrozen(key: string, value: unknown): number {
    return this.listForWrite(key, 'appendFrozen').push(value);
  }

  /** Keeps the first `length` items of the list under `key` (a no-op when it is already that short). */
  truncateList(key: string, length: number): void {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`truncateList(${JSON.stringify(key)}): invalid length ${String(length)}: expected a non-negative integer`);
    }
    const list = this.listForWrite(key, 'truncateList');
    if (list.length > length) list.length = length;
  }

  /** Removes the first `count` items of the list under `key` (all of them when it is shorter); the rest stay the same objects. */
  dropListFront(key: string, count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`dropListFront(${JSON.stringify(key)}): invalid count ${String(count)}: expected a non-negative integer`);
    }
    const list = this.listForWrite(key, 'dropListFront');
    if (count > 0) list.splice(0, count);
  }

  /**
   * The list under `key` (created empty if there is none) as a live, read-only view: it
   * reflects later appends and truncations without copying. Copy what you need to keep
   * as it is now. `delete` or `set` on the key replaces the list, ending the view.
   */
  list<T>(key: string): readonly T[] {
    return this.listForWrite(key, 'list') as readonly T[];
  }

  private listForWrite(key: string, operation: string): unknown[] {
    const value = this.entries.get(key);
    if (value === undefined) {
      const created: unknown[] = [];
      this.entries.set(key, created);
      return created;
    }
    if (!Array.isArray(value)) throw new TypeError(`${operation}(${JSON.stringify(key)}): the value stored under this key is not a list`);
    return value;
  }
}

/** True for primitives, and for frozen objects and arrays whose contents are all deeply frozen. */
function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  if (!Object.isFrozen(value)) return false;
  for (const key in value) if (!isDeeplyFrozen((value as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * A deep copy. Plain objects, arrays and primitives (the usual shape of a log entry) are
 * copied by hand, about ten times faster than structuredClone; anything else (Map, Set,
 * Date, class instances) goes through structuredClone.
 */
function copyValue(value: unknown): unknown {
  if (typeof value === 'function') throw new TypeError('durable storage holds data, not functions');
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  // for-in walks own and inherited enumerable keys; a plain object inherits none.
  for (const key in value) copy[key] = copyValue((value as Record<string, unknown>)[key]);
  return copy;
}
