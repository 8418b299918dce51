// The circuit breaker in examples: when it opens, how long it stays open (fixed,
// adaptive by trips, adaptive by success rate), what late and cancelled calls count for,
// and what it tells the trace.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../src/engine/time.ts';
import { call } from '../../src/node/process.ts';
import { CircuitBreaker, circuitBreaker, type BreakerOutcome } from '../../src/patterns/circuit-breaker.ts';
import type { CircuitBreakerSettings } from '../../src/patterns/circuit-breaker-settings.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld, recorded } from './pattern-world.ts';

/** Admits a call at `nowUs` and records its outcome at once; returns whether it was admitted. */
function callAt(breaker: CircuitBreaker, nowUs: number, outcome: BreakerOutcome): boolean {
  const admission = breaker.admit(nowUs);
  if (admission.kind === 'admitted') breaker.record(admission.ticket, outcome, nowUs);
  return admission.kind === 'admitted';
}

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures, then refuses calls at once without calling', () => {
    const world = new PatternWorld();
    const server = world.addScriptedServer(() => ({ kind: 'error', workUs: 50 }));
    const client = world.addNode();
    world.start();
    const breaker = circuitBreaker({ name: 'payments', trip: { kind: 'consecutive-failures', failures: 5 }, openDuration: { kind: 'fixed', durationUs: seconds(1) }, halfOpenProbes: 1 });
    const results: { value: string; atUs: number }[] = [];
    world.spawn(
      client,
      (function* () {
        for (let index = 0; index < 7; index++) {
          const result = yield* breaker.execute(() => call<number>(server, index, { timeoutUs: 10_000 }));
          results.push({ value: result.kind === 'error' ? result.reason : result.kind, atUs: world.now });
        }
      })(),
    );
    world.runUntil(seconds(2));
    expect(results.map((result) => result.value)).toEqual(['remote', 'remote', 'remote', 'remote', 'remote', 'circuit-open', 'circuit-open']);
    // Refusals cost no time: the 6th and 7th calls end the instant the 5th does.
    expect(results[6]?.atUs).toBe(results[4]?.atUs);
    expect(world.eventsOf('breaker-opened')).toEqual([{ kind: 'breaker-opened', policy: 'payments', reason: 'consecutive-failures', openForUs: seconds(1) }]);
    expect(world.eventsOf('breaker-rejected')).toHaveLength(2);
    expect(breaker.snapshot(world.now)).toMatchObject({ state: { kind: 'half-open' }, trips: 1, rejected: 2 });
  });

  it('stays open 2 s, doubles on every failed probe up to 60 s, and is back to 2 s after a successful probe', () => {
    const breaker = circuitBreaker({
      trip: { kind: 'consecutive-failures', failures: 1 },
      openDuration: { kind: 'adaptive', initialUs: seconds(2), maxUs: seconds(60), multiplier: 2, driver: 'trips' },
      halfOpenProbes: 1,
    });
    let now = 0;
    const openTimes: number[] = [];
    callAt(breaker, now, 'failure');
    for (let trip = 0; trip < 7; trip++) {
      const state = breaker.state(now);
      if (state.kind !== 'open') throw new Error(`expected open, got ${state.kind}`);
      openTimes.push(state.openForUs);
      expect(callAt(breaker, state.halfOpenAtUs - 1, 'success')).toBe(false);
      now = state.halfOpenAtUs;
      expect(callAt(breaker, now, 'failure')).toBe(true);
    }
    expect(openTimes.map((us) => us / seconds(1))).toEqual([2, 4, 8, 16, 32, 60, 60]);
    const state = breaker.state(now);
    now = state.kind === 'open' ? state.halfOpenAtUs : now;
    expect(callAt(breaker, now, 'success')).toBe(true);
    expect(breaker.state(now).kind).toBe('closed');
    callAt(breaker, now, 'failure');
    expect(breaker.state(now)).toEqual({ kind: 'open', openedAtUs: now, halfOpenAtUs: now + seconds(2), openForUs: seconds(2) });
  });

  it('grows the open time less for a dependency that half works (success-rate driver)', () => {
    const breaker = circuitBreaker({
      trip: { kind: 'failure-rate', threshold: 0.5, windowSize: 4, minimumVolume: 4 },
      openDuration: { kind: 'adaptive', initialUs: 1_000, maxUs: 100_000, multiplier: 3, driver: 'success-rate' },
      halfOpenProbes: 1,
    });
    for (const outcome of ['success', 'success', 'failure'] as const) callAt(breaker, 0, outcome);
    expect(breaker.state(0).kind).toBe('closed');
    callAt(breaker, 0, 'failure');
    expect(breaker.state(0)).toMatchObject({ kind: 'open', openForUs: 1_000 });
    // The failed probe leaves 3 failures in the window of 4: growth 1 + (3 - 1) * 0.75 = 2.5.
    callAt(breaker, 1_000, 'failure');
    expect(breaker.state(1_000)).toMatchObject({ kind: 'open', openForUs: 2_500 });
  });

  it('does not trip on a failure rate until the window holds the minimum volume', () => {
    const breaker = circuitBreaker({ trip: { kind: 'failure-rate', threshold: 0.5, windowSize: 10, minimumVolume: 6 }, openDuration: { kind: 'fixed', durationUs: 100 }, halfOpenProbes: 1 });
    for (let index = 0; index < 5; index++) callAt(breaker, 0, 'failure');
    expect(breaker.state(0).kind).toBe('closed');
    callAt(breaker, 0, 'failure');
    expect(breaker.state(0).kind).toBe('open');
  });

  it('ignores the outcome of a call admitted before the breaker opened', () => {
    const breaker = circuitBreaker({ trip: { kind: 'consecutive-failures', failures: 1 }, openDuration: { kind: 'fixed', durationUs: 100 }, halfOpenProbes: 2 });
    const slow = breaker.admit(0);
    callAt(breaker, 0, 'failure');
    const probe = breaker.admit(100);
    if (slow.kind !== 'admitted' || probe.kind !== 'admitted') throw new Error('expected admissions');
    breaker.record(slow.ticket, 'success', 150);
    breaker.record(probe.ticket, 'success', 150);
    // Two probes must succeed; the slow call from before the trip is not one of them.
    expect(breaker.state(150)).toEqual({ kind: 'half-open', probesAdmitted: 1, probesSucceeded: 1 });
  });

  it('counts a call cancelled by an outer timeout as a failure', () => {
    const world = new PatternWorld();
    const server = world.addScriptedServer(() => ({ kind: 'silent' }));
    const client = world.addNode();
    world.start();
    const breaker = circuitBreaker({ trip: { kind: 'consecutive-failures', failures: 1 }, openDuration: { kind: 'fixed', durationUs: seconds(5) }, halfOpenProbes: 1 });
    const policy = wrap(timeout({ durationUs: 300 }), breaker);
    const results: { value: string; atUs: number }[] = [];
    world.spawn(
      client,
      recorded(
        results,
        world,
        (function* () {
          return (yield* policy.execute(() => call<number>(server, 'hang', { timeoutUs: seconds(60) }))).kind;
        })(),
      ),
    );
    world.runUntil(seconds(1));
    expect(results).toEqual([{ value: 'timeout', atUs: 300 }]);
    expect(breaker.snapshot(world.now).state).toEqual({ kind: 'open', openedAtUs: 300, halfOpenAtUs: 300 + seconds(5), openForUs: seconds(5) });
  });

  it('snapshots its state as a tagged union that survives JSON', () => {
    const settings: CircuitBreakerSettings = { name: 'orders', trip: { kind: 'consecutive-failures', failures: 2 }, openDuration: { kind: 'fixed', durationUs: 500 }, halfOpenProbes: 1 };
    const breaker = circuitBreaker(settings);
    callAt(breaker, 10, 'failure');
    callAt(breaker, 20, 'failure');
    expect(JSON.parse(JSON.stringify(breaker))).toEqual({
      policy: 'orders',
      state: { kind: 'open', openedAtUs: 20, halfOpenAtUs: 520, openForUs: 500 },
      trips: 1,
      consecutiveFailures: 0,
      windowCalls: 0,
      windowFailures: 0,
      rejected: 0,
    });
  });
});
