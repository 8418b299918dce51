// The nemesis: deterministic for a seed, inside its window, at most maxFaults faults,
// only the kinds asked for, and every fault undone before endUs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/rng.ts';
import type { FaultEvent } from '../../src/faults/fault-event.ts';
import { validateFaultSchedule } from '../../src/faults/fault-schedule.ts';
import { generateNemesisSchedule, NEMESIS_KINDS, validateNemesisOptions, type NemesisKind, type NemesisOptions } from '../../src/faults/nemesis.ts';

/** One injected fault and the events that undo it, read back from the schedule. */
interface Window {
  readonly kind: NemesisKind;
  readonly startUs: number;
  readonly endUs: number;
}

/**
 * Reads a schedule back into fault windows, checking that each fault is followed by
 * its undo: partition then heal, crash then restart of the same node, clock-skew then
 * a reset of the same node's clock; pause and loss-burst carry their own duration.
 */
function windowsOf(schedule: readonly FaultEvent[]): Window[] {
  const windows: Window[] = [];
  for (let index = 0; index < schedule.length; index++) {
    const event = schedule[index]!;
    const next = schedule[index + 1];
    switch (event.kind) {
      case 'partition':
        expect(next?.kind).toBe('heal');
        windows.push({ kind: 'partition', startUs: event.atUs, endUs: next!.atUs });
        index++;
        break;
      case 'crash':
        expect(next).toMatchObject({ kind: 'restart', node: event.node });
        windows.push({ kind: 'crash', startUs: event.atUs, endUs: next!.atUs });
        index++;
        break;
      case 'clock-skew':
        expect(next).toMatchObject({ kind: 'clock-skew', node: event.node, offsetUs: 0, driftPpm: 0 });
        windows.push({ kind: 'clock-skew', startUs: event.atUs, endUs: next!.atUs });
        index++;
        break;
      case 'pause':
      case 'loss-burst':
        windows.push({ kind: event.kind, startUs: event.atUs, endUs: event.atUs + event.durationUs });
        break;
      case 'heal':
      case 'restart':
        throw new Error(`${event.kind} at ${event.atUs} undoes nothing`);
    }
  }
  return windows;
}

const options: fc.Arbitrary<NemesisOptions> = fc
  .record({
    kinds: fc.subarray([...NEMESIS_KINDS], { minLength: 1 }),
    startUs: fc.nat({ max: 1_000_000 }),
    lengthUs: fc.integer({ min: 1, max: 20_000_000 }),
    meanGapUs: fc.integer({ min: 1, max: 2_000_000 }),
    meanFaultUs: fc.integer({ min: 1, max: 2_000_000 }),
    maxFaults: fc.nat({ max: 30 }),
  })
  .map(({ lengthUs, ...rest }) => ({ ...rest, endUs: rest.startUs + lengthUs }));

describe('nemesis', () => {
  it('undoes every fault before endUs, stays in its window, injects at most maxFaults and only the kinds asked for', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.integer({ min: 2, max: 9 }), options, (seed, nodeCount, nemesis) => {
        const schedule = generateNemesisSchedule(new Random(seed), nodeCount, nemesis);
        validateFaultSchedule(schedule, nodeCount);
        const windows = windowsOf(schedule);
        expect(windows.length).toBeLessThanOrEqual(nemesis.maxFaults);
        let previousEnd = -1;
        for (const window of windows) {
          expect(nemesis.kinds).toContain(window.kind);
          expect(window.startUs).toBeGreaterThanOrEqual(nemesis.startUs);
          expect(window.endUs).toBeGreaterThan(window.startUs);
          expect(window.endUs).toBeLessThan(nemesis.endUs);
          // Faults do not overlap, so each one's undo cannot be cancelled by the next.
          expect(window.startUs).toBeGreaterThan(previousEnd);
          previousEnd = window.endUs;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same schedule for the same seed, and a different one for another seed', () => {
    const nemesis: NemesisOptions = { kinds: NEMESIS_KINDS, startUs: 0, endUs: 60_000_000, meanGapUs: 500_000, meanFaultUs: 800_000, maxFaults: 50 };
    const first = generateNemesisSchedule(new Random('5/faults'), 5, nemesis);
    expect(first.length).toBeGreaterThan(10);
    expect(generateNemesisSchedule(new Random('5/faults'), 5, nemesis)).toEqual(first);
    expect(generateNemesisSchedule(new Random('6/faults'), 5, nemesis)).not.toEqual(first);
  });

  it('over many seeds, produces every kind it is given', () => {
    const nemesis: NemesisOptions = { kinds: NEMESIS_KINDS, startUs: 0, endUs: 60_000_000, meanGapUs: 500_000, meanFaultUs: 800_000, maxFaults: 50 };
    const kinds = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      for (const window of windowsOf(generateNemesisSchedule(new Random(`${seed}`), 5, nemesis))) kinds.add(window.kind);
    }
    expect([...kinds].sort()).toEqual([...NEMESIS_KINDS].sort());
  });

  it('stops at maxFaults', () => {
    const nemesis: NemesisOptions = { kinds: ['crash'], startUs: 0, endUs: 1_000_000_000, meanGapUs: 1_000, meanFaultUs: 1_000, maxFaults: 3 };
    expect(windowsOf(generateNemesisSchedule(new Random('x'), 3, nemesis)).length).toBe(3);
  });

  it('rejects options it cannot honour, saying why', () => {
    const valid: NemesisOptions = { kinds: ['crash'], startUs: 0, endUs: 100, meanGapUs: 10, meanFaultUs: 10, maxFaults: 3 };
    expect(() => validateNemesisOptions({ ...valid, kinds: [] }, 3)).toThrow(/at least one fault kind/);
    expect(() => validateNemesisOptions({ ...valid, kinds: ['meteor' as NemesisKind] }, 3)).toThrow(/unknown fault kind "meteor"/);
    expect(() => validateNemesisOptions({ ...valid, endUs: 0 }, 3)).toThrow('nemesis: endUs 0 must be after startUs 0');
    expect(() => validateNemesisOptions({ ...valid, meanGapUs: 0 }, 3)).toThrow(/must be positive/);
    expect(() => validateNemesisOptions(valid, 1)).toThrow('nemesis: needs at least 2 nodes, got 1');
    expect(() => validateNemesisOptions({ ...valid, maxFaults: Infinity }, 3)).toThrow('nemesis: invalid maxFaults Infinity: expected a non-negative integer');
    expect(() => validateNemesisOptions({ ...valid, maxFaults: -1 }, 3)).toThrow('nemesis: invalid maxFaults -1');
    expect(() => validateNemesisOptions({ ...valid, startUs: 0.5 }, 3)).toThrow('nemesis: invalid startUs 0.5');
  });
});
