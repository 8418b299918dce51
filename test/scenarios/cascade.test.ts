// cascade on pinned seeds: without timeouts and a breaker a slow payments service takes
// browsing down with it; with them the failure stays with checkouts, payments is spared,
// and the chain recovers when payments does. Bad breaker settings are refused when the
// scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import cascade from '../../scenarios/cascade.ts';
import { incidentReport, lineAround, mean } from '../obs/incident-report.ts';
import { figure, freshHash, pinnedRun, PINNED_SEEDS } from './pinned-runs.ts';

const BARE = { timeouts: 'off', breaker: 'off' } as const;
const TIMEOUTS_ONLY = { timeouts: 'on', breaker: 'off' } as const;
const PROTECTED = { timeouts: 'on', breaker: 'on' } as const;

describe.each(PINNED_SEEDS)('cascade, seed %i', (seed) => {
  it('without timeouts and breaker, the slow payments service takes browsing down too', () => {
    const bare = pinnedRun('cascade', BARE, seed);
    expect(figure(bare, 'browse success rate during fault')).toBeLessThan(0.5);
    expect(figure(bare, 'success rate during fault')).toBeLessThan(0.4);
  });

  it('with timeouts and a breaker the gateway answers far more during the fault, browsing all of it', () => {
    const bare = pinnedRun('cascade', BARE, seed);
    const guarded = pinnedRun('cascade', PROTECTED, seed);
    expect(figure(guarded, 'success rate during fault')).toBeGreaterThan(0.6);
    expect(figure(guarded, 'success rate during fault')).toBeGreaterThan(2 * figure(bare, 'success rate during fault'));
    expect(figure(guarded, 'browse success rate during fault')).toBeGreaterThanOrEqual(0.99);
    expect(figure(guarded, 'checkout latency p99 ms')).toBeLessThan(figure(bare, 'checkout latency p99 ms'));
  });

  it('with the breaker, orders calls payments far less during the fault than with timeouts alone', () => {
    const timeoutsOnly = pinnedRun('cascade', TIMEOUTS_ONLY, seed);
    const guarded = pinnedRun('cascade', PROTECTED, seed);
    expect(figure(guarded, 'calls to payments during fault')).toBeLessThan(figure(timeoutsOnly, 'calls to payments during fault') / 2);
  });

  it('recovers within seconds once payments does', () => {
    const guarded = pinnedRun('cascade', PROTECTED, seed);
    expect(figure(guarded, 'recovered')).toBe(1);
    expect(figure(guarded, 'recovery ms')).toBeLessThan(3_000);
  });
});

describe('cascade with payments paused (fault=hang)', () => {
  it('contains the failure the same way', () => {
    const bare = pinnedRun('cascade', { ...BARE, fault: 'hang' }, 1);
    const guarded = pinnedRun('cascade', { ...PROTECTED, fault: 'hang' }, 1);
    expect(bare.faults).toBe('at 5s pause 2 for 5s');
    expect(figure(bare, 'browse success rate during fault')).toBeLessThan(0.5);
    expect(figure(guarded, 'browse success rate during fault')).toBeGreaterThanOrEqual(0.99);
  });
});

describe('cascade settings', () => {
  it('refuses a breaker window smaller than its minimum volume when the scenario is built, naming both parameters', () => {
    const build = (): ScenarioRun => new ScenarioRun(cascade, { seed: 1, params: { breakerWindow: 5, breakerVolume: 10 } });
    expect(build).toThrow(ParamError);
    expect(build).toThrow(/breakerWindow=5, breakerVolume=10.*circuit breaker to-payments: invalid trip\.windowSize 5: expected at least trip\.minimumVolume \(10\)/);
  });
});

describe('cascade determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('cascade', PROTECTED, 1).traceHash;
    expect(freshHash('cascade', PROTECTED, 1)).toBe(hash);
    expect(pinnedRun('cascade', PROTECTED, 2).traceHash).not.toBe(hash);
  });
});

describe('cascade html report (seed 1, timeouts and breaker on)', () => {
  const { html, data, traceHash } = incidentReport(cascade, { seed: 1, params: PROTECTED });
  const fault = data.faultPeriods.find((period) => period.kind === 'declared');

  it('shades the fault window the scenario declares', () => {
    expect(fault).toMatchObject({ startUs: 5_000_000, endUs: 10_000_000, description: 'payments 100x slower' });
  });

  it('shows the users\' latency rising inside the fault window', () => {
    const gateway = lineAround(data, 'Call latency p99', 'gateway', fault as NonNullable<typeof fault>);
    expect(gateway.before.length).toBeGreaterThan(10);
    expect(Math.max(...gateway.inside)).toBeGreaterThan(5 * Math.max(...gateway.before));
    expect(mean(gateway.inside)).toBeGreaterThan(1.5 * mean(gateway.before));
  });

  it('marks the breaker opening on orders during the fault, in the charts\' data and the pattern table', () => {
    const opened = data.patternMarks.filter((mark) => mark.kind === 'breaker-opened');
    expect(opened.length).toBeGreaterThan(0);
    expect(opened[0]).toMatchObject({ node: 1, policy: 'to-payments' });
    // It first opens inside the fault (charges begun before 10 s still take 2 s, so it may open again just after).
    expect(opened[0]?.timeUs).toBeGreaterThanOrEqual(5_000_000);
    expect(opened[0]?.timeUs).toBeLessThan(10_000_000);
    expect(html).toContain('circuit breaker opened');
  });

  it('breaches the users\' SLO during the fault, and observing leaves the run as it was', () => {
    expect(html).toMatch(/users: 99% ok within 200ms/);
    const burn = lineAround(data, 'SLO burn rate', 'users: 99% ok within 200ms', fault as NonNullable<typeof fault>);
    expect(Math.max(...burn.inside)).toBeGreaterThan(1);
    expect(traceHash).toBe(new ScenarioRun(cascade, { seed: 1, params: PROTECTED }).run().traceHash);
  });
});
