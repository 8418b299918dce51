// The LaneAllocator that puts spans and fault periods on lanes of their process: placed in
// start order, intervals on one lane never overlap, and each goes to the lowest-numbered
// lane free at its start (one ending as it starts counts as free), per process on its own.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LaneAllocator } from '../../src/obs/perfetto-lane-allocator.ts';

interface Interval {
  readonly pid: number;
  readonly startUs: number;
  readonly endUs: number;
}

/** Intervals of up to three processes in start order (ties in the order drawn, by index: no reliance on a stable sort). */
const intervalsInStartOrder = fc
  .array(fc.record({ pid: fc.integer({ min: 1, max: 3 }), startUs: fc.integer({ min: 0, max: 40 }), lengthUs: fc.integer({ min: 0, max: 12 }) }), { maxLength: 60 })
  .map((drawn) =>
    drawn
      .map((interval, index) => ({ interval: { pid: interval.pid, startUs: interval.startUs, endUs: interval.startUs + interval.lengthUs }, index }))
      .sort((first, second) => first.interval.startUs - second.interval.startUs || first.index - second.index)
      .map((entry): Interval => entry.interval),
  );

/** The lanes by the rule itself: scan a process's lanes for the first whose last interval has ended. */
function referenceLanes(intervals: readonly Interval[]): number[] {
  const lastEndsByPid = new Map<number, number[]>();
  return intervals.map((interval) => {
    const lastEnds = lastEndsByPid.get(interval.pid) ?? [];
    lastEndsByPid.set(interval.pid, lastEnds);
    let lane = lastEnds.findIndex((endUs) => endUs <= interval.startUs);
    if (lane === -1) lane = lastEnds.length;
    lastEnds[lane] = interval.endUs;
    return lane;
  });
}

describe('LaneAllocator', () => {
  it('never puts overlapping intervals on one lane of a process', () => {
    fc.assert(
      fc.property(intervalsInStartOrder, (intervals) => {
        const allocator = new LaneAllocator();
        const lastEnds = new Map<string, number>();
        for (const interval of intervals) {
          const lane = `${interval.pid}:${allocator.place(interval.pid, interval.startUs, interval.endUs)}`;
          expect(interval.startUs).toBeGreaterThanOrEqual(lastEnds.get(lane) ?? 0);
          lastEnds.set(lane, interval.endUs);
        }
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it('puts each interval on the lowest lane free at its start, and counts the lanes each process opened', () => {
    fc.assert(
      fc.property(intervalsInStartOrder, (intervals) => {
        const allocator = new LaneAllocator();
        const lanes = intervals.map((interval) => allocator.place(interval.pid, interval.startUs, interval.endUs));
        const expected = referenceLanes(intervals);
        expect(lanes).toEqual(expected);
        const counts = new Map<number, number>();
        allocator.counts(counts);
        const expectedCounts = new Map<number, number>();
        intervals.forEach((interval, index) => expectedCounts.set(interval.pid, Math.max(expectedCounts.get(interval.pid) ?? 0, (expected[index] as number) + 1)));
        expect(new Map([...counts].sort(([first], [second]) => first - second))).toEqual(new Map([...expectedCounts].sort(([first], [second]) => first - second)));
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('reuses a lane whose interval ends as the next starts, and takes the lowest of several free lanes', () => {
    const allocator = new LaneAllocator();
    expect([0, 10, 20].map((startUs) => allocator.place(1, startUs, startUs + 25))).toEqual([0, 1, 2]);
    // Lane 2 frees at 45 but lane 0 at 25 and lane 1 at 35: at 50 all are free, lane 0 is taken first.
    expect(allocator.place(1, 50, 60)).toBe(0);
    expect(allocator.place(1, 50, 60)).toBe(1);
    expect(allocator.place(1, 60, 70)).toBe(0);
  });

  it('keeps a larger lane count already given for a process', () => {
    const allocator = new LaneAllocator();
    allocator.place(1, 0, 5);
    const counts = new Map([[1, 3]]);
    allocator.counts(counts);
    expect(counts).toEqual(new Map([[1, 3]]));
  });
});
