// The kv-ap scenario on pinned seeds: the claims its description makes. Available on both
// sides of a partition; replicas diverge and converge within the bound after the heal;
// R+W<=N gives stale reads without any partition and R+W>N none; last-writer-wins loses
// concurrent appends and version vectors lose none; CRDTs lose nothing; a node cut off
// alone cannot serve W=2; the history is not linearizable; same seed, same trace.
import { describe, expect, it } from 'vitest';
import { checkConvergence } from '../../../src/check/convergence.ts';
import { ms } from '../../../src/engine/time.ts';
import { ringFor } from '../../../src/protocols/kv-ap/kv-ap-node.ts';
import { replicaKeyStates, snapshotStore } from '../../../src/protocols/kv-ap/store-observation.ts';
import { ParamError, type RawParams } from '../../../src/scenario/params.ts';
import type { Report } from '../../../src/scenario/report.ts';
import { runScenario, ScenarioRun } from '../../../src/scenario/runner.ts';
import kvAp from '../../../scenarios/kv-ap.ts';

const runs = new Map<string, Report>();

function run(params: RawParams, seed: number): Report {
  const key = JSON.stringify([params, seed]);
  let report = runs.get(key);
  if (report === undefined) {
    report = runScenario(kvAp, { seed, params, explain: false });
    runs.set(key, report);
  }
  return report;
}

function figure(report: Report, name: string): number {
  const value = report.summary[name];
  if (typeof value !== 'number') throw new Error(`seed ${report.seed}: figure ${name} is ${String(value)}, not a number`);
  return value;
}

describe('kv-ap scenario', () => {
  it.each([1, 2])('stays available on both sides of a majority-minority partition (seed %i)', (seed) => {
    const report = run({}, seed);
    expect(report.verdict).toBe('pass');
    expect(report.summary['partition']).toBe('{0,1,2} | {3,4}');
    expect(figure(report, 'availability majority')).toBe(1);
    expect(figure(report, 'availability minority')).toBe(1);
    expect(figure(report, 'operations')).toBeGreaterThan(200);
    expect(report.summary['linearizable']).toBe(0);
  });

  it('lets the replicas diverge during the partition and converge within the bound after the heal', () => {
    const scenarioRun = new ScenarioRun(kvAp, { seed: 1 });
    const ring = ringFor({ storeNodes: 5 });
    const converged = (): boolean => checkConvergence(replicaKeyStates(snapshotStore((node) => scenarioRun.world.cluster.inspect(node), ring, 3))).converged;
    scenarioRun.simulation.runUntil(ms(1_990));
    expect(converged()).toBe(false);
    const report = scenarioRun.run();
    expect(converged()).toBe(true);
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'convergence ms')).toBeGreaterThan(0);
    expect(figure(report, 'convergence ms')).toBeLessThanOrEqual(1000);
    expect(figure(report, 'hints delivered')).toBeGreaterThan(0);
  });

  it.each([1, 3])('shows stale reads with R+W<=N (r=1, w=1) and no partition (seed %i)', (seed) => {
    const report = run({ partition: 'none', r: 1, w: 1 }, seed);
    expect(figure(report, 'stale reads')).toBeGreaterThan(0);
    expect(figure(report, 'availability')).toBe(1);
  });

  it.each([
    ['lww', 1],
    ['lww', 2],
    ['version-vectors', 1],
    ['version-vectors', 2],
  ])('shows no stale read with R+W>N and no partition (%s, seed %i)', (conflict, seed) => {
    expect(figure(run({ partition: 'none', conflict }, seed), 'stale reads')).toBe(0);
  });

  it.each([1, 2])('loses acknowledged appends with last-writer-wins and none with version vectors (seed %i)', (seed) => {
    const lww = run({}, seed);
    const versionVectors = run({ conflict: 'version-vectors' }, seed);
    expect(figure(lww, 'lost writes')).toBeGreaterThan(10);
    expect(figure(lww, 'siblings max')).toBe(1);
    expect(figure(versionVectors, 'lost writes')).toBe(0);
    expect(figure(versionVectors, 'siblings max')).toBeGreaterThanOrEqual(2);
    expect(versionVectors.verdict).toBe('pass');
  });

  it.each(['counter', 'set'])('loses no %s update through the partition: CRDTs merge both sides', (values) => {
    const report = run({ values }, 1);
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'lost writes')).toBe(0);
    expect(figure(report, 'operations')).toBeGreaterThan(200);
    expect(report.summary['linearizable']).toBe('n/a');
  });

  it('cannot serve W=2 on the side of a node cut off alone: that side is unavailable, the other is not', () => {
    const report = run({ partition: 'isolate-node' }, 1);
    expect(figure(report, 'availability minority')).toBe(0);
    expect(figure(report, 'availability majority')).toBe(1);
  });

  it('gives the same trace hash for the same seed, and a different one for another seed', () => {
    const again = runScenario(kvAp, { seed: 1, explain: false });
    expect(again.traceHash).toBe(run({}, 1).traceHash);
    expect(again.summary).toEqual(run({}, 1).summary);
    expect(run({}, 2).traceHash).not.toBe(run({}, 1).traceHash);
  });

  // Golden hashes: a change here means runs of this scenario changed. Update them on purpose.
  it.each([
    [{}, 1, '120792bd27c6a0cb'],
    [{}, 2, '55d5b6f5844e7791'],
  ])('hashes %j with seed %i to %s', (params, seed, traceHash) => {
    expect(run(params, seed).traceHash).toBe(traceHash);
  });

  it('refuses parameters that cannot describe a store as bad input (ParamError), before anything runs', () => {
    expect(() => runScenario(kvAp, { seed: 1, params: { nodes: 3, n: 4 } })).toThrow(new ParamError('invalid n 4: expected at most nodes (3)'));
    expect(() => runScenario(kvAp, { seed: 1, params: { r: 4 } })).toThrow(new ParamError('invalid r 4: expected at most n (3)'));
    expect(() => runScenario(kvAp, { seed: 1, params: { w: 5 } })).toThrow(new ParamError('invalid w 5: expected at most n (3)'));
    expect(() => runScenario(kvAp, { seed: 1, params: { 'partition-at': '2s', 'heal-at': '1s' } })).toThrow(
      new ParamError('invalid heal-at 1s: expected it after partition-at (2s)'),
    );
  });
});
