// Model-based test of the circuit breaker's state machine: random scripts of admissions,
// outcomes (in any order, late ones included) and time steps, run against the breaker
// and a small reference model written from the spec. A shrunk failure prints as a script.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerTicket } from '../../src/patterns/circuit-breaker.ts';
import type { CircuitBreakerSettings, OpenDuration, TripRule } from '../../src/patterns/circuit-breaker-settings.ts';

/** The spec, as plainly as possible: arrays instead of rings, no events. */
class BreakerModel {
  now = 0;
  kind: 'closed' | 'open' | 'half-open' = 'closed';
  generation = 0;
  consecutiveFailures = 0;
  recent: boolean[] = [];
  trips = 0;
  openForUs = 0;
  halfOpenAtUs = 0;
  probesAdmitted = 0;
  probesSucceeded = 0;
  /** Tickets handed out and not yet finished: the model's generation and the breaker's ticket. */
  readonly outstanding: { readonly generation: number; readonly ticket: BreakerTicket }[] = [];

  constructor(readonly settings: CircuitBreakerSettings) {}

  admit(): { admitted: boolean; probe: boolean } {
    if (this.kind === 'open' && this.now >= this.halfOpenAtUs) {
      this.kind = 'half-open';
      this.generation++;
      this.probesAdmitted = 0;
      this.probesSucceeded = 0;
    }
    if (this.kind === 'closed') return { admitted: true, probe: false };
    if (this.kind === 'half-open' && this.probesAdmitted < this.settings.halfOpenProbes) {
      this.probesAdmitted++;
      return { admitted: true, probe: true };
    }
    return { admitted: false, probe: false };
  }

  record(generation: number, failed: boolean): void {
    if (generation !== this.generation) return;
    const trip = this.settings.trip;
    if (trip.kind === 'failure-rate') {
      this.recent.push(failed);
      if (this.recent.length > trip.windowSize) this.recent.shift();
    }
    if (this.kind === 'half-open') {
      if (failed) this.open();
      else if (++this.probesSucceeded === this.settings.halfOpenProbes) this.close();
      return;
    }
    this.consecutiveFailures = failed ? this.consecutiveFailures + 1 : 0;
    if (!failed) return;
    const failures = this.recent.filter(Boolean).length;
    const trips =
      trip.kind === 'consecutive-failures'
        ? this.consecutiveFailures >= trip.failures
        : this.recent.length >= trip.minimumVolume && failures / this.recent.length >= trip.threshold;
    if (trips) this.open();
  }

  private open(): void {
    this.trips++;
    const duration = this.settings.openDuration;
    if (duration.kind === 'fixed') this.openForUs = duration.durationUs;
    else if (this.trips === 1) this.openForUs = duration.initialUs;
    else {
      const failedFraction = duration.driver === 'trips' ? 1 : this.recent.filter(Boolean).length / this.recent.length;
      this.openForUs = Math.min(duration.maxUs, Math.round(this.openForUs * (1 + (duration.multiplier - 1) * failedFraction)));
    }
    this.kind = 'open';
    this.halfOpenAtUs = this.now + this.openForUs;
    this.generation++;
    this.consecutiveFailures = 0;
  }

  private close(): void {
    this.kind = 'closed';
    this.generation++;
    this.trips = 0;
    this.consecutiveFailures = 0;
    this.recent = [];
  }
}

type Real = CircuitBreaker;

function expectAgreement(model: BreakerModel, real: Real): void {
  const snapshot = real.snapshot(model.now);
  const state = snapshot.state;
  const modelKind = model.kind === 'open' && model.now >= model.halfOpenAtUs ? 'half-open' : model.kind;
  expect(state.kind).toBe(modelKind);
  expect(snapshot.trips).toBe(model.trips);
  expect(snapshot.consecutiveFailures).toBe(model.consecutiveFailures);
  if (state.kind === 'open') {
    expect(state.openForUs).toBe(model.openForUs);
    expect(state.halfOpenAtUs).toBe(model.halfOpenAtUs);
  }
  if (state.kind === 'half-open' && model.kind === 'half-open') {
    expect(state.probesAdmitted).toBe(model.probesAdmitted);
    expect(state.probesSucceeded).toBe(model.probesSucceeded);
  }
  // The property the issue asks for: half-open probes never exceed their limit.
  if (state.kind === 'half-open') expect(state.probesAdmitted).toBeLessThanOrEqual(real.halfOpenProbes);
}

