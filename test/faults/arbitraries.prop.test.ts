// The fault arbitraries only make values the validators accept, stay within their bounds,
// draw every shape and kind, and shrink toward fewer, earlier, shorter, lower-numbered faults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidSeed } from '../../src/engine/rng.ts';
import { ms, seconds } from '../../src/engine/time.ts';
import {
  faultEventArbitrary,
  faultScheduleArbitrary,
  faultWindowsArbitrary,
  flattenWindows,
  linkConfigArbitrary,
  MAX_GENERATED_SEED,
  partitionArbitrary,
  seedArbitrary,
  windowEvents,
  type FaultWindow,
} from '../../src/faults/arbitraries.ts';
import { FAULT_KINDS, type FaultEvent, type FaultSchedule } from '../../src/faults/fault-event.ts';
import { formatFaultFile, parseFaultFile } from '../../src/faults/fault-file.ts';
import { validateFaultSchedule } from '../../src/faults/fault-schedule.ts';
import { describeSchedule } from '../../src/faults/fault-script.ts';
import { LATENCY_KINDS } from '../../src/net/latency.ts';
import { validateLink } from '../../src/net/link.ts';
import { PARTITION_KINDS, validatePartition, type PartitionSpec } from '../../src/net/partition.ts';

const FC_SEED = 20_240_611;
const nodeCounts = fc.integer({ min: 2, max: 9 });

describe('seedArbitrary', () => {
  it('draws valid seeds from 0 to 2^32-1', () => {
    fc.assert(
      fc.property(seedArbitrary(), (seed) => {
        assertValidSeed(seed);
        expect(seed).toBeLessThanOrEqual(MAX_GENERATED_SEED);
      }),
      { seed: FC_SEED },
    );
  });
});

describe('linkConfigArbitrary', () => {
  it('draws link configs that validateLink accepts, with sane values', () => {
    fc.assert(
      fc.property(linkConfigArbitrary(), (link) => {
        validateLink(link, 'generated link');
        expect(link.lossProbability).toBeLessThanOrEqual(0.5);
        expect(link.duplicateProbability).toBeLessThanOrEqual(0.2);
        for (const [field, value] of Object.entries(link.latency)) {
          if (field !== 'kind') expect(value, field).toBeLessThanOrEqual(ms(25));
        }
      }),
      { seed: FC_SEED },
    );
  });

  it('draws every latency kind and both orderings', () => {
    const links = fc.sample(linkConfigArbitrary(), { seed: FC_SEED, numRuns: 300 });
    expect(new Set(links.map((link) => link.latency.kind))).toEqual(new Set(LATENCY_KINDS));
    expect(new Set(links.map((link) => link.ordering))).toEqual(new Set(['reorder', 'fifo']));
  });
});

