// The integer helpers stay in range for any seed and any bounds, and shuffle is a permutation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/rng.ts';

const seedText = fc.string({ maxLength: 12 });

describe('random helpers', () => {
  it('intInclusive(min, max) stays within [min, max]', () => {
    fc.assert(
      fc.property(seedText, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.nat({ max: 1_000_000 }), (seed, min, span) => {
        const random = new Random(seed);
        for (let draw = 0; draw < 20; draw++) {
          const value = random.intInclusive(min, min + span);
          expect(Number.isInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(min);
          expect(value).toBeLessThanOrEqual(min + span);
        }
      }),
    );
  });

  it('below(count) stays within [0, count)', () => {
    fc.assert(
      fc.property(seedText, fc.integer({ min: 1, max: 2 ** 32 }), (seed, count) => {
        const random = new Random(seed);
        for (let draw = 0; draw < 20; draw++) {
          const value = random.below(count);
          expect(Number.isInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(count);
        }
      }),
    );
  });

  it('pick returns an element of the list', () => {
    fc.assert(
      fc.property(seedText, fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), (seed, items) => {
        const random = new Random(seed);
        for (let draw = 0; draw < 10; draw++) expect(items).toContain(random.pick(items));
      }),
    );
  });

  it('shuffle returns a permutation and leaves its input alone', () => {
    fc.assert(
      fc.property(seedText, fc.array(fc.integer(), { maxLength: 30 }), (seed, items) => {
        const before = items.slice();
        const shuffled = new Random(seed).shuffle(items);
        expect(items).toEqual(before);
        expect(shuffled.slice().sort((a, b) => a - b)).toEqual(before.slice().sort((a, b) => a - b));
      }),
    );
  });

  it('intInclusive reaches both ends of a small range', () => {
    const random = new Random('ends');
    const seen = new Set<number>();
    for (let draw = 0; draw < 200; draw++) seen.add(random.intInclusive(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('chance(0) is never true and chance(1) always is', () => {
    const random = new Random('edges');
    for (let draw = 0; draw < 1_000; draw++) {
      expect(random.chance(0)).toBe(false);
      expect(random.chance(1)).toBe(true);
    }
  });
});
