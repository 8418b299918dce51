// Durable lists: appends copy only the new item, truncation keeps a prefix, the view is
// live and read-only, and what was written survives a crash like any durable value.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { Cluster } from '../../src/node/cluster.ts';
import { DurableStorage } from '../../src/node/durable-storage.ts';

describe('durable storage lists', () => {
  it('appends copies, so changing an appended object later never changes the disk', () => {
    const storage = new DurableStorage();
    const entry = { term: 1, command: { key: 'a', values: [1] } };
    expect(storage.appendToList('log', entry)).toBe(1);
    entry.term = 9;
    entry.command.values.push(2);
    expect(storage.list('log')).toEqual([{ term: 1, command: { key: 'a', values: [1] } }]);
    expect(storage.list('log')[0]).not.toBe(entry);
  });

  it('copies Maps and Sets inside an appended value too', () => {
    const storage = new DurableStorage();
    const seen = new Set([1]);
    storage.appendToList('sets', { seen });
    seen.add(2);
    expect(storage.list<{ seen: Set<number> }>('sets')[0]?.seen).toEqual(new Set([1]));
  });

  it('stores a deeply frozen value as it is, since it can never change', () => {
    const storage = new DurableStorage();
    const entry = Object.freeze({ term: 2, command: Object.freeze({ key: 'a' }) });
    storage.appendToList('log', entry);
    expect(storage.list('log')[0]).toBe(entry);
  });

  it('copies a value frozen only on the outside, whose inside could still change', () => {
    const storage = new DurableStorage();
    const command = { key: 'a' };
    const entry = Object.freeze({ term: 2, command });
    storage.appendToList('log', entry);
    command.key = 'b';
    expect(storage.list('log')[0]).not.toBe(entry);
    expect(storage.list('log')).toEqual([{ term: 2, command: { key: 'a' } }]);
  });

  it('drops the front of a list and keeps the rest as the same objects', () => {
    const storage = new DurableStorage();
    for (let index = 0; index < 5; index++) storage.appendToList('log', { index });
    const view = storage.list<{ index: number }>('log');
    const third = view[2];
    storage.dropListFront('log', 2);
    expect(view.map((item) => item.index)).toEqual([2, 3, 4]);
    expect(view[0]).toBe(third);
    storage.dropListFront('log', 10);
    expect(view).toEqual([]);
    expect(() => storage.dropListFront('log', -1)).toThrow(/invalid count -1/);
  });

  it('appendFrozen stores the value itself, for a caller that vouches it is deeply frozen', () => {
    const storage = new DurableStorage();
    const entry = Object.freeze({ term: 2, command: Object.freeze({ key: 'a' }) });
    expect(storage.appendFrozen('log', entry)).toBe(1);
    expect(storage.list('log')[0]).toBe(entry);
    expect(storage.appendFrozen('log', entry)).toBe(2);
  });

  it('refuses functions, which are not data', () => {
    expect(() => new DurableStorage().appendToList('log', { run: () => 1 })).toThrow(TypeError);
  });

  it('truncates to a prefix and ignores a length beyond the end', () => {
    const storage = new DurableStorage();
    for (let value = 0; value < 5; value++) storage.appendToList('log', value);
    storage.truncateList('log', 7);
    expect(storage.list('log')).toEqual([0, 1, 2, 3, 4]);
    storage.truncateList('log', 2);
    expect(storage.list('log')).toEqual([0, 1]);
    expect(storage.appendToList('log', 8)).toBe(3);
    expect(storage.list('log')).toEqual([0, 1, 8]);
  });

  it('rejects a negative or fractional truncation length, naming it', () => {
    const storage = new DurableStorage();
    expect(() => storage.truncateList('log', -1)).toThrow(/invalid length -1/);
    expect(() => storage.truncateList('log', 1.5)).toThrow(RangeError);
  });

  it('returns a live view, even of a list not yet written: it shows later appends and truncations', () => {
    const storage = new DurableStorage();
    const view = storage.list<number>('log');
    expect(view).toEqual([]);
    storage.appendToList('log', 1);
    storage.appendToList('log', 2);
    storage.truncateList('log', 1);
    expect(view).toEqual([1]);
  });

  it('lists show up in keys() and can be deleted like other values', () => {
    const storage = new DurableStorage();
    storage.set('term', 3);
    storage.appendToList('log', 'x');
    expect(storage.keys()).toEqual(['term', 'log']);
    storage.delete('log');
    expect(storage.has('log')).toBe(false);
    expect(storage.list('log')).toEqual([]);
  });

  it('refuses list operations on a key that holds something else', () => {
    const storage = new DurableStorage();
    storage.set('term', 3);
    expect(() => storage.appendToList('term', 1)).toThrow(/not a list/);
    expect(() => storage.list('term')).toThrow(/not a list/);
  });

  it('keeps appended items across a crash and restart', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    const lengthsAtBoot: number[] = [];
    cluster.addNode(() => ({
      onStart(context) {
        lengthsAtBoot.push(context.storage.list('log').length);
        context.storage.appendToList('log', { term: 1 });
        context.storage.appendToList('log', { term: 1 });
        context.storage.truncateList('log', 1);
      },
      onRecover(context) {
        lengthsAtBoot.push(context.storage.list('log').length);
      },
      onMessage() {},
    }));
    cluster.start();
    simulation.runUntil(10);
    cluster.crash(0);
    cluster.restart(0);
    expect(lengthsAtBoot).toEqual([0, 1]);
    expect(cluster.contextOf(0).storage.list('log')).toEqual([{ term: 1 }]);
  });

  it('leaves items already stored untouched when appending (no copy of the whole list)', () => {
    const storage = new DurableStorage();
    storage.appendToList('log', { term: 1 });
    const first = storage.list('log')[0];
    for (let index = 0; index < 1_000; index++) storage.appendToList('log', { term: 2, index });
    storage.truncateList('log', 10);
    expect(storage.list('log')[0]).toBe(first);
  });
});
