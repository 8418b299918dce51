// raft: a Raft cluster with clients, under random faults, checked after every event.
//
// For a learner: Raft keeps a log replicated on a majority of servers, so the cluster
// agrees on one order of commands even when servers crash and the network splits. One
// server leads each term; it appends client commands to its log, copies them to the
// others, and applies a command once a majority holds it. Run it as is and it passes;
// then switch on a deliberate mistake with `--set bug=...` (see `faultline describe raft`)
// and read which invariant breaks, and the last events that led there.
import { seconds } from '../src/engine/time.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import type { Micros } from '../src/engine/time.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import {
  buildRaftCluster,
  chooseFaultProfile,
  FAULT_PROFILE_CHOICES,
  faultRhythms,
  type FaultProfile,
  declareRaftChecks,
  declareRaftSummaries,
  NEMESIS_CHOICES,
  nemesisKindsOf,
  placeClientsInSplits,
  RAFT_CLUSTER_PARAMS,
  raftNemesis,
  type NemesisChoice,
  type RaftCluster,
} from './raft-cluster.ts';
import type { World } from '../src/scenario/world.ts';

const DURATION = seconds(10);
/** Nemesis faults are over by this share of the run; the rest is for recovery. */
const FAULTS_END_SHARE = 0.6;

export default defineScenario({
  name: 'raft',
  summary: 'Raft consensus with clients under random faults; invariants checked after every event',
  description: [
    'Five servers elect a leader and replicate a log of client commands (appends to and',
    'reads of a few keys). Clients follow "not leader" hints and retry with the same',
    'request id. By default the nemesis partitions, crashes, pauses, drops and skews',
    'servers for the first 60% of the run, crash-heavy in three seeds of four and',
    'pause-heavy in the fourth (faultProfile). After every event the checker asks: one leader',
    'per term? leaders only append? do logs that share an entry agree up to it? does every',
    'leader hold what was committed? do servers apply the same entries? does each command',
    'take effect once, stay where the client was told, and do reads see acknowledged',
    'appends? At the end, a leader must serve and earlier commands must have committed.',
    'Switch on a bug (--set bug=...) to watch one of these break.',
  ].join('\n'),
  durationUs: DURATION,
  params: {
    ...RAFT_CLUSTER_PARAMS,
    faults: param.enum({ values: ['nemesis', 'none', 'partition-heal'], default: 'nemesis', description: 'random faults, none, or a split from 2s to 5s' }),
    nemesisKinds: param.enum({ values: NEMESIS_CHOICES, default: 'all', description: 'which faults the nemesis draws (network: partition and loss-burst; process: crash, pause, clock-skew)' }),
    faultProfile: param.enum({
      values: FAULT_PROFILE_CHOICES,
      default: 'drawn',
      description: 'nemesis weather: crash-heavy (quick crash-restarts, often), pause-heavy (rare crashes), or drawn from the seed (3 in 4 crash-heavy)',
    }),
  },
  setup(world, params) {
    const cluster = buildRaftCluster(world, params);
    const profile = chooseFaultProfile(world, params.faultProfile);
    world.faults = faultsFor(world, cluster, params.faults, params.nemesisKinds, profile);
    declareRaftChecks(world, cluster);
    declareRaftSummaries(world, cluster);
  },
});

function faultsFor(world: World, cluster: RaftCluster, kind: 'nemesis' | 'none' | 'partition-heal', choice: NemesisChoice, profile: FaultProfile): FaultSchedule {
  const endUs: Micros = Math.floor(world.durationUs * FAULTS_END_SHARE);
  switch (kind) {
    case 'none':
      return [];
    case 'partition-heal': {
      const half = Math.floor(cluster.serverCount / 2);
      const minority = Array.from({ length: half }, (_, index) => index);
      const majority = Array.from({ length: cluster.serverCount - half }, (_, index) => half + index);
      return placeClientsInSplits(
        [
          { atUs: seconds(2), kind: 'partition', partition: { kind: 'split', groups: [minority, majority] } },
          { atUs: seconds(5), kind: 'heal' },
        ],
        cluster.clients,
      );
    }
    case 'nemesis':
      return raftNemesis(world, cluster, { kinds: nemesisKindsOf(choice), endUs, ...faultRhythms(profile), maxFaultsPerStream: 40 });
  }
}