class AdmitCommand implements fc.Command<BreakerModel, Real> {
  check(): boolean {
    return true;
  }
  run(model: BreakerModel, real: Real): void {
    const expected = model.admit();
    const admission = real.admit(model.now);
    expect(admission.kind).toBe(expected.admitted ? 'admitted' : 'rejected');
    if (admission.kind === 'admitted') {
      expect(admission.ticket.isProbe).toBe(expected.probe);
      model.outstanding.push({ generation: model.generation, ticket: admission.ticket });
    }
    expectAgreement(model, real);
  }
  toString(): string {
    return 'admit';
  }
}

/** Finishes an outstanding call: the newest one, or the one at `pick` (modulo the count). */
class FinishCommand implements fc.Command<BreakerModel, Real> {
  constructor(
    readonly pick: number | 'newest',
    readonly failed: boolean,
  ) {}
  check(model: Readonly<BreakerModel>): boolean {
    return model.outstanding.length > 0;
  }
  run(model: BreakerModel, real: Real): void {
    const index = this.pick === 'newest' ? model.outstanding.length - 1 : this.pick % model.outstanding.length;
    const [call] = model.outstanding.splice(index, 1);
    if (call === undefined) throw new Error('no call to finish');
    model.record(call.generation, this.failed);
    real.record(call.ticket, this.failed ? 'failure' : 'success', model.now);
    expectAgreement(model, real);
  }
  toString(): string {
    return `finish(${this.pick === 'newest' ? 'newest' : `#${this.pick}`}, ${this.failed ? 'failure' : 'success'})`;
  }
}

class AdvanceCommand implements fc.Command<BreakerModel, Real> {
  constructor(readonly us: number) {}
  check(): boolean {
    return true;
  }
  run(model: BreakerModel, real: Real): void {
    model.now += this.us;
    expectAgreement(model, real);
  }
  toString(): string {
    return `advance(${this.us}us)`;
  }
}

const tripArbitrary: fc.Arbitrary<TripRule> = fc.oneof(
  fc.record({ kind: fc.constant('consecutive-failures' as const), failures: fc.integer({ min: 1, max: 4 }) }),
  fc
    .record({ threshold: fc.constantFrom(0.25, 0.5, 0.75, 1), windowSize: fc.integer({ min: 1, max: 6 }), volumeShare: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ threshold, windowSize, volumeShare }) => ({
      kind: 'failure-rate' as const,
      threshold,
      windowSize,
      minimumVolume: Math.max(1, Math.ceil(volumeShare * windowSize)),
    })),
);

function openDurationArbitrary(trip: TripRule): fc.Arbitrary<OpenDuration> {
  const drivers = trip.kind === 'failure-rate' ? (['trips', 'success-rate'] as const) : (['trips'] as const);
  return fc.oneof(
    fc.record({ kind: fc.constant('fixed' as const), durationUs: fc.integer({ min: 1, max: 3_000 }) }),
    fc
      .record({ initialUs: fc.integer({ min: 1, max: 1_000 }), spread: fc.integer({ min: 1, max: 20 }), multiplier: fc.constantFrom(1, 1.5, 2, 3), driver: fc.constantFrom(...drivers) })
      .map(({ initialUs, spread, multiplier, driver }) => ({ kind: 'adaptive' as const, initialUs, maxUs: initialUs * spread, multiplier, driver })),
  );
}

const settingsArbitrary: fc.Arbitrary<CircuitBreakerSettings> = tripArbitrary.chain((trip) =>
  fc.record({ trip: fc.constant(trip), openDuration: openDurationArbitrary(trip), halfOpenProbes: fc.integer({ min: 1, max: 3 }) }),
);

const commandArbitraries = [
  fc.constant(new AdmitCommand()),
  fc.tuple(fc.nat(20), fc.boolean()).map(([pick, failed]) => new FinishCommand(pick, failed)),
  fc.boolean().map((failed) => new FinishCommand('newest', failed)),
  fc.constant(new FinishCommand('newest', true)),
  fc.integer({ min: 1, max: 4_000 }).map((us) => new AdvanceCommand(us)),
];

describe('circuit breaker model', () => {
  it('agrees with the reference model on every script of admissions, outcomes and time', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.commands(commandArbitraries, { maxCommands: 60, size: 'medium' }), (settings, commands) => {
        fc.modelRun(() => ({ model: new BreakerModel(settings), real: new CircuitBreaker(settings) }), commands);
      }),
      { numRuns: 300 },
    );
  });
});
