// The latency side of the CAP report (PACELC): three configurations on one seed with no
// partition, each percentile divided by that of the AP store at r=1 w=1. The real
// stores' result (CP slower than r=1 w=1) is pinned in test/cli/cap.test.ts.
import { describe, expect, it } from 'vitest';
import { checkLatencyParams, runLatencyComparison } from '../../src/scenario/cap-latency.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { ParamError } from '../../src/scenario/params.ts';
import { findScenario } from '../../scenarios/index.ts';

const kvAp = findScenario('kv-ap') as Scenario;

describe('latency comparison', () => {
  it('runs the quorum and the r=1 w=1 configurations with no partition and divides by the r=1 w=1 percentiles', () => {
    const report = runLatencyComparison({ stores: { cp: kvAp, ap: kvAp }, seed: 1, params: { 'heal-at': '1s' } });
    expect(report).toMatchObject({ seed: 1, partition: 'none', baseline: 'ap-one-replica' });
    expect(report.configurations.map((configuration) => [configuration.configuration, configuration.store, configuration.label])).toEqual([
      ['cp', 'cp', 'kv-ap'],
      ['ap-quorum', 'ap', 'kv-ap r=2 w=2'],
      ['ap-one-replica', 'ap', 'kv-ap r=1 w=1'],
    ]);
    const [cp, quorum, one] = report.configurations;
    expect(one).toMatchObject({ p50Ratio: 1, p99Ratio: 1 });
    // The stand-in CP store is kv-ap at its defaults: the quorum configuration, the same run.
    expect(cp?.latencyP50Ms).toBe(quorum?.latencyP50Ms);
    expect(quorum?.p50Ratio).toBe(Math.round((quorum!.latencyP50Ms! / one!.latencyP50Ms!) * 100) / 100);
    expect(quorum!.latencyP50Ms!).toBeGreaterThan(one!.latencyP50Ms!);
  });

  it('refuses a parameter the stores do not share, before any run', () => {
    expect(() => checkLatencyParams({ cp: kvAp, ap: kvAp }, { partition: 'bridge' })).toThrow(ParamError);
    expect(() => checkLatencyParams({ cp: kvAp, ap: kvAp }, { loss: '2' })).toThrow(/invalid value "2" for parameter "loss"/);
  });
});
