// formatDurationExact and parseDuration are inverses on whole microseconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationExact, parseDuration } from '../../src/engine/time.ts';

describe('duration round trip', () => {
  it('parseDuration(formatDurationExact(t)) === t for every non-negative safe integer t', () => {
    const micros = fc.oneof(
      fc.maxSafeNat(),
      fc.nat({ max: 10_000 }).map((count) => count * 1_000),
      fc.nat({ max: 10_000 }).map((count) => count * 1_000_000),
      fc.nat({ max: 100_000 }),
    );
    fc.assert(
      fc.property(micros, (time) => {
        expect(parseDuration(formatDurationExact(time))).toBe(time);
      }),
      { numRuns: 500 },
    );
  });
});
