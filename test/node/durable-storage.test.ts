// Durable storage holds copies: changing an object after writing it never changes the disk.
import { describe, expect, it } from 'vitest';
import { DurableStorage } from '../../src/node/durable-storage.ts';

describe('durable storage', () => {
  it('deep-copies values on write', () => {
    const storage = new DurableStorage();
    const log = { entries: [{ term: 1, values: [1, 2] }] };
    storage.set('log', log);
    log.entries[0]!.values.push(3);
    log.entries.push({ term: 2, values: [] });
    expect(storage.get('log')).toEqual({ entries: [{ term: 1, values: [1, 2] }] });
  });

  it('copies Maps and Sets too', () => {
    const storage = new DurableStorage();
    const seen = new Set([1, 2]);
    storage.set('seen', seen);
    seen.add(3);
    expect(storage.get<Set<number>>('seen')).toEqual(new Set([1, 2]));
  });

  it('keeps keys in insertion order and forgets deleted ones', () => {
    const storage = new DurableStorage();
    storage.set('b', 1);
    storage.set('a', 2);
    storage.set('c', 3);
    storage.delete('a');
    expect(storage.keys()).toEqual(['b', 'c']);
    expect(storage.has('a')).toBe(false);
    expect(storage.get('a')).toBeUndefined();
  });
});
