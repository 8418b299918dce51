// `faultline cap`: CP vs AP on the pinned seed (the textbook result, measured), the JSON
// shape, the text (seed first, the table, the words), latency mode (CP slower than
// R=W=1), and bad input (exit 2, one line naming the value and what is allowed).
import { describe, expect, it } from 'vitest';
import { sharedParamNames, type CapReport } from '../../src/scenario/cap-report.ts';
import type { LatencyReport } from '../../src/scenario/cap-latency.ts';
import { findScenario } from '../../scenarios/index.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const STORE_FIELDS = ['store', 'availabilityMajority', 'availabilityMinority', 'latencyP50Ms', 'latencyP99Ms', 'linearizable', 'staleReads', 'lostWrites', 'convergenceMs'];

describe('faultline cap: seed 1, majority-minority', () => {
  it('prints { seed, partition, stores } with the textbook result: CP linearizable and down on the minority side, AP up on both and not linearizable', async () => {
    const result = await runCapturing(['cap', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(result.stdout) as CapReport;
    expect(Object.keys(report)).toEqual(['seed', 'partition', 'stores']);
    expect(report).toMatchObject({ seed: 1, partition: 'majority-minority' });
    for (const store of report.stores) expect(Object.keys(store)).toEqual(STORE_FIELDS);
    const [cp, ap] = report.stores;
    expect(cp).toMatchObject({ store: 'cp', availabilityMinority: 0, linearizable: true, lostWrites: 0 });
    expect(cp!.availabilityMajority).toBeGreaterThan(0.9);
    expect(ap).toMatchObject({ store: 'ap', linearizable: false });
    expect(ap!.availabilityMajority).toBeGreaterThan(0.9);
    expect(ap!.availabilityMinority).toBeGreaterThan(0.9);
    expect(ap!.convergenceMs).toBeGreaterThanOrEqual(0);
    expect(ap!.staleReads + ap!.lostWrites).toBeGreaterThan(0);
  });

  it('prints the seed first, one table, and says in words what it shows', async () => {
    const result = await runCapturing(['cap', '--seed', '1']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('seed 1');
    expect(lines[1]).toMatch(/^CP vs AP under partition majority-minority \(\{0,1,2\} \| \{3,4\}\) from 500ms to 2s/);
    expect(lines[3]).toMatch(/^store +scenario +avail\. majority +avail\. minority +p50 ms +p99 ms +linearizable +stale reads +lost writes +converged after heal$/);
    expect(lines[4]).toMatch(/^CP +kv-cp +\d+(\.\d)?% +0% +[\d.]+ +[\d.]+ +yes +\d+ +0 /);
    expect(lines[5]).toMatch(/^AP +kv-ap +\d+(\.\d)?% +\d+(\.\d)?% +[\d.]+ +[\d.]+ +no +\d+ +\d+ +\d+(\.\d+)? ms$/);
    expect(result.stdout).toMatch(/\nCP \(kv-cp\): available on the majority side \([\d.]+% of operations succeeded\), unavailable on the minority side \(0% of operations succeeded\); linearizable /);
    expect(result.stdout).toMatch(/\nAP \(kv-ap\): available on both sides .*; not linearizable .*; the replicas converged [\d.]+ ms after the heal\.\n/);
    expect(result.stdout).toContain('\nThe CAP trade, measured: ');
  });
});

describe('faultline cap --latency', () => {
  it('shows the CP store and the quorum AP store slower than the AP store at r=1 w=1, with no partition', async () => {
    const result = await runCapturing(['cap', '--latency', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LatencyReport;
    expect(report).toMatchObject({ seed: 1, partition: 'none', baseline: 'ap-one-replica' });
    const [cp, quorum, one] = report.configurations;
    expect(cp).toMatchObject({ configuration: 'cp', label: 'kv-cp' });
    expect(quorum).toMatchObject({ configuration: 'ap-quorum', label: 'kv-ap r=2 w=2' });
    expect(one).toMatchObject({ configuration: 'ap-one-replica', label: 'kv-ap r=1 w=1', p50Ratio: 1, p99Ratio: 1 });
    expect(cp!.latencyP50Ms!).toBeGreaterThan(one!.latencyP50Ms!);
    expect(cp!.p50Ratio!).toBeGreaterThan(1);
    expect(quorum!.p50Ratio!).toBeGreaterThan(1);
  });
});

describe('faultline cap: bad input', () => {
  it.each([
    [['--partition', 'diagonal'], 'faultline: invalid --partition "diagonal": expected one of majority-minority, split-brain, isolate-leader, bridge'],
    [['--seed', 'one'], 'faultline: invalid seed "one": expected an integer from 0 to 9007199254740991, in plain decimal digits'],
    [['--seed', '-3'], /^faultline: option --seed needs a value|^faultline: invalid seed "-3"/],
    [['--set', 'r=1'], /^faultline: unknown parameter "r" for the CAP report: expected one both stores take: .*nodes.*clients/],
    [['--set', 'speed=9'], /^faultline: unknown parameter "speed" for the CAP report: /],
    [['--set', 'partition=bridge'], /^faultline: unknown parameter "partition" for the CAP report: /],
    [['--set', 'loss=3'], /^faultline: invalid value "3" for parameter "loss": expected /],
    [['--set', 'heal-at=400ms'], 'faultline: invalid heal-at 400ms: expected it after partition-at (500ms)'],
    [['--latency', '--partition', 'bridge'], 'faultline: --latency runs with no partition: drop --partition "bridge", or drop --latency'],
    [['kv-cp'], 'faultline: unexpected argument "kv-cp": cap takes none'],
    [['--until', '3s'], /^faultline: unknown option "--until" for cap: known options are /],
  ])('cap %j: exit 2, one line', async (args, message) => {
    const result = await runCapturing(['cap', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(isOneLine(result.stderr)).toBe(true);
    if (typeof message === 'string') expect(result.stderr).toBe(`${message}\n`);
    else expect(result.stderr).toMatch(message);
  });

  it('documents the JSON fields, the unit of availability and every shared parameter in --help', async () => {
    const result = await runCapturing(['cap', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Availability is a fraction from 0 to 1');
    for (const field of STORE_FIELDS) expect(result.stdout).toContain(field);
    const listed = /--set name=value +a parameter both stores take, set for both; repeat for more: ([\s\S]*?)\n  --json/.exec(result.stdout)?.[1];
    expect(listed?.split(/,\s+/).map((name) => name.trim())).toEqual(sharedParamNames({ cp: findScenario('kv-cp')!, ap: findScenario('kv-ap')! }));
  });
});
