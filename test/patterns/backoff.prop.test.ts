// Backoff delays stay within their jitter bounds, never pass the cap, and are the same
// for the same seed. The bounds are written out here again, independently of backoff.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/rng.ts';
import { backoffDelay, exponentialDelay, JITTER_MODES, type BackoffSettings } from '../../src/patterns/backoff.ts';

const settingsArbitrary: fc.Arbitrary<BackoffSettings> = fc
  .record({
    initialDelayUs: fc.integer({ min: 0, max: 1_000_000 }),
    extraCapUs: fc.integer({ min: 0, max: 50_000_000 }),
    multiplier: fc.oneof(fc.constantFrom(1, 1.5, 2, 3), fc.double({ min: 1, max: 10, noNaN: true })),
    jitter: fc.constantFrom(...JITTER_MODES),
  })
  .map(({ initialDelayUs, extraCapUs, multiplier, jitter }) => ({ initialDelayUs, maxDelayUs: initialDelayUs + extraCapUs, multiplier, jitter }));

/** min(cap, initial * multiplier^(retry-1)), by the textbook formula. */
function textbookBase(settings: BackoffSettings, retry: number): number {
  return Math.min(settings.maxDelayUs, Math.round(settings.initialDelayUs * settings.multiplier ** (retry - 1)));
}

describe('backoff property', () => {
  it('keeps every delay within its jitter bounds and under the cap', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.string({ maxLength: 8 }), fc.integer({ min: 1, max: 30 }), (settings, seed, retries) => {
        const random = new Random(seed);
        let previous = 0;
        for (let retry = 1; retry <= retries; retry++) {
          const delay = backoffDelay(settings, retry, previous, random);
          const base = textbookBase(settings, retry);
          expect(Number.isSafeInteger(delay)).toBe(true);
          expect(delay).toBeLessThanOrEqual(settings.maxDelayUs);
          // Repeated multiplication and the textbook power may differ by rounding only.
          expect(Math.abs(exponentialDelay(settings, retry) - base)).toBeLessThanOrEqual(1);
          const exact = exponentialDelay(settings, retry);
          switch (settings.jitter) {
            case 'none':
              expect(delay).toBe(exact);
              break;
            case 'full':
              expect(delay).toBeGreaterThanOrEqual(0);
              expect(delay).toBeLessThanOrEqual(exact);
              break;
            case 'equal':
              expect(delay).toBeGreaterThanOrEqual(exact / 2);
              expect(delay).toBeLessThanOrEqual(exact);
              break;
            case 'decorrelated': {
              const previousOrInitial = retry === 1 ? settings.initialDelayUs : previous;
              expect(delay).toBeGreaterThanOrEqual(settings.initialDelayUs);
              expect(delay).toBeLessThanOrEqual(Math.max(settings.initialDelayUs, Math.min(settings.maxDelayUs, 3 * previousOrInitial)));
              break;
            }
          }
          previous = delay;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('draws the same delays from the same seed', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.string({ maxLength: 8 }), (settings, seed) => {
        const draw = (): number[] => {
          const random = new Random(seed);
          const delays: number[] = [];
          let previous = 0;
          for (let retry = 1; retry <= 10; retry++) delays.push((previous = backoffDelay(settings, retry, previous, random)));
          return delays;
        };
        expect(draw()).toEqual(draw());
      }),
      { numRuns: 100 },
    );
  });

  it('spreads full jitter over its whole range', () => {
    const settings: BackoffSettings = { initialDelayUs: 1_000, maxDelayUs: 1_000, multiplier: 2, jitter: 'full' };
    const random = new Random('spread');
    const delays = Array.from({ length: 400 }, () => backoffDelay(settings, 1, 0, random));
    expect(Math.min(...delays)).toBeLessThan(50);
    expect(Math.max(...delays)).toBeGreaterThan(950);
  });

  it('grows without jitter as initial * multiplier^(n-1), then holds at the cap', () => {
    const settings: BackoffSettings = { initialDelayUs: 100, maxDelayUs: 1_000, multiplier: 2, jitter: 'none' };
    const random = new Random('unused');
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(settings, retry, 0, random))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });
});
