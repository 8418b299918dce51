// retry-storm on pinned seeds: naive retries (and backoff alone) keep the server down
// long after the burst, a retry budget lets it recover, and bad backoff settings are
// refused when the scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import retryStorm from '../../scenarios/retry-storm.ts';
import { incidentReport, lineAround, mean } from '../obs/incident-report.ts';
import { figure, freshHash, pinnedRun, PINNED_SEEDS } from './pinned-runs.ts';

/** The burst ends at 7s and the run at 40s. */
const TIME_LEFT_AFTER_BURST_MS = 33_000;

describe.each(PINNED_SEEDS)('retry-storm, seed %i', (seed) => {
  it('with naive retries has not recovered 30s after the burst: a metastable failure', () => {
    const naive = pinnedRun('retry-storm', { retries: 'naive' }, seed);
    expect(figure(naive, 'recovered')).toBe(0);
    expect(figure(naive, 'recovery ms')).toBe(TIME_LEFT_AFTER_BURST_MS);
    expect(figure(naive, 'retry amplification')).toBeGreaterThan(3);
    expect(figure(naive, 'success rate')).toBeLessThan(0.5);
    // The server stays busy, for clients that have given up.
    expect(figure(naive, 'late replies')).toBeGreaterThan(1_000);
  });

  it('with backoff and jitter alone still retries as much, and does not recover either', () => {
    const backoff = pinnedRun('retry-storm', { retries: 'backoff' }, seed);
    expect(figure(backoff, 'retry amplification')).toBeGreaterThan(3);
    expect(figure(backoff, 'recovered')).toBe(0);
  });

  it('with backoff and a retry budget recovers within seconds of the burst, retrying little', () => {
    const budget = pinnedRun('retry-storm', { retries: 'backoff-budget' }, seed);
    expect(figure(budget, 'recovered')).toBe(1);
    expect(figure(budget, 'recovery ms')).toBeLessThan(10_000);
    expect(figure(budget, 'retry amplification')).toBeLessThan(1.2);
    expect(figure(budget, 'success rate')).toBeGreaterThan(0.8);
    expect(figure(budget, 'throughput per s')).toBeGreaterThan(4 * figure(pinnedRun('retry-storm', { retries: 'naive' }, seed), 'throughput per s'));
  });

  it('without retries the burst alone clears within seconds (the baseline)', () => {
    const none = pinnedRun('retry-storm', { retries: 'none' }, seed);
    expect(figure(none, 'recovered')).toBe(1);
    expect(figure(none, 'recovery ms')).toBeLessThan(10_000);
    expect(figure(none, 'retry amplification')).toBe(1);
  });
});

describe('retry-storm settings', () => {
  it('refuses a backoff cap below its base when the scenario is built, naming both parameters', () => {
    const build = (): ScenarioRun => new ScenarioRun(retryStorm, { seed: 1, params: { retries: 'backoff', backoffBase: '100ms', backoffCap: '50ms' } });
    expect(build).toThrow(ParamError);
    expect(build).toThrow(/backoffBase=100ms, backoffCap=50ms: retry: invalid backoff\.maxDelayUs 50000: expected at least backoff\.initialDelayUs \(100000\)/);
  });
});

describe('retry-storm determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('retry-storm', { retries: 'backoff-budget' }, 1).traceHash;
    expect(freshHash('retry-storm', { retries: 'backoff-budget' }, 1)).toBe(hash);
    expect(pinnedRun('retry-storm', { retries: 'backoff-budget' }, 2).traceHash).not.toBe(hash);
  });
});

describe('retry-storm html report (seed 1, backoff with a retry budget)', () => {
  const { html, data, traceHash } = incidentReport(retryStorm, { seed: 1 });
  const burst = data.faultPeriods.find((period) => period.kind === 'declared');

  it('shades the load burst the scenario declares', () => {
    expect(burst).toMatchObject({ startUs: 5_000_000, endUs: 7_000_000, description: 'load x3' });
  });

  it('shows the clients\' latency rising inside the burst', () => {
    const server = lineAround(data, 'Call latency p99', 'server', burst as NonNullable<typeof burst>);
    expect(server.before.length).toBeGreaterThan(10);
    expect(Math.max(...server.inside)).toBeGreaterThan(5 * Math.max(...server.before));
    expect(mean(server.inside)).toBeGreaterThan(3 * mean(server.before));
  });

  it('marks the retry budgets running out, and breaches the clients\' SLO', () => {
    expect(data.patternMarks.some((mark) => mark.kind === 'retry-budget-exhausted' && mark.timeUs >= 5_000_000)).toBe(true);
    expect(html).toContain('retry budget exhausted');
    const burn = lineAround(data, 'SLO burn rate', 'clients: 99% ok within 500ms', burst as NonNullable<typeof burst>);
    expect(Math.max(...burn.inside)).toBeGreaterThan(1);
  });

  it('observing leaves the run as it was', () => {
    expect(traceHash).toBe(new ScenarioRun(retryStorm, { seed: 1 }).run().traceHash);
  });
});