describe('partitionArbitrary', () => {
  it('draws partitions valid for the node count, every shape well formed', () => {
    const cases = nodeCounts.chain((nodeCount) => fc.tuple(fc.constant(nodeCount), partitionArbitrary(nodeCount)));
    fc.assert(
      fc.property(cases, ([nodeCount, spec]) => {
        validatePartition(spec, nodeCount);
        expectWellFormed(spec, nodeCount);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('draws every shape, and no bridge for 2 nodes', () => {
    const shapesFor = (nodeCount: number): Set<string> =>
      new Set(fc.sample(partitionArbitrary(nodeCount), { seed: FC_SEED, numRuns: 200 }).map((spec) => spec.kind));
    expect(shapesFor(5)).toEqual(new Set(PARTITION_KINDS));
    expect(shapesFor(2)).toEqual(new Set(['split', 'isolate', 'one-way']));
  });

  it('refuses fewer than 2 nodes', () => {
    expect(() => partitionArbitrary(1)).toThrow(RangeError);
    expect(() => partitionArbitrary(1)).toThrow('invalid nodeCount 1');
  });
});

function expectWellFormed(spec: PartitionSpec, nodeCount: number): void {
  switch (spec.kind) {
    case 'split':
      expect(spec.groups.length).toBeGreaterThanOrEqual(2);
      expect(spec.groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: nodeCount }, (_, node) => node));
      return;
    case 'isolate':
      return;
    case 'one-way':
      expect(spec.from.length).toBeGreaterThan(0);
      expect(spec.to.length).toBeGreaterThan(0);
      return;
    case 'bridge':
      expect(spec.left.length).toBeGreaterThan(0);
      expect(spec.right.length).toBeGreaterThan(0);
      expect([...spec.left, ...spec.right]).not.toContain(spec.bridge);
      return;
  }
}

describe('faultEventArbitrary', () => {
  const durationUs = seconds(2);

  it('draws single events the validator accepts, at times within [0, durationUs)', () => {
    const cases = nodeCounts.chain((nodeCount) => fc.tuple(fc.constant(nodeCount), faultEventArbitrary({ nodeCount, durationUs })));
    fc.assert(
      fc.property(cases, ([nodeCount, event]) => {
        validateFaultSchedule([event], nodeCount);
        expect(event.atUs).toBeGreaterThanOrEqual(0);
        expect(event.atUs).toBeLessThan(durationUs);
        if (event.kind === 'pause' || event.kind === 'loss-burst') expect(event.atUs + event.durationUs).toBeLessThan(durationUs);
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  it('draws every fault kind, or only the kinds asked for', () => {
    const kindsOf = (events: FaultEvent[]): Set<string> => new Set(events.map((event) => event.kind));
    expect(kindsOf(fc.sample(faultEventArbitrary({ nodeCount: 5, durationUs }), { seed: FC_SEED, numRuns: 300 }))).toEqual(new Set(FAULT_KINDS));
    const restricted = fc.sample(faultEventArbitrary({ nodeCount: 5, durationUs, kinds: ['heal', 'restart'] }), { seed: FC_SEED, numRuns: 50 });
    expect(kindsOf(restricted)).toEqual(new Set(['heal', 'restart']));
  });

  it('leaves partitions out for a single node, and refuses them when asked', () => {
    const events = fc.sample(faultEventArbitrary({ nodeCount: 1, durationUs }), { seed: FC_SEED, numRuns: 200 });
    expect(events.some((event) => event.kind === 'partition')).toBe(false);
    expect(() => faultEventArbitrary({ nodeCount: 1, durationUs, kinds: ['partition'] })).toThrow('partition faults need at least 2 nodes');
  });
});

describe('faultScheduleArbitrary', () => {
  const scheduleCases = fc
    .record({ nodeCount: fc.integer({ min: 1, max: 9 }), durationUs: fc.integer({ min: 2, max: seconds(20) }), maxFaults: fc.integer({ min: 0, max: 12 }) })
    .chain((options) => fc.tuple(fc.constant(options), faultScheduleArbitrary(options)));

  it('draws schedules the validator accepts, ordered by time, within [0, durationUs)', () => {
    fc.assert(
      fc.property(scheduleCases, ([{ nodeCount, durationUs, maxFaults }, schedule]) => {
        validateFaultSchedule(schedule, nodeCount);
        expect(schedule.length).toBeLessThanOrEqual(2 * maxFaults);
        schedule.forEach((event, index) => {
          expect(event.atUs).toBeGreaterThanOrEqual(index === 0 ? 0 : (schedule[index - 1] as FaultEvent).atUs);
          expect(event.atUs).toBeLessThan(durationUs);
          if (event.kind === 'pause' || event.kind === 'loss-burst') expect(event.atUs + event.durationUs).toBeLessThan(durationUs);
        });
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('undoes every fault before the end: crashed nodes restart, partitions heal, clocks return', () => {
    fc.assert(
      fc.property(scheduleCases, ([, schedule]) => {
        expect(leftOver(schedule)).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('draws every window kind', () => {
    const schedules = fc.sample(faultScheduleArbitrary({ nodeCount: 5, durationUs: seconds(3), maxFaults: 10 }), { seed: FC_SEED, numRuns: 100 });
    const kinds = new Set(schedules.flat().map((event) => event.kind));
    expect(kinds).toEqual(new Set(FAULT_KINDS));
  });

  it('survives a fault file round trip', () => {
    const cases = fc
      .integer({ min: 1, max: 9 })
      .chain((nodeCount) => fc.tuple(fc.constant(nodeCount), faultScheduleArbitrary({ nodeCount, durationUs: seconds(5), maxFaults: 10 })));
    fc.assert(
      fc.property(cases, ([nodeCount, schedule]) => {
        expect(parseFaultFile(formatFaultFile(schedule), nodeCount)).toEqual(schedule);
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  it('gives the same schedules for the same fast-check seed', () => {
    const arbitrary = faultScheduleArbitrary({ nodeCount: 5, durationUs: seconds(3), maxFaults: 10 });
    const first = fc.sample(arbitrary, { seed: FC_SEED, numRuns: 20 });
    expect(fc.sample(arbitrary, { seed: FC_SEED, numRuns: 20 })).toEqual(first);
  });

  it('starts with at least minGeneratedFaults windows', () => {
    const windowLists = fc.sample(faultWindowsArbitrary({ nodeCount: 5, durationUs: seconds(3), maxFaults: 20, minGeneratedFaults: 15 }), { seed: FC_SEED, numRuns: 50 });
    for (const windows of windowLists) {
      expect(windows.length).toBeGreaterThanOrEqual(15);
      expect(windows.length).toBeLessThanOrEqual(20);
      expect(flattenWindows(windows).length).toBe(windows.flatMap(windowEvents).length);
    }
  });

  it('prints as a fault script in counterexamples', () => {
    const [schedule] = fc.sample(faultScheduleArbitrary({ nodeCount: 5, durationUs: seconds(3), maxFaults: 4, minGeneratedFaults: 2 }), { seed: FC_SEED, numRuns: 1 });
    expect(fc.stringify(schedule)).toBe(describeSchedule(schedule as FaultSchedule));
    expect(JSON.parse(JSON.stringify(schedule))).toEqual(schedule);
  });

  it('refuses bad options with a RangeError naming the value', () => {
    const base = { nodeCount: 5, durationUs: seconds(3), maxFaults: 5 };
    expect(() => faultScheduleArbitrary({ ...base, maxFaults: -1 })).toThrow('invalid maxFaults -1');
    expect(() => faultScheduleArbitrary({ ...base, maxFaults: Infinity })).toThrow('invalid maxFaults Infinity');
    expect(() => faultScheduleArbitrary({ ...base, minGeneratedFaults: 6 })).toThrow('invalid minGeneratedFaults 6');
    expect(() => faultScheduleArbitrary({ ...base, durationUs: 1 })).toThrow('invalid durationUs 1');
    expect(() => faultScheduleArbitrary({ ...base, nodeCount: 0 })).toThrow('invalid nodeCount 0');
    expect(() => faultScheduleArbitrary({ ...base, kinds: ['meteor' as never] })).toThrow('unknown fault kind "meteor"');
    expect(() => faultScheduleArbitrary({ ...base, kinds: [] })).toThrow(RangeError);
  });
});

describe('shrinking', () => {
  const options = { nodeCount: 5, durationUs: seconds(3), maxFaults: 20, minGeneratedFaults: 15 };

  it('shrinks a list of windows that fails whenever it is non-empty to exactly one window', () => {
    const details = fc.check(
      fc.property(faultWindowsArbitrary(options), (windows) => windows.length === 0),
      { seed: FC_SEED },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toHaveLength(1);
  });

  it('shrinks a schedule that fails whenever it is non-empty to the events of one window', () => {
    const details = fc.check(
      fc.property(faultScheduleArbitrary(options), (schedule) => schedule.length === 0),
      { seed: FC_SEED },
    );
    expect(details.failed).toBe(true);
    const shrunk = details.counterexample?.[0] as FaultSchedule;
    expect(shrunk.length).toBeGreaterThanOrEqual(1);
    expect(shrunk.length).toBeLessThanOrEqual(2);
    expect(shrunk[0]?.atUs).toBe(0);
  });

  it('shrinks times, durations and nodes toward zero: a crash shrinks to crash 0 at 0, restart at 1ms', () => {
    const details = fc.check(
      fc.property(faultScheduleArbitrary(options), (schedule) => !schedule.some((event) => event.kind === 'crash')),
      { seed: FC_SEED },
    );
    expect(details.counterexample?.[0]).toEqual([
      { atUs: 0, kind: 'crash', node: 0 },
      { atUs: ms(1), kind: 'restart', node: 0 },
    ]);
  });

  it('keeps exactly the windows a failure needs: a crash of node 3 and a partition', () => {
    const needsBoth = (schedule: FaultSchedule): boolean =>
      schedule.some((event) => event.kind === 'crash' && event.node === 3) && schedule.some((event) => event.kind === 'partition');
    const details = fc.check(
      fc.property(faultWindowsArbitrary(options), (windows) => !needsBoth(flattenWindows(windows))),
      { seed: FC_SEED, numRuns: 1000 },
    );
    expect(details.failed).toBe(true);
    const shrunk = details.counterexample?.[0] as FaultWindow[];
    expect(shrunk.map((window) => window.kind).sort()).toEqual(['crash', 'partition']);
    expect(flattenWindows(shrunk)).toHaveLength(4);
  });
});

/** What a schedule leaves broken at its end: nodes still crashed, a partition not healed, clocks still skewed. */
function leftOver(schedule: FaultSchedule): string[] {
  const crashed = new Set<number>();
  const skewed = new Set<number>();
  let partitioned = false;
  for (const event of schedule) {
    if (event.kind === 'crash') crashed.add(event.node);
    if (event.kind === 'restart') crashed.delete(event.node);
    if (event.kind === 'partition') partitioned = true;
    if (event.kind === 'heal') partitioned = false;
    if (event.kind === 'clock-skew' && (event.offsetUs !== 0 || event.driftPpm !== 0)) skewed.add(event.node);
    if (event.kind === 'clock-skew' && event.offsetUs === 0 && event.driftPpm === 0) skewed.delete(event.node);
  }
  return [...[...crashed].map((node) => `node ${node} crashed`), ...[...skewed].map((node) => `node ${node} skewed`), ...(partitioned ? ['partitioned'] : [])];
}
