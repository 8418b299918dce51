// payments on pinned seeds: without idempotency some customer is charged twice and the
// run fails its property; with a durable idempotency store nobody ever is; a store that
// dies with the server lets the crash charge someone twice. Bad retry settings are
// refused when the scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import payments from '../../scenarios/payments.ts';
import { figure, freshHash, pinnedRun, PINNED_SEEDS } from './pinned-runs.ts';

const SEEDS = [...PINNED_SEEDS, 3];

describe.each(SEEDS)('payments, seed %i', (seed) => {
  it('without idempotency charges some customer twice, and the run fails saying who', () => {
    const report = pinnedRun('payments', { idempotency: 'off' }, seed);
    expect(figure(report, 'duplicate effects')).toBeGreaterThanOrEqual(1);
    expect(figure(report, 'payments charged twice')).toBeGreaterThanOrEqual(1);
    expect(report.verdict).toBe('fail');
    expect(report.violations.map((violation) => violation.property)).toEqual(['no customer charged twice']);
    expect(report.violations[0]?.message).toMatch(/^customer \d+ was charged \d times for payment \d+\.\d+\.\d+/);
  });

  it('with idempotency keys and a durable store charges nobody twice, through duplicates, lost acks, retries and a crash', () => {
    const report = pinnedRun('payments', { idempotency: 'on', store: 'durable' }, seed);
    expect(report.faults).toBe('at 3s loss-burst 0.5 for 2s; at 4.8s crash 0; at 5.3s restart 0');
    expect(figure(report, 'duplicate effects')).toBe(0);
    expect(figure(report, 'retry amplification')).toBeGreaterThan(1.1);
    expect(report.verdict).toBe('pass');
  });

  it('with a store that dies with the server, a retry after the restart is charged again', () => {
    const report = pinnedRun('payments', { idempotency: 'on', store: 'volatile' }, seed);
    expect(figure(report, 'duplicate effects')).toBeGreaterThanOrEqual(1);
    expect(figure(report, 'duplicate effects')).toBeLessThan(figure(pinnedRun('payments', { idempotency: 'off' }, seed), 'duplicate effects'));
    expect(report.verdict).toBe('fail');
  });
});

describe('payments settings', () => {
  it('refuses a first backoff longer than the 1s cap when the scenario is built, naming the parameter', () => {
    const build = (): ScenarioRun => new ScenarioRun(payments, { seed: 1, params: { backoffBase: '2s' } });
    expect(build).toThrow(ParamError);
    expect(build).toThrow(/backoffBase=2s: retry: invalid backoff\.maxDelayUs 1000000: expected at least backoff\.initialDelayUs \(2000000\)/);
  });
});

describe('payments determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('payments', { idempotency: 'on', store: 'durable' }, 1).traceHash;
    expect(freshHash('payments', { idempotency: 'on', store: 'durable' }, 1)).toBe(hash);
    expect(pinnedRun('payments', { idempotency: 'on', store: 'durable' }, 2).traceHash).not.toBe(hash);
  });
});
