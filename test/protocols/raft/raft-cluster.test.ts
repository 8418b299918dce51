// The shared Raft scenario parts: clients placed into the groups of a split, the nemesis
// acting on servers only, and crashing the leader at a chosen time (for experiments).
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../src/engine/time.ts';
import { defineScenario } from '../../../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../../../src/scenario/runner.ts';
import { buildRaftCluster, crashLeaderAt, placeClientsInSplits, RAFT_CLUSTER_PARAMS, type LeaderCrash, type RaftCluster } from '../../../scenarios/raft-cluster.ts';
import raft from '../../../scenarios/raft.ts';

describe('raft scenario parts', () => {
  it('puts clients into the groups of a split in turn, and leaves other faults alone', () => {
    const schedule = placeClientsInSplits(
      [
        { atUs: 0, kind: 'partition', partition: { kind: 'split', groups: [[0, 1], [2, 3, 4]] } },
        { atUs: 5, kind: 'crash', node: 1 },
      ],
      [5, 6, 7],
    );
    expect(schedule[0]).toEqual({ atUs: 0, kind: 'partition', partition: { kind: 'split', groups: [[0, 1, 5, 7], [2, 3, 4, 6]] } });
    expect(schedule[1]).toEqual({ atUs: 5, kind: 'crash', node: 1 });
  });

  it('aims the nemesis at the servers only', () => {
    for (const seed of [1, 2, 3]) {
      const faults = new ScenarioRun(raft, { seed }).faults;
      const nodes = faults.flatMap((event) => ('node' in event ? [event.node] : []));
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((node) => node < 5)).toBe(true);
    }
  });

  it('crashes whoever leads at the chosen time, and a new leader follows', () => {
    let cluster: RaftCluster | undefined;
    let crash: { readonly result: LeaderCrash | undefined } | undefined;
    const experiment = defineScenario({
      name: 'raft-crash-leader',
      summary: 'crash the leader at 2s',
      description: 'For tests: a raft cluster whose leader is crashed at 2s.',
      durationUs: seconds(4),
      params: RAFT_CLUSTER_PARAMS,
      setup(world, params) {
        cluster = buildRaftCluster(world, params);
        crash = crashLeaderAt(world, cluster, seconds(2));
      },
    });
    const run = new ScenarioRun(experiment, { seed: 4, params: { loss: 0, duplicate: 0 } });
    run.run();
    const crashed = crash?.result;
    expect(crashed?.node).toBeDefined();
    expect(run.world.cluster.status(crashed?.node as number)).toBe('crashed');
    const leader = cluster?.leader();
    expect(leader).not.toBe(crashed?.node);
    expect(cluster?.view(leader as number)?.term).toBeGreaterThan(crashed?.term as number);
  });
});
