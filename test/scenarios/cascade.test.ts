// cascade on pinned seeds: without timeouts and a breaker a slow payments service takes
// browsing down with it; with them the failure stays with checkouts, payments is spared,
// and the chain recovers when payments does. Bad breaker settings are refused when the
// scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import cascade from '../../scenarios/cascade.ts';
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
