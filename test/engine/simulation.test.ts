// The run loop: timers and their cancellation, runUntil, step, the event limit, and
// the refusal to schedule anything in the past.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';

function record(log: string[], label: string): () => void {
  return () => log.push(label);
}

// Timers are created as Timer<unknown>: cancelTimer takes Timer<unknown> | Timer<never>,
// which a Timer<undefined> does not match (reported to the engine's owner).
describe('timers', () => {
  it('never fires a cancelled timer', () => {
    const simulation = new Simulation(1);
    const fired: string[] = [];
    const timer = simulation.setTimer<unknown>(100, record(fired, 'cancelled'), undefined);
    simulation.setTimer(200, record(fired, 'kept'), undefined);
    simulation.cancelTimer(timer);
    simulation.runUntil(1_000);
    expect(fired).toEqual(['kept']);
    expect(timer.fired).toBe(false);
  });

  it('cancelling one of two timers set for the same time leaves the other to fire', () => {
    const simulation = new Simulation(1);
    const fired: string[] = [];
    const first = simulation.setTimer<unknown>(50, record(fired, 'first'), undefined);
    const second = simulation.setTimer<unknown>(50, record(fired, 'second'), undefined);
    simulation.cancelTimer(first);
    simulation.runUntil(1_000);
    expect(fired).toEqual(['second']);
    expect(second.fired).toBe(true);
  });

  it('a timer cancelled by an earlier event at the same time does not fire', () => {
    const simulation = new Simulation(1);
    const fired: string[] = [];
    const victim = simulation.setTimer<unknown>(10, record(fired, 'victim'), undefined);
    simulation.scheduleAt(5, () => simulation.cancelTimer(victim), undefined);
    simulation.runUntil(100);
    expect(fired).toEqual([]);
  });

  it('fires a timer at the time it was set for', () => {
    const simulation = new Simulation(1);
    const firedAt: number[] = [];
    simulation.scheduleAt(30, () => simulation.setTimer(70, () => firedAt.push(simulation.now), undefined), undefined);
    simulation.runUntil(1_000);
    expect(firedAt).toEqual([100]);
  });
});

describe('runUntil', () => {
  it('runs events up to and including the limit, stops there and sets now to it', () => {
    const simulation = new Simulation(1);
    const fired: number[] = [];
    for (const time of [10, 500, 1_000, 1_001, 5_000]) simulation.scheduleAt(time, (at: number) => fired.push(at), time);
    const outcome = simulation.runUntil(1_000);
    expect(outcome.reason).toBe('time-limit');
    expect(fired).toEqual([10, 500, 1_000]);
    expect(simulation.now).toBe(1_000);
    expect(simulation.pendingEvents).toBe(2);
    expect(simulation.nextEventTime()).toBe(1_001);
  });

  it('continues where it stopped on the next call', () => {
    const simulation = new Simulation(1);
    const fired: number[] = [];
    for (const time of [10, 2_000]) simulation.scheduleAt(time, (at: number) => fired.push(at), time);
    simulation.runUntil(1_000);
    const outcome = simulation.runUntil(3_000);
    expect(fired).toEqual([10, 2_000]);
    expect(outcome.reason).toBe('quiescent');
  });

  it("reports 'quiescent' when no events are left, with the clock at the limit", () => {
    const simulation = new Simulation(1);
    simulation.scheduleAt(10, () => {}, undefined);
    const outcome = simulation.runUntil(1_000);
    expect(outcome.reason).toBe('quiescent');
    expect(outcome.detail).toContain('no events left');
    expect(simulation.now).toBe(1_000);
  });

  it("stops after the current event when simulation code calls stop(), with reason 'stopped'", () => {
    const simulation = new Simulation(1);
    const fired: number[] = [];
    simulation.scheduleAt(10, () => simulation.stop('enough'), undefined);
    simulation.scheduleAt(20, () => fired.push(20), undefined);
    const outcome = simulation.runUntil(1_000);
    expect(outcome).toEqual({ reason: 'stopped', detail: 'enough' });
    expect(simulation.now).toBe(10);
    expect(fired).toEqual([]);
  });
});

describe('step', () => {
  it('processes exactly one event and moves the clock to its time', () => {
    const simulation = new Simulation(1);
    const fired: number[] = [];
    for (const time of [5, 5, 9]) simulation.scheduleAt(time, (at: number) => fired.push(at), time);
    expect(simulation.step()).toBe(true);
    expect(fired).toEqual([5]);
    expect(simulation.now).toBe(5);
    expect(simulation.eventsProcessed).toBe(1);
    expect(simulation.pendingEvents).toBe(2);
    expect(simulation.step()).toBe(true);
    expect(simulation.step()).toBe(true);
    expect(fired).toEqual([5, 5, 9]);
    expect(simulation.now).toBe(9);
  });

  it('returns false when there is nothing to do', () => {
    const simulation = new Simulation(1);
    expect(simulation.step()).toBe(false);
    expect(simulation.eventsProcessed).toBe(0);
  });
});

describe('the event limit', () => {
  for (const delayUs of [0, 1]) {
    it(`ends a run whose event reschedules itself forever at +${delayUs}us with reason 'event-limit'`, () => {
      const simulation = new Simulation(1, { maxEvents: 1_000 });
      const again = (): void => simulation.scheduleAfter(delayUs, again, undefined);
      simulation.scheduleAt(0, again, undefined);
      const outcome = simulation.runUntil(10_000_000);
      expect(outcome.reason).toBe('event-limit');
      expect(outcome.detail).toContain('event limit of 1000 events reached');
      expect(simulation.eventsProcessed).toBe(1_000);
      expect(simulation.now).toBe(delayUs * 999);
    });
  }

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new Simulation(1, { maxEvents: 0 })).toThrow(RangeError);
    expect(() => new Simulation(1, { maxEvents: Infinity })).toThrow(/invalid maxEvents Infinity/);
  });
});

describe('scheduling', () => {
  it('rejects an event in the past, naming the time and now', () => {
    const simulation = new Simulation(1);
    simulation.scheduleAt(100, () => {}, undefined);
    simulation.runUntil(100);
    expect(() => simulation.scheduleAt(99, () => {}, undefined)).toThrow(RangeError);
    expect(() => simulation.scheduleAt(99, () => {}, undefined)).toThrow(/99us.*100us/);
    expect(() => simulation.scheduleAfter(-1, () => {}, undefined)).toThrow(RangeError);
    expect(() => simulation.setTimer(-5, () => {}, undefined)).toThrow(RangeError);
  });

  it('rejects times that are not whole microseconds', () => {
    const simulation = new Simulation(1);
    expect(() => simulation.scheduleAt(1.5, () => {}, undefined)).toThrow(RangeError);
    expect(() => simulation.scheduleAt(Number.NaN, () => {}, undefined)).toThrow(RangeError);
    expect(() => simulation.scheduleAt(Infinity, () => {}, undefined)).toThrow(RangeError);
  });

  it('accepts an event at the current time and runs it after the current event', () => {
    const simulation = new Simulation(1);
    const fired: string[] = [];
    simulation.scheduleAt(10, () => {
      simulation.scheduleAfter(0, record(fired, 'scheduled now'), undefined);
      fired.push('current');
    }, undefined);
    simulation.scheduleAt(10, record(fired, 'queued before'), undefined);
    simulation.runUntil(10);
    expect(fired).toEqual(['current', 'queued before', 'scheduled now']);
  });
});
