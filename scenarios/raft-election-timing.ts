// raft-election-timing: how long a five-server Raft cluster is without a leader after
// its leader crashes; the experiment of Figure 16 of the Raft paper (section 9.3).
//
// For a learner: when the leader dies, nobody is told. Each follower waits for its
// election timeout to pass without a heartbeat, then stands for election. With a random
// timeout, one server usually wakes first and wins before the others stand; with none,
// they wake together, split the votes, and try again. Run it with different
// `electionTimeoutMin` and `electionTimeoutSpread` and read the summary 'election ms';
// `faultline experiment raft-election-timing` runs a thousand trials per range.
//
// The measure: from the crash to the moment some server becomes leader of a term above
// the crashed leader's. A server becomes leader only once a majority has voted for it in
// that term, so at that moment a majority has heard from it. Detection is exact: the
// scenario looks after every event (a trace observer), not by polling.
import { ms, seconds, toMs, type Micros } from '../src/engine/time.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, resolveParams } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';
import { buildRaftCluster, crashLeaderAt, RAFT_CLUSTER_PARAMS, type RaftCluster, type RaftClusterParams } from './raft-cluster.ts';

/**
 * One-way latency of every link: 5 ms plus up to 5 ms, uniformly. A broadcast (requests
 * out, answers back) then takes about 15 ms, the paper's "broadcast time".
 */
export const ELECTION_TIMING_LATENCY = { kind: 'uniform', baseUs: ms(5), minUs: 0, maxUs: ms(5) } as const;

export const ELECTION_TIMING_SERVERS = 5;

/** How long the first leader leads before the crash window opens, in minimum election timeouts. */
const SETTLE_TIMEOUTS = 2;
/** How often to look for the first leader before the crash (the crash moment is random anyway). */
const FIRST_LEADER_POLL_US: Micros = ms(1);
/** Give up waiting for the first leader after this long. */
const FIRST_LEADER_LIMIT_US: Micros = seconds(5);

export const ELECTION_TIMING_PARAMS = {
  electionTimeoutMin: RAFT_CLUSTER_PARAMS.electionTimeoutMin,
  electionTimeoutSpread: RAFT_CLUSTER_PARAMS.electionTimeoutSpread,
};

/** What one trial measured, for the summary and for the experiment. */
interface Trial {
  crashAtUs: Micros | undefined;
  crashedTerm: number | undefined;
  electedAtUs: Micros | undefined;
  newLeaderTerm: number | undefined;
}

export default defineScenario({
  name: 'raft-election-timing',
  summary: 'Raft paper Figure 16: time to elect a new leader after the leader crashes (5 servers, 15 ms broadcast)',
  description: [
    'Five servers, no clients, no message loss, one-way latency 5-10 ms (a broadcast takes about 15 ms).',
    'Heartbeats every half minimum election timeout. Once a first leader has led for two minimum timeouts,',
    'it is crashed at a random moment within one heartbeat interval, and the run ends as soon as a server',
    'leads a higher term: the summary figure "election ms" is the time from the crash to then.',
    'Servers 1-4 boot later than server 0 (two thirds of a minimum timeout), as real servers rarely start',
    'at the same instant: with no randomness (spread 0) a cluster that boots at once never elects anyone.',
    'Try --set electionTimeoutSpread=0, then 5ms, then 150ms; `faultline experiment raft-election-timing`',
    'runs the paper’s ranges a thousand times each.',
  ].join('\n'),
  durationUs: seconds(30),
  params: ELECTION_TIMING_PARAMS,
  setup(world, params) {
    const clusterParams = electionTimingClusterParams(params.electionTimeoutMin, params.electionTimeoutSpread);
    const cluster = buildRaftCluster(world, clusterParams, { latency: ELECTION_TIMING_LATENCY });
    staggerBoot(world, cluster, params.electionTimeoutMin);
    const trial: Trial = { crashAtUs: undefined, crashedTerm: undefined, electedAtUs: undefined, newLeaderTerm: undefined };
    scheduleCrashAfterFirstLeader(world, cluster, clusterParams, trial);
    world.properties.atEnd('a new leader is elected after the crash', () => {
      if (trial.crashAtUs === undefined) return 'no leader to crash';
      return trial.electedAtUs === undefined ? `no server led a term above ${String(trial.crashedTerm)} by the end of the run` : undefined;
    });
    world.summary('election ms', () => (trial.crashAtUs === undefined || trial.electedAtUs === undefined ? 'none' : toMs(trial.electedAtUs - trial.crashAtUs)));
    world.summary('crash at ms', () => (trial.crashAtUs === undefined ? 'none' : toMs(trial.crashAtUs)));
    world.summary('crashed term', () => trial.crashedTerm ?? 'none');
    world.summary('new leader term', () => trial.newLeaderTerm ?? 'none');
  },
});

