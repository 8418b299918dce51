import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeedSelection } from '../../src/sweep/seed-selection.ts';

const rangeAndShards = fc
  .record({ first: fc.integer({ min: 0, max: 1_000 }), length: fc.integer({ min: 1, max: 60 }), shardCount: fc.integer({ min: 1, max: 8 }) })
  .map(({ first, length, shardCount }) => ({ range: { first, last: first + length - 1 }, shardCount }));

describe('seed selections', () => {
  it('shards 1/n..n/n partition the range, each taking every n-th seed from its offset', () => {
    fc.assert(
      fc.property(rangeAndShards, ({ range, shardCount }) => {
        const seen: number[] = [];
        for (let index = 1; index <= shardCount; index++) {
          const selection = new SeedSelection(range, { index, count: shardCount });
          for (let position = 0; position < selection.count; position++) {
            const seed = selection.seedAt(position);
            expect((seed - range.first) % shardCount).toBe(index - 1);
            expect(selection.positionOf(seed)).toBe(position);
            seen.push(seed);
          }
        }
        seen.sort((left, right) => left - right);
        expect(seen).toEqual(Array.from({ length: range.last - range.first + 1 }, (_, offset) => range.first + offset));
      }),
    );
  });

  it('has no position for seeds of other shards or outside the range', () => {
    const selection = new SeedSelection({ first: 10, last: 20 }, { index: 2, count: 3 });
    expect([...Array(selection.count).keys()].map((position) => selection.seedAt(position))).toEqual([11, 14, 17, 20]);
    for (const seed of [9, 10, 12, 13, 21, 23, 1.5]) expect(selection.positionOf(seed)).toBeUndefined();
  });

  it('is empty for a shard whose offset lies past the range', () => {
    expect(new SeedSelection({ first: 5, last: 6 }, { index: 3, count: 3 }).count).toBe(0);
  });
});
