// bulkhead on pinned seeds: with one shared pool the slow recommendations service starves
// calls to the healthy inventory service; with a bulkhead each, inventory stays up; a
// fallback turns the slow service's failures into default answers. Bad pool sizes are
// refused when the scenario is built.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import bulkhead from '../../scenarios/bulkhead.ts';
import { figure, freshHash, pinnedRun, PINNED_SEEDS } from './pinned-runs.ts';

describe.each(PINNED_SEEDS)('bulkhead, seed %i', (seed) => {
  it('with one shared pool, calls to the healthy service fail during the fault', () => {
    const shared = pinnedRun('bulkhead', { bulkheads: 'shared' }, seed);
    expect(figure(shared, 'inventory success rate during fault')).toBeLessThan(0.6);
  });

  it('with a bulkhead per service, the healthy service keeps answering', () => {
    const separate = pinnedRun('bulkhead', { bulkheads: 'separate' }, seed);
    expect(figure(separate, 'inventory success rate during fault')).toBeGreaterThanOrEqual(0.99);
    expect(figure(separate, 'inventory latency p99 ms')).toBeLessThan(100);
    expect(figure(separate, 'success rate during fault')).toBeGreaterThan(figure(pinnedRun('bulkhead', { bulkheads: 'shared' }, seed), 'success rate during fault'));
  });

  it('with a fallback, failed recommendations calls get the default list', () => {
    const plain = pinnedRun('bulkhead', { bulkheads: 'separate' }, seed);
    const degraded = pinnedRun('bulkhead', { bulkheads: 'separate', fallback: 'on' }, seed);
    expect(figure(plain, 'recommendations success rate during fault')).toBeLessThan(0.2);
    expect(figure(degraded, 'recommendations success rate during fault')).toBeGreaterThan(0.9);
    expect(figure(degraded, 'fallback answers')).toBeGreaterThan(100);
  });
});

describe('bulkhead settings', () => {
  it('refuses a pool too small to split when the scenario is built, naming the parameters', () => {
    const build = (): ScenarioRun => new ScenarioRun(bulkhead, { seed: 1, params: { bulkheads: 'separate', connections: 1 } });
    expect(build).toThrow(ParamError);
    expect(build).toThrow(/bulkheads=separate, connections=1.*bulkhead recommendations-connections: invalid maxConcurrent 0/);
  });
});

describe('bulkhead determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun('bulkhead', { bulkheads: 'separate' }, 1).traceHash;
    expect(freshHash('bulkhead', { bulkheads: 'separate' }, 1)).toBe(hash);
    expect(pinnedRun('bulkhead', { bulkheads: 'separate' }, 2).traceHash).not.toBe(hash);
  });
});
