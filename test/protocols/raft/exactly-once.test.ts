// Exactly-once application of client commands: clients retry with the same request id
// over a network that loses and duplicates messages, Raft may commit a command twice, and
// the state machine's sessions make it take effect once. The test counts from outside,
// on every server's values, and shows that without the sessions it goes wrong.
import { describe, expect, it } from 'vitest';
import { KeyValueMachine } from '../../../src/protocols/raft/key-value-machine.ts';
import { commandToken, type ClientCommand } from '../../../src/protocols/raft/raft-messages.ts';
import type { RaftView } from '../../../src/protocols/raft/raft-view.ts';
import { DurableStorage } from '../../../src/node/durable-storage.ts';
import { seconds } from '../../../src/engine/time.ts';
import { RAFT_INVARIANTS } from '../../../src/protocols/raft/raft-invariants.ts';
import { defineScenario } from '../../../src/scenario/define-scenario.ts';
import type { RawParams } from '../../../src/scenario/params.ts';
import type { Report } from '../../../src/scenario/report.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { buildRaftCluster, declareRaftChecks, declareRaftSummaries, RAFT_CLUSTER_PARAMS, type RaftCluster } from '../../../scenarios/raft-cluster.ts';

const append = (requestId: number, key = 'k0'): ClientCommand => ({ clientId: 7, requestId, kind: 'append', key });

describe('the key-value machine and its client sessions', () => {
  it('applies a repeated command once and answers the repeat with the first answer', () => {
    const machine = new KeyValueMachine(new DurableStorage(), 'none', undefined);
    expect(machine.apply(append(1))).toBe(1);
    expect(machine.apply(append(2))).toBe(2);
    expect(machine.apply(append(2))).toBe(2);
    expect(machine.values.get('k0')).toEqual([commandToken(7, 1), commandToken(7, 2)]);
    expect(machine.answered(append(2))).toBe(2);
  });

  it('ignores a request older than the client’s latest (nobody waits for its answer)', () => {
    const machine = new KeyValueMachine(new DurableStorage(), 'none', undefined);
    machine.apply(append(1));
    machine.apply(append(2));
    expect(machine.apply(append(1))).toBeUndefined();
    expect(machine.read('k0')).toBe(2);
  });

  it('applies a repeat again with bug=no-dedupe', () => {
    const machine = new KeyValueMachine(new DurableStorage(), 'no-dedupe', undefined);
    machine.apply(append(1));
    expect(machine.apply(append(1))).toBe(2);
  });

  it('comes back from a checkpoint without the values appended after it', () => {
    const storage = new DurableStorage();
    const machine = new KeyValueMachine(storage, 'none', undefined);
    machine.apply(append(1));
    const checkpoint = machine.checkpoint();
    machine.apply(append(2, 'k1'));
    machine.apply(append(3));
    const restored = new KeyValueMachine(storage, 'none', checkpoint);
    expect(restored.values.get('k0')).toEqual([commandToken(7, 1)]);
    expect(restored.read('k1')).toBe(0);
    expect(restored.answered(append(1))).toBe(1);
    expect(restored.apply(append(2, 'k1'))).toBe(1);
  });
});

describe('exactly once, end to end', () => {
  const lossy = { loss: 0.1, duplicate: 0.1, clientTimeout: '200ms' } as const;

  it('holds every acknowledged append exactly once on the most advanced server, and never twice anywhere', () => {
    for (const seed of [1, 2]) {
      const { report, cluster } = runProbe(seed, lossy);
      expect(report.verdict).toBe('pass');
      expect(report.summary['client retries']).toBeGreaterThan(10);
      const acknowledged = cluster.ledger.acknowledgedAppends.map((append) => append.token);
      expect(acknowledged.length).toBeGreaterThan(50);
      const counts = Array.from({ length: cluster.serverCount }, (_, node) => {
        const held = new Map<number, number>();
        for (const values of (cluster.view(node) as RaftView).values.values()) for (const token of values) held.set(token, (held.get(token) ?? 0) + 1);
        return held;
      });
      const mostAdvanced = counts.reduce((best, held) => (held.size > best.size ? held : best));
      expect(acknowledged.filter((token) => mostAdvanced.get(token) !== 1)).toEqual([]);
      for (const held of counts) expect([...held.values()].filter((count) => count > 1)).toEqual([]);
    }
  });

  it('commits some commands twice in the log, so the sessions are what keeps them once', () => {
    const { cluster } = runProbe(1, lossy);
    const view = cluster.view(0) as RaftView;
    const tokens = view.log.flatMap((entry) => (entry.command?.kind === 'append' ? [commandToken(entry.command.clientId, entry.command.requestId)] : []));
    expect(new Set(tokens).size).toBeLessThan(tokens.length);
  });

  it('catches a command that takes effect twice when the sessions are ignored', () => {
    const { report } = runProbe(1, { ...lossy, bug: 'no-dedupe' });
    expect(report.violations[0]?.property).toBe(RAFT_INVARIANTS['exactly-once']);
    expect(report.violations[0]?.message).toMatch(/^command c\d+#\d+ took effect twice: at position \d+ of key k\d/);
  });
});

/** The raft cluster without faults, keeping a handle on the cluster to count from outside. */
function runProbe(seed: number, params: RawParams): { report: Report; cluster: RaftCluster } {
  let built: RaftCluster | undefined;
  const probe = defineScenario({
    name: 'raft-probe',
    summary: 'a raft cluster without faults, for tests',
    description: 'For tests: the raft cluster, its checks and figures, and no faults.',
    durationUs: seconds(10),
    params: RAFT_CLUSTER_PARAMS,
    setup(world, values) {
      built = buildRaftCluster(world, values);
      declareRaftChecks(world, built);
      declareRaftSummaries(world, built);
    },
  });
  const report = runScenario(probe, { seed, params, untilUs: seconds(5), explain: false });
  return { report, cluster: built as RaftCluster };
}
