// The cp-vs-ap scenario on its pinned seed: one partition cuts the CP store (kv-cp, on
// Raft) and the AP store (kv-ap, Dynamo-style) the same way; the CP store's minority side
// answers nothing and its history stays linearizable, while the AP store answers on both
// sides, is not linearizable, and converges after the heal. Same seed, same trace; and
// kv-cp and kv-ap, whose setup moved into scenarios/support/kv-*-install.ts so that this
// scenario can install both stores in one world, still run byte for byte as before.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { ms, seconds } from '../../src/engine/time.ts';
import { runScenario, ScenarioRun } from '../../src/scenario/runner.ts';
import cpVsAp from '../../scenarios/cp-vs-ap.ts';
import { figure, freshHash, pinnedRun } from './pinned-runs.ts';

/** The seed the flagship view opens (src/tui/flagship.ts): the CP leader starts on the minority side. */
const PINNED_SEED = 2;

/** Trace hashes of kv-cp and kv-ap with default parameters, recorded before their setup moved into the installers. */
const UNCHANGED_HASHES = [
  ['kv-cp', 1, '9eee4cf22e7b8d60'],
  ['kv-cp', 2, '281c0869675d6147'],
  ['kv-ap', 1, '120792bd27c6a0cb'],
  ['kv-ap', 2, '55d5b6f5844e7791'],
] as const;

describe('cp-vs-ap scenario', () => {
  it('cuts both stores the same way: each majority side together, each minority side together', () => {
    const report = pinnedRun('cp-vs-ap', {}, PINNED_SEED);
    // CP: stores 0-2, clients 3-4, probe 5 (with the first group); AP: stores 6-8, clients 9-10.
    expect(report.faults).toBe('at 500ms partition {0,1,3,5,6,7,9}|{2,4,8,10}; at 2s heal');
    expect(report.summary['partition']).toBe('cp {0,1} | {2}; ap {6,7} | {8}');
  });

  it('keeps the CP store consistent: its minority side answers nothing, its history is linearizable (seed 2)', () => {
    const report = pinnedRun('cp-vs-ap', {}, PINNED_SEED);
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'cp availability minority')).toBe(0);
    expect(figure(report, 'cp availability majority')).toBeGreaterThan(0.9);
    expect(figure(report, 'cp linearizable')).toBe(1);
    expect(figure(report, 'cp stale reads')).toBe(0);
    expect(figure(report, 'cp lost writes')).toBe(0);
  });

  it('keeps the AP store available on both sides at the price of consistency (seed 2)', () => {
    const report = pinnedRun('cp-vs-ap', {}, PINNED_SEED);
    expect(figure(report, 'ap availability minority')).toBeGreaterThan(0.9);
    expect(figure(report, 'ap availability majority')).toBeGreaterThan(0.9);
    expect(figure(report, 'ap linearizable')).toBe(0);
    expect(figure(report, 'ap stale reads')).toBeGreaterThan(0);
    expect(figure(report, 'ap lost writes')).toBeGreaterThan(0);
    expect(figure(report, 'ap operations')).toBeGreaterThan(figure(report, 'cp operations'));
  });

  it('converges both stores within the bound after the heal (seed 2)', () => {
    const report = pinnedRun('cp-vs-ap', {}, PINNED_SEED);
    for (const store of ['cp', 'ap']) {
      expect(figure(report, `${store} convergence ms`)).toBeGreaterThanOrEqual(0);
      expect(figure(report, `${store} convergence ms`)).toBeLessThanOrEqual(1000);
    }
    expect(report.violations).toEqual([]);
  });

  it('stops the CP store on both sides of a split brain while the AP store answers (seed 2)', () => {
    const report = pinnedRun('cp-vs-ap', { partition: 'split-brain' }, PINNED_SEED);
    expect(report.verdict).toBe('pass');
    expect(figure(report, 'cp availability minority')).toBeLessThan(0.5);
    expect(figure(report, 'ap availability minority')).toBeGreaterThan(0.9);
    expect(figure(report, 'cp linearizable')).toBe(1);
  });

  it('isolates the CP leader wherever it is, with the last AP node, when the partition starts (seed 1)', () => {
    // On seed 1 node 1 leads: the CP cut is {0,2} | {1}, not the layout's {0,1} | {2}.
    const report = pinnedRun('cp-vs-ap', { partition: 'isolate-leader' }, 1);
    expect(report.verdict).toBe('pass');
    expect(report.summary['partition']).toBe('cp {0,2} | {1} (node 1 led term 1); ap {6,7} | {8}');
    expect(figure(report, 'cp highest term')).toBeGreaterThanOrEqual(2);
    expect(figure(report, 'cp linearizable')).toBe(1);
    expect(figure(report, 'ap availability minority')).toBeGreaterThan(0.9);
  });

  it('shows each AP store node as a digest of its data: the sides differ in the partition, agree after the heal (seed 2)', () => {
    // The terminal UI reads a node through its JSON form; AP store nodes are 6, 7 (majority side) and 8 (minority side).
    const run = new ScenarioRun(cpVsAp, { seed: PINNED_SEED, explain: false });
    const dataOf = (node: number): string => (JSON.parse(JSON.stringify(run.world.cluster.inspect(node))) as { data: string }).data;
    run.simulation.runUntil(ms(1900));
    expect(dataOf(8)).not.toBe(dataOf(6));
    expect(dataOf(8)).not.toBe(dataOf(7));
    run.simulation.runUntil(seconds(3));
    expect(dataOf(7)).toBe(dataOf(6));
    expect(dataOf(8)).toBe(dataOf(6));
  });

  it("keeps every CP figure the same whatever the AP store's settings (its own network stream), on three seeds and two partitions", () => {
    const cpFigures = (report: ReturnType<typeof pinnedRun>): [string, unknown][] => Object.entries(report.summary).filter(([name]) => name.startsWith('cp '));
    for (const seed of [1, 2, 3]) {
      for (const partition of ['majority-minority', 'isolate-leader']) {
        const reference = cpFigures(pinnedRun('cp-vs-ap', { partition }, seed));
        const apSettingsList: readonly Readonly<Record<string, string>>[] = [{ 'ap-w': '3' }, { 'ap-r': '2', 'ap-conflict': 'version-vectors' }];
        for (const apSettings of apSettingsList) {
          expect(cpFigures(pinnedRun('cp-vs-ap', { partition, ...apSettings }, seed)), `seed ${seed} ${partition} ${JSON.stringify(apSettings)}`).toEqual(reference);
        }
      }
    }
  });

  it('gives the same trace hash for the same seed', () => {
    expect(freshHash('cp-vs-ap', {}, PINNED_SEED)).toBe(pinnedRun('cp-vs-ap', {}, PINNED_SEED).traceHash);
  });

  it('rejects a heal before the partition', () => {
    expect(() => runScenario(cpVsAp, { seed: 1, params: { 'partition-at': '2s', 'heal-at': '1s' }, explain: false })).toThrow(ParamError);
  });

  it.each(UNCHANGED_HASHES)('leaves %s alone unchanged (seed %i)', (scenario, seed, hash) => {
    expect(freshHash(scenario, {}, seed)).toBe(hash);
  });
});
