// event-sourcing on pinned seeds: with the version check, through crashes and a
// partition, no balance goes below zero, conflicts are rejected and retried, the
// projection lags while it is down and catches up after the heal, and a rebuild from
// scratch replays every event; each bug switch breaks the property it is about.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import type { Report } from '../../src/scenario/report.ts';
import { runComparison } from '../../src/scenario/compare.ts';
import { runScenario, ScenarioRun } from '../../src/scenario/runner.ts';
import eventSourcing from '../../scenarios/event-sourcing.ts';
import { figure, PINNED_SEEDS, pinnedRun } from './pinned-runs.ts';

function violated(report: Report): string[] {
  return report.violations.map((violation) => violation.property);
}

describe.each(PINNED_SEEDS)('event-sourcing, seed %i', (seed) => {
  it('keeps every balance at or above zero through crashes and a partition, rejecting stale appends', () => {
    const report = pinnedRun('event-sourcing', {}, seed);
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'min balance')).toBe(0);
    expect(figure(report, 'rejected for conflict')).toBeGreaterThan(0);
    expect(figure(report, 'rejected for funds')).toBeGreaterThan(0);
    expect(figure(report, 'retried')).toBeGreaterThan(0);
    expect(figure(report, 'accepted') + figure(report, 'rejected for funds') + figure(report, 'gave up on conflicts') + figure(report, 'failed')).toBeLessThanOrEqual(figure(report, 'commands'));
    // Every event comes from an accepted command; a command whose client gave up may still have landed.
    expect(figure(report, 'events')).toBeGreaterThanOrEqual(figure(report, 'accepted'));
    expect(figure(report, 'events')).toBeLessThanOrEqual(figure(report, 'accepted') + figure(report, 'failed'));
  });

  it('lets the projection lag while it is down and catch up soon after the heal', () => {
    const report = pinnedRun('event-sourcing', {}, seed);
    expect(figure(report, 'projection lag max ms')).toBeGreaterThan(700);
    expect(figure(report, 'projection converged ms after heal')).toBeGreaterThanOrEqual(0);
    expect(figure(report, 'projection converged ms after heal')).toBeLessThan(500);
    expect(figure(report, 'redeliveries skipped')).toBeGreaterThan(0);
  });

  it('rebuilds the projection from scratch by replaying every event', () => {
    const report = pinnedRun('event-sourcing', {}, seed);
    expect(figure(report, 'events replayed')).toBe(figure(report, 'events'));
    expect(figure(report, 'rebuild ms')).toBeGreaterThan(0);
    expect(figure(report, 'rebuild ms')).toBeLessThan(200);
  });

  it('loads few events per command with snapshots, and every event without them', () => {
    const withSnapshots = figure(pinnedRun('event-sourcing', {}, seed), 'events per load');
    const without = pinnedRun('event-sourcing', { 'snapshot-every': 0 }, seed);
    expect(without.verdict).toBe('pass');
    expect(withSnapshots).toBeLessThan(5);
    expect(figure(without, 'events per load')).toBeGreaterThan(10 * withSnapshots);
  });
});

describe('event-sourcing bug switches, caught on pinned seeds', () => {
  it.each([2, 4])('bug=no-version-check lets two withdrawals decided on one balance overdraw it (seed %i)', (seed) => {
    const report = pinnedRun('event-sourcing', { bug: 'no-version-check' }, seed);
    expect(violated(report)).toEqual(['no balance below zero']);
    expect(report.violations[0]?.message).toMatch(/^account-\d went to -\d+ at log position \d+$/);
    expect(figure(report, 'min balance')).toBeLessThan(0);
    expect(figure(report, 'rejected for conflict')).toBe(0);
  });

  it.each([1, 2])('bug=projection-not-idempotent double-counts the events redelivered after the projection restarts (seed %i)', (seed) => {
    const report = pinnedRun('event-sourcing', { bug: 'projection-not-idempotent' }, seed);
    expect(violated(report)).toEqual(['the read model equals the write model at its position']);
    expect(report.violations[0]?.timeUs).toBeGreaterThanOrEqual(1_300_000);
    expect(report.violations[0]?.message).toMatch(/read model's balances add up to -?\d+, the log's to -?\d+/);
  });

  it.each([1, 2])('bug=snapshot-before-append leaves a snapshot of a history the store rejected (seed %i)', (seed) => {
    const report = pinnedRun('event-sourcing', { bug: 'snapshot-before-append' }, seed);
    expect(violated(report)).toEqual(['every snapshot equals a replay of its stream']);
    expect(report.violations[0]?.message).toMatch(/^the snapshot of account-\d at version \d+ says -?\d+; replaying its events gives -?\d+$/);
  });
});

describe('event-sourcing determinism and settings', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('event-sourcing', {}, 1).traceHash;
    expect(runScenario(eventSourcing, { seed: 1, explain: false }).traceHash).toBe(hash);
    expect(pinnedRun('event-sourcing', {}, 2).traceHash).not.toBe(hash);
  });

  it('refuses a bad parameter when the scenario is built, naming it', () => {
    expect(() => new ScenarioRun(eventSourcing, { seed: 1, params: { 'store-nodes': 9 } })).toThrow(ParamError);
    expect(() => new ScenarioRun(eventSourcing, { seed: 1, params: { bug: 'nope' } })).toThrow(/invalid value "nope" for parameter "bug"/);
  });

  it('does not judge convergence in a run cut short before the heal (--until)', () => {
    const report = runScenario(eventSourcing, { seed: 1, untilUs: 1_000_000, explain: false });
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'projection converged ms after heal')).toBe(-1);
  });

  it('compares designs side by side with numeric figures', () => {
    const comparison = runComparison({ scenario: eventSourcing, seeds: { first: 1, last: 1 }, vary: [{ name: 'snapshot-every', values: ['0', '5'] }], untilUs: 1_000_000 });
    expect(comparison.variants.map((variant) => variant.params)).toEqual([{ 'snapshot-every': 0 }, { 'snapshot-every': 5 }]);
    for (const variant of comparison.variants) {
      expect(variant.crashed).toBe(0);
      for (const name of ['commands', 'accepted', 'rejected for conflict', 'retried', 'min balance', 'projection lag max ms', 'rebuild ms', 'events replayed']) {
        expect(variant.figures[name], name).toBeDefined();
      }
    }
    const [without, with5] = comparison.variants;
    expect(with5?.figures['events per load']?.mean).toBeLessThan(without?.figures['events per load']?.mean ?? 0);
  });
});
