// The event queue, seen through the simulation: events run in (time, scheduling
// order) order, also when handlers schedule more events while the run is going.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';

/** An event scheduled up front, at `atUs`, that schedules one child per entry of `childDelaysUs` when it runs. */
interface PlannedEvent {
  readonly atUs: number;
  readonly childDelaysUs: readonly number[];
}

/** What the engine does, written out naively: a list, and a stable choice of the smallest (time, index). */
function referenceOrder(plan: readonly PlannedEvent[]): string[] {
  const pending: { timeUs: number; order: number; label: string; childDelaysUs: readonly number[] }[] = [];
  let nextOrder = 0;
  for (const [index, event] of plan.entries()) {
    pending.push({ timeUs: event.atUs, order: nextOrder++, label: `${index}`, childDelaysUs: event.childDelaysUs });
  }
  const fired: string[] = [];
  while (pending.length > 0) {
    let earliest = 0;
    for (let index = 1; index < pending.length; index++) {
      const candidate = pending[index]!;
      const best = pending[earliest]!;
      if (candidate.timeUs < best.timeUs || (candidate.timeUs === best.timeUs && candidate.order < best.order)) earliest = index;
    }
    const [event] = pending.splice(earliest, 1);
    fired.push(event!.label);
    event!.childDelaysUs.forEach((delay, child) => {
      pending.push({ timeUs: event!.timeUs + delay, order: nextOrder++, label: `${event!.label}.${child}`, childDelaysUs: [] });
    });
  }
  return fired;
}

function engineOrder(plan: readonly PlannedEvent[]): string[] {
  const simulation = new Simulation(1);
  const fired: string[] = [];
  const runChild = (label: string): void => {
    fired.push(label);
  };
  plan.forEach((event, index) => {
    simulation.scheduleAt(
      event.atUs,
      (label: string) => {
        fired.push(label);
        event.childDelaysUs.forEach((delay, child) => simulation.scheduleAfter(delay, runChild, `${label}.${child}`));
      },
      `${index}`,
    );
  });
  const outcome = simulation.runUntil(1_000);
  expect(outcome.reason).toBe('quiescent');
  return fired;
}

describe('event order', () => {
  it('pops events in (time, scheduling order) order, like a stable sort by time then insertion index', () => {
    // Times from a tiny range, so most events share their time with others.
    const plannedEvent = fc.record({
      atUs: fc.integer({ min: 0, max: 4 }),
      childDelaysUs: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(plannedEvent, { maxLength: 120 }), (plan) => {
        expect(engineOrder(plan)).toEqual(referenceOrder(plan));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps scheduling order among thousands of events at a handful of times', () => {
    // More events than the queue's initial capacity, so it has to grow while full of ties.
    const simulation = new Simulation(1);
    const scheduled: { timeUs: number; index: number }[] = [];
    const fired: number[] = [];
    for (let index = 0; index < 5_000; index++) {
      const timeUs = (index * 7919) % 10;
      scheduled.push({ timeUs, index });
      simulation.scheduleAt(timeUs, (value: number) => fired.push(value), index);
    }
    simulation.runUntil(100);
    const expected = scheduled
      .slice()
      .sort((a, b) => a.timeUs - b.timeUs || a.index - b.index)
      .map(({ index }) => index);
    expect(fired).toEqual(expected);
  });
});
