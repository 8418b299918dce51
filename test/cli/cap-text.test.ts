// `faultline cap` as text: every sentence follows from the figures, so a partition with
// no minority side, a store that departs from the textbook, and a store whose own check
// failed each read as such. Figures here are made up; the real ones are in cap.test.ts.
import { describe, expect, it } from 'vitest';
import { formatCapComparison, formatLatencyComparison } from '../../src/cli/cap-text.ts';
import type { CapComparison, StoreFigures } from '../../src/scenario/cap-report.ts';
import type { Report } from '../../src/scenario/report.ts';

function report(scenario: string, partition: string, verdict: Report['verdict'] = 'pass'): Report {
  return {
    scenario,
    seed: 1,
    params: { 'partition-at': '500ms', 'heal-at': '2s' },
    verdict,
    violations: verdict === 'pass' ? [] : [{ property: 'converges after heal', kind: 'eventually', timeUs: 3_000_000, eventIndex: 9, message: 'replicas differ', nodes: [] }],
    events: 0,
    engineSteps: 0,
    virtualTimeMs: 4000,
    traceHash: '0',
    stopReason: 'time-limit',
    faults: '',
    summary: { partition },
    replay: `npm run --silent faultline -- run ${scenario} --seed 1`,
  };
}

const CP: StoreFigures = { store: 'cp', availabilityMajority: 1, availabilityMinority: 0, latencyP50Ms: 6.3, latencyP99Ms: 35.2, linearizable: true, staleReads: 0, lostWrites: 0, convergenceMs: 75 };
const AP: StoreFigures = { store: 'ap', availabilityMajority: 1, availabilityMinority: 0.975, latencyP50Ms: 8.8, latencyP99Ms: 62.9, linearizable: false, staleReads: 44, lostWrites: 1, convergenceMs: 180 };

function comparison(cp: StoreFigures, ap: StoreFigures, partition = '{0,1,2} | {3,4}', apVerdict: Report['verdict'] = 'pass'): CapComparison {
  return {
    report: { seed: 1, partition: 'majority-minority', stores: [cp, ap] },
    runs: [
      { store: 'cp', scenario: 'kv-cp', report: report('kv-cp', partition) },
      { store: 'ap', scenario: 'kv-ap', report: report('kv-ap', partition, apVerdict) },
    ],
  };
}

describe('cap text', () => {
  it('states the textbook trade when the figures show it', () => {
    const text = formatCapComparison(comparison(CP, AP)).join('\n');
    expect(text).toContain('CP vs AP under partition majority-minority ({0,1,2} | {3,4}) from 500ms to 2s');
    expect(text).toContain('\nCP (kv-cp): available on the majority side (100% of operations succeeded), unavailable on the minority side (0% of operations succeeded); linearizable (no stale reads, no lost writes); the replicas converged 75 ms after the heal.');
    expect(text).toContain('\nAP (kv-ap): available on both sides (100% of operations succeeded on the majority side, 97.5% on the minority side); not linearizable (44 stale reads, 1 lost write); the replicas converged 180 ms after the heal.');
    expect(text).toContain('\nThe CAP trade, measured: ');
  });

  it('names each departure from the textbook instead', () => {
    const text = formatCapComparison(comparison({ ...CP, availabilityMinority: 0.5, linearizable: null }, { ...AP, availabilityMinority: 0, linearizable: true, convergenceMs: null })).join('\n');
    expect(text).toContain("\nNot the textbook trade in full on this seed: CP answered on the minority side (50%); CP's linearizability is unknown; AP was unavailable on the minority side (0%); AP's history happens to be linearizable.");
    expect(text).toContain('partly available on the minority side (50% of operations succeeded)');
    expect(text).toContain('the replicas had not converged when the run ended');
    expect(text).toMatch(/\nAP +kv-ap +100% +0% +8\.8 +62\.9 +yes +44 +1 +not converged\n/);
  });

  it('says when no client was cut off from a majority (a bridge), and shows what was not measured as "-"', () => {
    const lines = formatCapComparison(comparison({ ...CP, availabilityMinority: null }, { ...AP, availabilityMinority: null }, '{0,1} | {2} bridges | {3,4}'));
    expect(lines).toContain('No operation ran on a minority side: under this partition every client could reach a majority of the store nodes, so CAP forced no choice on availability.');
    expect(lines.find((line) => line.startsWith('CP  '))).toMatch(/^CP +kv-cp +100% +- +/);
  });

  it('names the cut per store when the two differ, and notes a store whose own check failed', () => {
    const mixed = comparison(CP, AP, '{0,2,3,4} | {1}', 'fail');
    const runs = [mixed.runs[0]!, { ...mixed.runs[1]!, report: { ...mixed.runs[1]!.report, summary: { partition: '{0,1,2,3} | {4}' } } }];
    const lines = formatCapComparison({ ...mixed, runs });
    expect(lines[0]).toContain('(kv-cp: {0,2,3,4} | {1}; kv-ap: {0,1,2,3} | {4})');
    expect(lines.at(-1)).toBe('note: kv-ap failed a check on this seed (converges after heal); details: npm run --silent faultline -- run kv-ap --seed 1');
  });

  it('prints latency per configuration with ratios to the baseline', () => {
    const lines = formatLatencyComparison({
      seed: 1,
      partition: 'none',
      baseline: 'ap-one-replica',
      configurations: [
        { configuration: 'cp', store: 'cp', label: 'kv-cp', latencyP50Ms: 9, latencyP99Ms: 25.2, p50Ratio: 1.96, p99Ratio: 0.83 },
        { configuration: 'ap-quorum', store: 'ap', label: 'kv-ap r=2 w=2', latencyP50Ms: 13.5, latencyP99Ms: 34.1, p50Ratio: 2.93, p99Ratio: 1.12 },
        { configuration: 'ap-one-replica', store: 'ap', label: 'kv-ap r=1 w=1', latencyP50Ms: 4.6, latencyP99Ms: 30.4, p50Ratio: 1, p99Ratio: 1 },
      ],
    });
    expect(lines[0]).toBe('Latency with no partition (PACELC: else, latency or consistency); ratios over kv-ap r=1 w=1');
    expect(lines).toContain('kv-cp          CP     9       25.2    1.96x      0.83x');
    expect(lines).toContain('kv-cp: 1.96x the median latency of kv-ap r=1 w=1, 0.83x its p99.');
    expect(lines.some((line) => line.startsWith('kv-ap r=1 w=1:'))).toBe(false);
  });
});