/** The raft parameters of the experiment: five servers, no clients, no loss, heartbeat = min / 2. */
export function electionTimingClusterParams(electionTimeoutMinUs: Micros, electionTimeoutSpreadUs: Micros): RaftClusterParams {
  return {
    ...resolveParams(RAFT_CLUSTER_PARAMS, {}),
    nodes: ELECTION_TIMING_SERVERS,
    clients: 0,
    loss: 0,
    duplicate: 0,
    electionTimeoutMin: electionTimeoutMinUs,
    electionTimeoutSpread: electionTimeoutSpreadUs,
    heartbeatInterval: Math.max(1, Math.floor(electionTimeoutMinUs / 2)),
  };
}

/** Servers 1.. go down as they boot and come up two thirds of a minimum timeout later. */
function staggerBoot(world: World, cluster: RaftCluster, electionTimeoutMinUs: Micros): void {
  world.at(1, () => {
    for (let node = 1; node < cluster.serverCount; node++) world.cluster.crash(node);
  });
  world.at(1 + Math.floor((electionTimeoutMinUs * 2) / 3), () => {
    for (let node = 1; node < cluster.serverCount; node++) world.cluster.restart(node);
  });
}

/**
 * Finds a leader, lets it lead for SETTLE_TIMEOUTS minimum timeouts, then crashes it at a
 * random moment of one heartbeat interval. If it lost office meanwhile (short timeouts
 * churn at first), the search starts again.
 */
function scheduleCrashAfterFirstLeader(world: World, cluster: RaftCluster, params: RaftClusterParams, trial: Trial): void {
  const random = world.random('election-timing:crash');
  const lookForLeader = (): void => {
    const leader = cluster.leader();
    if (leader === undefined) {
      if (world.simulation.now + FIRST_LEADER_POLL_US <= FIRST_LEADER_LIMIT_US) world.at(world.simulation.now + FIRST_LEADER_POLL_US, lookForLeader);
      return;
    }
    const term = cluster.view(leader)?.term;
    const crashAtUs = world.simulation.now + SETTLE_TIMEOUTS * params.electionTimeoutMin + random.below(params.heartbeatInterval);
    world.at(crashAtUs, () => {
      if (cluster.leader() !== leader || cluster.view(leader)?.term !== term) {
        lookForLeader();
        return;
      }
      const crash = crashLeaderAt(world, cluster, crashAtUs);
      world.at(crashAtUs, () => {
        if (crash.result?.term === undefined) return;
        trial.crashAtUs = crashAtUs;
        trial.crashedTerm = crash.result.term;
        watchForNewLeader(world, cluster, trial, crash.result.term);
      });
    });
  };
  world.at(FIRST_LEADER_POLL_US, lookForLeader);
}

/** After every event, is there a leader of a term above `crashedTerm`? Ends the run when there is. */
function watchForNewLeader(world: World, cluster: RaftCluster, trial: Trial, crashedTerm: number): void {
  const unsubscribe = world.simulation.trace.subscribe(() => {
    if (trial.electedAtUs !== undefined) return;
    for (let node = 0; node < cluster.serverCount; node++) {
      const view = cluster.view(node);
      if (view === undefined || view.role !== 'leader' || view.term <= crashedTerm) continue;
      trial.electedAtUs = world.simulation.now;
      trial.newLeaderTerm = view.term;
      unsubscribe();
      world.simulation.stop('a new leader is elected');
      return;
    }
  });
}
