// The merges every replica runs, as properties: merging PN-counters, OR-sets, version
// vectors and last-writer-wins registers is commutative, associative and idempotent (a
// join-semilattice), so replicas that exchange states in any order, any number of times,
// end up equal. And the values mean what they should: a counter is the sum of its
// updates, a set's remove only removes the adds it observed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToSet, EMPTY_SET, mergeSets, removeFromSet, setElements, type OrSet } from '../../../src/protocols/kv-ap/or-set.ts';
import { counterValue, EMPTY_COUNTER, mergeCounters, updateCounter, type PnCounter } from '../../../src/protocols/kv-ap/pn-counter.ts';
import { mergeRecords, type StoredRecord } from '../../../src/protocols/kv-ap/stored-record.ts';
import { mergeVectors, type VersionVector } from '../../../src/protocols/kv-ap/version-vector.ts';

const NODES = 4;
const node = fc.integer({ min: 0, max: NODES - 1 });

/** A counter built by a random list of updates (so it is a reachable state). */
const counter: fc.Arbitrary<PnCounter> = fc
  .array(fc.tuple(node, fc.integer({ min: -5, max: 5 })), { maxLength: 12 })
  .map((updates) => updates.reduce((state, [at, delta]) => updateCounter(state, at, delta), EMPTY_COUNTER));

/** A set built by adds with unique tags and removes of observed elements. */
const orSet: fc.Arbitrary<OrSet> = fc
  .array(fc.tuple(fc.boolean(), node, fc.constantFrom('x', 'y', 'z')), { maxLength: 12 })
  .chain((steps) =>
    fc.integer({ min: 0, max: 1_000 }).map((salt) => {
      let state = EMPTY_SET;
      steps.forEach(([isAdd, at, element], index) => {
        state = isAdd ? addToSet(state, element, { node: at, counter: salt * 100 + index + 1 }) : removeFromSet(state, element);
      });
      return state;
    }),
  );

const vector: fc.Arbitrary<VersionVector> = fc
  .uniqueArray(fc.tuple(node, fc.integer({ min: 1, max: 9 })), { selector: ([at]) => at, maxLength: NODES })
  .map((entries) => entries.sort((left, right) => left[0] - right[0]));

const lwwRecord: fc.Arbitrary<StoredRecord> = fc
  .record({ value: fc.constantFrom('a;', 'b;', 'c;'), wallUs: fc.integer({ min: 0, max: 5 }), logical: fc.integer({ min: 0, max: 2 }), node })
  .map(({ value, wallUs, logical, node: at }) => ({ kind: 'lww', value, stamp: { wallUs, logical, node: at } }));

function semilattice<T>(name: string, arbitrary: fc.Arbitrary<T>, merge: (left: T, right: T) => T): void {
  describe(name, () => {
    it('merges commutatively', () => {
      fc.assert(
        fc.property(arbitrary, arbitrary, (left, right) => {
          expect(merge(left, right)).toEqual(merge(right, left));
        }),
      );
    });
    it('merges associatively', () => {
      fc.assert(
        fc.property(arbitrary, arbitrary, arbitrary, (a, b, c) => {
          expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
        }),
      );
    });
    it('merges idempotently', () => {
      fc.assert(
        fc.property(arbitrary, (state) => {
          expect(merge(state, state)).toEqual(state);
        }),
      );
    });
  });
}

semilattice('PN-counter', counter, mergeCounters);
semilattice('OR-set', orSet, mergeSets);
semilattice('version vector', vector, mergeVectors);
semilattice('last-writer-wins register', lwwRecord, (left, right) => mergeRecords(left, right));

describe('CRDT values', () => {
  it('a PN-counter is the sum of every update, however the replicas that took them merge', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(node, fc.integer({ min: -5, max: 5 })), { maxLength: 20 }), (updates) => {
        // Each node applies its own updates to its own replica; then all replicas merge.
        const replicas = Array.from({ length: NODES }, (_unused, at) => updates.filter(([by]) => by === at).reduce((state, [by, delta]) => updateCounter(state, by, delta), EMPTY_COUNTER));
        const merged = replicas.reduce(mergeCounters, EMPTY_COUNTER);
        expect(counterValue(merged)).toBe(updates.reduce((sum, [, delta]) => sum + delta, 0));
      }),
    );
  });

  it('an OR-set add concurrent with a remove of the same element survives it (add wins)', () => {
    const added = addToSet(EMPTY_SET, 'x', { node: 0, counter: 1 });
    const removedThere = removeFromSet(added, 'x');
    const addedAgainHere = addToSet(added, 'x', { node: 1, counter: 1 });
    expect(setElements(removedThere)).toEqual([]);
    expect(setElements(mergeSets(removedThere, addedAgainHere))).toEqual(['x']);
    expect(setElements(mergeSets(removedThere, added))).toEqual([]);
  });

  it('an OR-set lists each present element once, sorted', () => {
    let state = EMPTY_SET;
    state = addToSet(state, 'y', { node: 0, counter: 1 });
    state = addToSet(state, 'x', { node: 1, counter: 1 });
    state = addToSet(state, 'y', { node: 1, counter: 2 });
    expect(setElements(state)).toEqual(['x', 'y']);
  });

  it('refuses a counter update that is not an integer', () => {
    expect(() => updateCounter(EMPTY_COUNTER, 0, 0.5)).toThrow(new RangeError('counter update: invalid delta 0.5: expected an integer'));
  });
});
