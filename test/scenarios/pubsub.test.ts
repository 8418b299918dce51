// The pubsub scenario on pinned seeds: the default design passes and shows the slow
// group's lag and back-pressure; each bug switch is caught; the trace is a function of
// the seed; and `faultline compare pubsub --vary ...` compares it by its figures.
import { describe, expect, it } from 'vitest';
import { runComparison } from '../../src/scenario/compare.ts';
import { ParamError } from '../../src/scenario/params.ts';
import type { Report } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import pubsub from '../../scenarios/pubsub.ts';
import { runCapturing } from '../cli/capture-host.ts';
import { figure, freshHash, PINNED_SEEDS, pinnedRun } from './pinned-runs.ts';

const violated = (report: Report): string[] => report.violations.map((violation) => violation.property);

describe('pubsub scenario', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    expect(freshHash('pubsub', {}, 1)).toBe(freshHash('pubsub', {}, 1));
    expect(freshHash('pubsub', {}, 1)).not.toBe(freshHash('pubsub', {}, 2));
  });

  it.each(PINNED_SEEDS)('passes with idempotent consumers on seed %i: every message takes effect once per group, nothing lost, none left', (seed) => {
    const report = pinnedRun('pubsub', {}, seed);
    expect(report.violations).toEqual([]);
    const published = figure(report, 'published');
    expect(figure(report, 'redeliveries')).toBeGreaterThan(0);
    expect(figure(report, 'duplicate effects')).toBe(0);
    expect(figure(report, 'lost messages')).toBe(0);
    for (const group of ['billing', 'analytics']) {
      expect(figure(report, `lag at end ${group}`)).toBe(0);
      expect(figure(report, `effects ${group}`)).toBeLessThanOrEqual(published);
    }
  });

  it.each(PINNED_SEEDS)('shows the slow group falling behind until the broker pushes back on producers on seed %i', (seed) => {
    const report = pinnedRun('pubsub', {}, seed);
    expect(figure(report, 'max lag analytics')).toBeGreaterThan(2 * figure(report, 'max lag billing'));
    expect(figure(report, 'publishes refused (back-pressure)')).toBeGreaterThan(0);
    const relaxed = pinnedRun('pubsub', { 'slow-processing': '5ms', loss: 0, duplicates: 0 }, seed);
    expect(figure(relaxed, 'max lag analytics')).toBeLessThan(figure(report, 'max lag analytics') / 2);
  });

  it.each(PINNED_SEEDS)('catches idempotency=off on seed %i: redeliveries take effect twice', (seed) => {
    const report = pinnedRun('pubsub', { idempotency: 'off' }, seed);
    expect(violated(report)).toEqual(['each message takes effect at most once per group']);
    expect(figure(report, 'duplicate effects')).toBeGreaterThan(0);
  });

  it.each(PINNED_SEEDS)('catches bug=ack-before-process on seed %i: a consumer crash loses what it had acknowledged', (seed) => {
    const report = pinnedRun('pubsub', { bug: 'ack-before-process' }, seed);
    expect(violated(report)).toContain('no message finished without taking effect');
    expect(figure(report, 'lost messages')).toBeGreaterThan(0);
  });

  it.each(PINNED_SEEDS)('catches bug=publish-without-dedupe on seed %i, while idempotent sinks still make each effect once', (seed) => {
    const report = pinnedRun('pubsub', { bug: 'publish-without-dedupe' }, seed);
    expect(violated(report)).toEqual(['each message is in the log once']);
    expect(figure(report, 'duplicate log entries')).toBeGreaterThan(0);
    expect(figure(report, 'duplicate effects')).toBe(0);
    expect(figure(report, 'lost messages')).toBe(0);
  });

  it.each(PINNED_SEEDS)('keeps keys in order with ordering=per-partition and breaks it with ordering=none on seed %i', (seed) => {
    expect(figure(pinnedRun('pubsub', {}, seed), 'ordering violations')).toBe(0);
    const unordered = pinnedRun('pubsub', { ordering: 'none' }, seed);
    expect(figure(unordered, 'ordering violations')).toBeGreaterThan(0);
    expect(unordered.verdict).toBe('pass');
  });

  it('dead-letters poison messages after max-deliveries, and they are all that is missing from the effects', () => {
    const report = pinnedRun('pubsub', { poison: 0.1 }, 1);
    expect(report.violations).toEqual([]);
    const deadLettered = figure(report, 'dead-lettered');
    expect(deadLettered).toBeGreaterThan(0);
    const missing = 2 * figure(report, 'published') - figure(report, 'effects billing') - figure(report, 'effects analytics');
    expect(missing).toBe(deadLettered);
  });

  it('compares idempotency on and off by the duplicate effects', () => {
    const comparison = runComparison({ scenario: pubsub, seeds: { first: 1, last: 2 }, vary: [{ name: 'idempotency', values: ['on', 'off'] }] });
    const [on, off] = comparison.variants;
    expect(on?.figures['duplicate effects']?.max).toBe(0);
    expect(off?.figures['duplicate effects']?.min).toBeGreaterThan(0);
    expect(off?.failed).toBe(2);
  });

  it('runs `faultline compare pubsub --vary` from the command line', async () => {
    const result = await runCapturing(['compare', 'pubsub', '--vary', 'bug=none,ack-before-process', '--seeds', '1..1', '--json']);
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout) as { variants: { params: unknown; figures: Record<string, { mean: number }> }[] };
    expect(comparison.variants.map((variant) => variant.params)).toEqual([{ bug: 'none' }, { bug: 'ack-before-process' }]);
    expect(comparison.variants[0]?.figures['lost messages']?.mean).toBe(0);
    expect(comparison.variants[1]?.figures['lost messages']?.mean).toBeGreaterThan(0);
    // Loading every registered scenario takes a few seconds on a busy machine.
  }, 60_000);

  it('refuses an unknown idempotency mode, naming the allowed ones', () => {
    expect(() => runScenario(pubsub, { seed: 1, params: { idempotency: 'maybe' } })).toThrow(ParamError);
    expect(() => runScenario(pubsub, { seed: 1, params: { idempotency: 'maybe' } })).toThrow(/"maybe".*on, off/);
  });
});
