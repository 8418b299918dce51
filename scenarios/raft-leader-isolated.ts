// raft-leader-isolated: the leader is cut off from everyone; the others elect a new one.
//
// For a learner: a leader that can no longer reach a majority does not know it has been
// replaced. It keeps its role, and clients that still talk to it may hand it commands:
// it appends them, but it can never commit them, because no majority acknowledges. When
// the network heals, the old leader hears of the newer term, steps down, and the entries
// it appended alone are replaced. The checks: a new leader is elected while the old one
// is cut off, and the old leader commits nothing from the moment it is isolated, and
// nothing it appended alone is ever committed anywhere.
import { formatDuration, ms, seconds, type Micros } from '../src/engine/time.ts';
import type { NodeId } from '../src/net/partition.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';
import { buildRaftCluster, declareRaftChecks, declareRaftSummaries, RAFT_CLUSTER_PARAMS, type RaftCluster } from './raft-cluster.ts';

/** How long to keep looking for a leader to isolate after `isolateAt`, and how often. */
const LEADER_SEARCH_US: Micros = seconds(2);
const LEADER_POLL_US: Micros = ms(10);

/** What happened to the leader that was cut off. */
interface Isolation {
  readonly node: NodeId;
  readonly term: number;
  readonly atUs: Micros;
  /** Its commit index and log length when cut off. */
  readonly commitIndex: number;
  readonly lastIndex: number;
  healedAtUs: Micros | undefined;
  /** The highest term with a leader when the network healed. */
  highestLeaderTermAtHeal: number;
  /** Entries committed anywhere so far that were checked against it. */
  committedChecked: number;
}

export default defineScenario({
  name: 'raft-leader-isolated',
  summary: 'the Raft leader is cut off from every other server; a new one takes over, the old one commits nothing',
  description: [
    'At isolateAt (3s by default) the current leader is cut off from every other server',
    'for `isolation` (2s), with one client on its side; then the network heals. The others must elect',
    'a new leader meanwhile. Checked after every event: the isolated leader commits',
    'nothing while cut off, and nothing it appended alone is ever committed; plus all the',
    'invariants of the raft scenario. Try bug=accept-stale-term: after the heal, followers',
    'obey the deposed leader and throw away committed entries.',
  ].join('\n'),
  durationUs: seconds(10),
  params: {
    ...RAFT_CLUSTER_PARAMS,
    isolateAt: param.duration({ default: seconds(3), min: 0, max: seconds(3600), description: 'when to cut off the leader (or the first leader after it)' }),
    isolation: param.duration({ default: seconds(2), min: ms(1), max: seconds(3600), description: 'how long the leader stays cut off' }),
  },
  setup(world, params) {
    const cluster = buildRaftCluster(world, params);
    const state: { isolation: Isolation | undefined } = { isolation: undefined };
    const searchEndsAt = params.isolateAt + LEADER_SEARCH_US;
    const isolateLeader = (): void => {
      const node = cluster.leader();
      if (node === undefined) {
        if (world.simulation.now + LEADER_POLL_US <= searchEndsAt) world.at(world.simulation.now + LEADER_POLL_US, isolateLeader);
        return;
      }
      state.isolation = isolate(world, cluster, node, params.isolation);
    };
    world.at(params.isolateAt, isolateLeader);
    declareIsolationChecks(world, cluster, () => state.isolation, params.isolateAt, searchEndsAt);
    declareRaftChecks(world, cluster, () => state.isolation?.healedAtUs ?? Math.floor(world.simulation.now * 0.6));
    declareRaftSummaries(world, cluster);
    world.summary('isolated leader', () => (state.isolation === undefined ? 'none' : `node ${state.isolation.node} (term ${state.isolation.term})`));
  },
});

function isolate(world: World, cluster: RaftCluster, node: NodeId, durationUs: Micros): Isolation {
  const view = cluster.view(node);
  if (view === undefined) throw new Error(`raft-leader-isolated: leader ${node} has no view`);
  // The leader keeps one client on its side, so it has commands to append that it can never commit.
  const servers = Array.from({ length: cluster.serverCount }, (_, index) => index).filter((other) => other !== node);
  const [companion, ...otherClients] = cluster.clients;
  world.network.partition({ kind: 'split', groups: [companion === undefined ? [node] : [node, companion], [...servers, ...otherClients]] });
  const isolation: Isolation = {
    node,
    term: view.term,
    atUs: world.simulation.now,
    commitIndex: view.commitIndex,
    lastIndex: (view.snapshotIndex ?? 0) + view.log.length,
    healedAtUs: undefined,
    highestLeaderTermAtHeal: 0,
    committedChecked: (view.snapshotIndex ?? 0) + view.log.length,
  };
  world.at(world.simulation.now + durationUs, () => {
    cluster.monitor.refresh();
    isolation.highestLeaderTermAtHeal = cluster.monitor.highestLeaderTerm;
    isolation.healedAtUs = world.simulation.now;
    world.network.heal();
  });
  return isolation;
}

function declareIsolationChecks(world: World, cluster: RaftCluster, isolation: () => Isolation | undefined, isolateAt: Micros, searchEndsAt: Micros): void {
  world.properties.always('the isolated leader commits nothing while cut off', () => {
    const cut = isolation();
    if (cut === undefined || cut.healedAtUs !== undefined) return undefined;
    const view = cluster.view(cut.node);
    if (view === undefined || view.commitIndex <= cut.commitIndex || view.term !== cut.term) return undefined;
    return { message: `node ${cut.node}, cut off as leader of term ${cut.term} with commit index ${cut.commitIndex}, has advanced it to ${view.commitIndex} while isolated`, nodes: [cut.node] };
  });
  // Once another leader has been elected, nothing the old one appended while cut off can
  // ever commit. (If nobody replaced it, it is still the rightful leader after the heal,
  // and may commit them: the property below reports that no new leader was elected.)
  world.properties.always('nothing the isolated leader appended alone is ever committed', () => {
    const cut = isolation();
    if (cut === undefined || (cut.healedAtUs !== undefined && cut.highestLeaderTermAtHeal <= cut.term)) return undefined;
    for (; cut.committedChecked < cluster.monitor.committedCount; cut.committedChecked++) {
      const index = cut.committedChecked + 1;
      const entry = cluster.monitor.committedAt(index);
      if (entry !== undefined && entry.term === cut.term) {
        return { message: `entry ${index} of term ${cut.term}, appended by node ${cut.node} after it was cut off (its log then ended at ${cut.lastIndex}), was committed`, nodes: [cut.node] };
      }
    }
    return undefined;
  });
  world.properties.atEnd('a new leader is elected while the old one is cut off', () => {
    const cut = isolation();
    if (cut === undefined) return `no leader to cut off between ${formatDuration(isolateAt)} and ${formatDuration(searchEndsAt)}`;
    cluster.monitor.refresh();
    const highest = cut.healedAtUs === undefined ? cluster.monitor.highestLeaderTerm : cut.highestLeaderTermAtHeal;
    if (highest > cut.term) return undefined;
    const until = cut.healedAtUs === undefined ? 'the end of the run' : `the heal at ${formatDuration(cut.healedAtUs)}`;
    return { message: `node ${cut.node} was cut off as leader of term ${cut.term} at ${formatDuration(cut.atUs)}, and no later term had a leader by ${until}`, nodes: [cut.node] };
  });
}
