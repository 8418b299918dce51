// overload on pinned seeds: first come first served lets critical requests miss their
// latency objective with everyone else; the load shedder keeps them within it and sheds
// normal requests instead. Bad settings are refused when the scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import overload from '../../scenarios/overload.ts';
import { figure, freshHash, pinnedRun, PINNED_SEEDS } from './pinned-runs.ts';

const OBJECTIVE_MS = 300;

describe.each(PINNED_SEEDS)('overload, seed %i', (seed) => {
  it('without shedding, critical requests miss their latency objective', () => {
    const fifo = pinnedRun('overload', { shedding: 'off' }, seed);
    expect(figure(fifo, 'critical latency p99 ms')).toBeGreaterThan(OBJECTIVE_MS);
    expect(figure(fifo, 'critical within objective')).toBeLessThan(0.5);
  });

  it('with shedding, critical requests keep their objective and normal ones are shed', () => {
    const shedding = pinnedRun('overload', { shedding: 'on' }, seed);
    expect(figure(shedding, 'critical latency p99 ms')).toBeLessThan(OBJECTIVE_MS);
    expect(figure(shedding, 'critical within objective')).toBeGreaterThanOrEqual(0.99);
    expect(figure(shedding, 'critical success rate during fault')).toBeGreaterThanOrEqual(0.99);
    expect(figure(shedding, 'normal success rate during fault')).toBeLessThan(0.6);
    expect(figure(shedding, 'normal success rate during fault')).toBeGreaterThan(0);
  });

  it('with shedding, the server does more useful work and recovers sooner', () => {
    const fifo = pinnedRun('overload', { shedding: 'off' }, seed);
    const shedding = pinnedRun('overload', { shedding: 'on' }, seed);
    expect(figure(shedding, 'throughput per s')).toBeGreaterThan(figure(fifo, 'throughput per s'));
    expect(figure(shedding, 'recovery ms')).toBeLessThan(figure(fifo, 'recovery ms'));
  });
});

describe('overload settings', () => {
  it('refuses a critical share outside 0..1 when the scenario is built', () => {
    expect(() => new ScenarioRun(overload, { seed: 1, params: { criticalShare: 1.5 } })).toThrow(ParamError);
  });
});

describe('overload determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('overload', { shedding: 'on' }, 1).traceHash;
    expect(freshHash('overload', { shedding: 'on' }, 1)).toBe(hash);
    expect(pinnedRun('overload', { shedding: 'on' }, 2).traceHash).not.toBe(hash);
  });
});
