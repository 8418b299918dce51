// The hybrid logical clock: whatever the physical clock does (skewed, set back, standing
// still) and whatever timestamps arrive, every timestamp a node stamps is above every one
// it stamped or saw before, and it never falls below the physical clock. Its state lives
// on durable storage, so this holds across a restart too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurableStorage } from '../../../src/node/durable-storage.ts';
import { compareTimestamps, HLC_START, HybridClock, receiveHlc, tickHlc, type HlcState, type HlcTimestamp } from '../../../src/protocols/kv-ap/hlc.ts';

/** What happens at a node: its clock is read to stamp a write, or a timestamp arrives, or it restarts. */
type Step =
  | { readonly kind: 'stamp'; readonly physicalUs: number }
  | { readonly kind: 'receive'; readonly physicalUs: number; readonly remote: HlcState }
  | { readonly kind: 'restart' };

const physical = fc.integer({ min: -2_000_000, max: 2_000_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  physical.map((physicalUs) => ({ kind: 'stamp' as const, physicalUs })),
  fc.record({ physicalUs: physical, remote: fc.record({ wallUs: physical, logical: fc.integer({ min: 0, max: 3 }) }) }).map((fields) => ({ kind: 'receive' as const, ...fields })),
  fc.constant({ kind: 'restart' as const }),
);

function isAfter(later: HlcState, earlier: HlcState): boolean {
  return later.wallUs > earlier.wallUs || (later.wallUs === earlier.wallUs && later.logical > earlier.logical);
}

describe('hybrid logical clock', () => {
  it('stamps strictly increasing timestamps, above everything seen and at or above the physical clock, across restarts', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const storage = new DurableStorage();
        let clock = new HybridClock(3, storage);
        let highest: HlcState = HLC_START;
        let lastStamp: HlcTimestamp | undefined;
        for (const current of steps) {
          if (current.kind === 'restart') {
            clock = new HybridClock(3, storage);
            continue;
          }
          if (current.kind === 'receive') {
            clock.observe(current.remote, current.physicalUs);
            if (isAfter(current.remote, highest)) highest = current.remote;
            continue;
          }
          const stamp = clock.stamp(current.physicalUs);
          expect(isAfter(stamp, highest)).toBe(true);
          expect(stamp.wallUs).toBeGreaterThanOrEqual(current.physicalUs);
          if (lastStamp !== undefined) expect(compareTimestamps(stamp, lastStamp)).toBeGreaterThan(0);
          lastStamp = stamp;
          highest = stamp;
        }
      }),
    );
  });

  it('follows the physical clock while it moves forward, and counts within a microsecond when it does not', () => {
    expect(tickHlc(HLC_START, 100)).toEqual({ wallUs: 100, logical: 0 });
    expect(tickHlc({ wallUs: 100, logical: 0 }, 100)).toEqual({ wallUs: 100, logical: 1 });
    expect(tickHlc({ wallUs: 100, logical: 1 }, 40)).toEqual({ wallUs: 100, logical: 2 });
    expect(tickHlc({ wallUs: 100, logical: 2 }, 150)).toEqual({ wallUs: 150, logical: 0 });
  });

  it('moves past a timestamp from a clock that runs ahead', () => {
    expect(receiveHlc({ wallUs: 100, logical: 4 }, { wallUs: 900, logical: 2 }, 120)).toEqual({ wallUs: 900, logical: 3 });
    expect(receiveHlc({ wallUs: 900, logical: 4 }, { wallUs: 900, logical: 2 }, 120)).toEqual({ wallUs: 900, logical: 5 });
    expect(receiveHlc({ wallUs: 100, logical: 4 }, { wallUs: 90, logical: 2 }, 120)).toEqual({ wallUs: 120, logical: 0 });
  });

  it('breaks ties between equal clock readings by node', () => {
    expect(compareTimestamps({ wallUs: 5, logical: 1, node: 2 }, { wallUs: 5, logical: 1, node: 1 })).toBeGreaterThan(0);
    expect(compareTimestamps({ wallUs: 5, logical: 0, node: 2 }, { wallUs: 5, logical: 1, node: 1 })).toBeLessThan(0);
  });
});
