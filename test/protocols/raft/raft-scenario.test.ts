// The raft scenario under its nemesis: every invariant holds on a fixed slice of seeds
// whose schedules, together, partition, crash, restart, pause, skew and drop, over links
// that lose, duplicate and reorder; the runs do real work (leaders, answered commands);
// and a run is a pure function of its seed.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultKind } from '../../../src/faults/fault-event.ts';
import { runScenario, ScenarioRun } from '../../../src/scenario/runner.ts';
import raft from '../../../scenarios/raft.ts';

const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);

describe('raft under the nemesis (bug=none)', () => {
  const runs = SEEDS.map((seed) => ({ seed, report: runScenario(raft, { seed, explain: false }), faults: new ScenarioRun(raft, { seed }).faults }));

  it('holds every invariant and the liveness check on seeds 1..20', () => {
    const failures = runs.filter(({ report }) => report.verdict === 'fail').map(({ seed, report }) => `seed ${seed}: ${report.violations.map((violation) => violation.message).join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('draws schedules that, together, use every fault kind', () => {
    const kinds = new Set<FaultKind>(runs.flatMap(({ faults }) => faults.map((event) => event.kind)));
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
    const perRun = runs.map(({ faults }) => faults.length);
    expect(Math.min(...perRun)).toBeGreaterThanOrEqual(10);
  });

  it('runs over links that lose, duplicate and reorder messages', () => {
    const run = new ScenarioRun(raft, { seed: 1 });
    const link = run.world.network.linkBetween(0, 1);
    expect(link.lossProbability).toBeGreaterThan(0);
    expect(link.duplicateProbability).toBeGreaterThan(0);
    expect(link.ordering).toBe('reorder');
  });

  it('elects leaders and answers clients in every run, so the checks are not vacuous', () => {
    for (const { report } of runs) {
      expect(report.summary['leaders elected']).toBeGreaterThanOrEqual(1);
      expect(report.summary['commands answered']).toBeGreaterThan(50);
      expect(report.summary['client retries']).toBeGreaterThan(0);
    }
    expect(runs.reduce((sum, { report }) => sum + (report.summary['leaders elected'] as number), 0)).toBeGreaterThan(3 * runs.length);
  });

  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const again = runScenario(raft, { seed: 3, explain: false });
    expect(again.traceHash).toBe(runs[2]?.report.traceHash);
    expect(runs[3]?.report.traceHash).not.toBe(again.traceHash);
  });

  it('holds with pre-vote, check-quorum and leases on, and reads answered under the lease', () => {
    const options = { preVote: true, checkQuorum: true, leaderLease: true, readShare: 0.5 };
    const reports = [1, 2, 3, 4, 5].map((seed) => runScenario(raft, { seed, params: options, explain: false }));
    expect(reports.map((report) => report.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(reports.reduce((sum, report) => sum + (report.summary['reads answered without the log'] as number), 0)).toBeGreaterThan(0);
  });
});
