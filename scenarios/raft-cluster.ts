// The parts every Raft scenario shares: parameters, building the servers and clients
// into a world, the invariant checks, the report's figures, and fault schedules that
// keep clients on some side of a split. Not a scenario itself (scenarios/index.ts lists
// raft, raft-leader-isolated and raft-flapping, which build on this).
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultEvent, FaultSchedule } from '../src/faults/fault-event.ts';
import { orderSchedule } from '../src/faults/fault-schedule.ts';
import { generateNemesisSchedule, NEMESIS_KINDS, type NemesisKind } from '../src/faults/nemesis.ts';
import type { LatencyDistribution } from '../src/net/latency.ts';
import type { NodeId, PartitionSpec } from '../src/net/partition.ts';
import { ClientLedger } from '../src/protocols/raft/client-ledger.ts';
import { raftClient } from '../src/protocols/raft/raft-client.ts';
import { RAFT_INVARIANT_KEYS, RAFT_INVARIANTS, RAFT_LIVENESS } from '../src/protocols/raft/raft-invariants.ts';
import { RaftMonitor } from '../src/protocols/raft/raft-monitor.ts';
import { LOG_COMPACTION_MODES, RAFT_BUGS, RAFT_LIMITS, REPLICATION_MODES, type LogCompactionMode, type RaftBug, type RaftOptions, type ReplicationMode } from '../src/protocols/raft/raft-options.ts';
import { raftServer } from '../src/protocols/raft/raft-server.ts';
import type { RaftView } from '../src/protocols/raft/raft-view.ts';
import { param, type ParamValues } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';

/** Keys the clients write to and read from: few, so reads see other clients' appends. */
export const RAFT_KEY_COUNT = 3;

export const RAFT_CLUSTER_PARAMS = {
  nodes: param.int({ default: 5, min: RAFT_LIMITS.minServers, max: RAFT_LIMITS.maxServers, description: 'number of Raft servers' }),
  electionTimeoutMin: param.duration({ default: ms(150), min: ms(1), max: seconds(10), description: 'shortest election timeout' }),
  electionTimeoutSpread: param.duration({
    default: ms(150),
    min: 0,
    max: seconds(10),
    description: 'election timeouts are random in [min, min + spread]; 0 means no randomness',
  }),
  heartbeatInterval: param.duration({ default: ms(50), min: ms(1), max: seconds(10), description: 'time between a leader’s heartbeats' }),
  replication: param.enum({ values: REPLICATION_MODES, default: 'batched', description: 'send new entries with the next heartbeat (batched) or at once (immediate)' }),
  clients: param.int({ default: 3, min: 0, max: 50, description: 'number of clients' }),
  clientRate: param.number({ default: 10, min: 0.1, max: 1_000, description: 'commands per second each client sends (one at a time)' }),
  readShare: param.number({ default: 0.2, min: 0, max: 1, description: 'share of client commands that are reads' }),
  clientTimeout: param.duration({ default: ms(500), min: ms(1), max: seconds(60), description: 'how long a client waits before retrying elsewhere' }),
  loss: param.number({ default: 0.01, min: 0, max: 1, description: 'probability a message is lost' }),
  duplicate: param.number({ default: 0.01, min: 0, max: 1, description: 'probability a message is delivered twice' }),
  preVote: param.boolean({ default: false, description: 'ask for pre-votes before starting a term' }),
  checkQuorum: param.boolean({ default: false, description: 'a leader that cannot hear a majority steps down' }),
  leaderLease: param.boolean({ default: false, description: 'a leader answers reads alone while a majority renews its lease' }),
  logCompaction: param.enum({
    values: LOG_COMPACTION_MODES,
    default: 'snapshot',
    description: `snapshot: forget log entries well behind a checkpoint and send a follower that needs them the checkpoint instead, so memory stays flat (starts past ${RAFT_LIMITS.entriesKeptBehindCheckpoint + RAFT_LIMITS.compactionBatchEntries} entries); off: keep every entry`,
  }),
  bug: param.enum({
    values: RAFT_BUGS,
    default: 'none',
    description:
      'a deliberate mistake: forget-votes (term and vote not on disk), vote-without-log-check, commit-old-term (counts replicas of older entries), ' +
      'no-truncate (keeps conflicting entries), accept-stale-term (obeys a deposed leader), no-dedupe (applies retries again), ' +
      'read-without-lease (a leader reads alone without a lease)',
  }),
};

export type RaftClusterParams = ParamValues<typeof RAFT_CLUSTER_PARAMS>;

/** The latency of every link: 1 ms plus up to 4 ms more, uniformly. */
export const RAFT_LATENCY = { kind: 'uniform', baseUs: ms(1), minUs: 0, maxUs: ms(4) } as const;

export interface RaftCluster {
  readonly serverCount: number;
  readonly clients: readonly NodeId[];
  readonly monitor: RaftMonitor;
  readonly ledger: ClientLedger;
  readonly options: RaftOptions;
  view(node: NodeId): RaftView | undefined;
  /** The server leading the highest term among those up, if any. */
  leader(): NodeId | undefined;
}

export function raftOptionsFrom(params: RaftClusterParams): RaftOptions {
  return {
    serverCount: params.nodes,
    electionTimeoutMinUs: params.electionTimeoutMin,
    electionTimeoutSpreadUs: params.electionTimeoutSpread,
    heartbeatIntervalUs: params.heartbeatInterval,
    replication: params.replication as ReplicationMode,
    preVote: params.preVote,
    checkQuorum: params.checkQuorum,
    leaderLease: params.leaderLease,
    bug: params.bug as RaftBug,
    logCompaction: params.logCompaction as LogCompactionMode,
  };
}

/** What an experiment may change beyond the parameters. */
export interface RaftClusterOverrides {
  /** Every link's latency (RAFT_LATENCY by default). */
  readonly latency?: LatencyDistribution;
}

/** Servers are nodes 0..nodes-1, clients come after them. */
export function buildRaftCluster(world: World, params: RaftClusterParams, overrides: RaftClusterOverrides = {}): RaftCluster {
  const latency = overrides.latency ?? RAFT_LATENCY;
  world.network.setDefaultLink({ latency, lossProbability: params.loss, duplicateProbability: params.duplicate, ordering: 'reorder' });
  const options = raftOptionsFrom(params);
  world.cluster.addNodes(options.serverCount, raftServer(options));
  const ledger = new ClientLedger(() => world.simulation.now);
  const clientFactory = raftClient({
    serverCount: options.serverCount,
    commandsPerSecond: params.clientRate,
    readShare: params.readShare,
    keyCount: RAFT_KEY_COUNT,
    timeoutUs: params.clientTimeout,
    ledger,
  });
  const clients = world.cluster.addNodes(params.clients, clientFactory);
  const view = (node: NodeId): RaftView | undefined => world.cluster.inspect(node) as RaftView | undefined;
  const monitor = new RaftMonitor({ serverCount: options.serverCount, view, simulation: world.simulation, ledger });
  return { serverCount: options.serverCount, clients, monitor, ledger, options, view, leader: () => leaderOf(view, options.serverCount) };
}

/** What crashLeaderAt did: the leader it crashed (undefined when nobody led then). */
export interface LeaderCrash {
  readonly atUs: Micros;
  readonly node: NodeId | undefined;
  readonly term: number | undefined;
}

/**
 * At `atUs`, crashes whichever server leads then (if any), and restarts it `downUs` later
 * (never, when undefined). For experiments such as the time to elect a new leader.
 */
export function crashLeaderAt(world: World, cluster: RaftCluster, atUs: Micros, downUs?: Micros): { readonly result: LeaderCrash | undefined } {
  const record: { result: LeaderCrash | undefined } = { result: undefined };
  world.at(atUs, () => {
    const node = cluster.leader();
    record.result = { atUs, node, term: node === undefined ? undefined : cluster.view(node)?.term };
    if (node === undefined) return;
    world.cluster.crash(node);
    if (downUs !== undefined) world.at(atUs + downUs, () => world.cluster.restart(node));
  });
  return record;
}

function leaderOf(view: (node: NodeId) => RaftView | undefined, serverCount: number): NodeId | undefined {
  let leader: RaftView | undefined;
  let highestTerm = 0;
  for (let node = 0; node < serverCount; node++) {
    const server = view(node);
    if (server === undefined) continue;
    if (server.term > highestTerm) {
      highestTerm = server.term;
      leader = undefined;
    }
    if (server.role === 'leader' && server.term === highestTerm) leader = server;
  }
  return leader?.id;
}

/**
 * Every invariant as an `always` property, and liveness at the end: commands invoked
 * before `settledAt()` (by default 60% of the run, when nemesis faults are over) must
 * have committed, and a leader must serve.
 */
export function declareRaftChecks(world: World, cluster: RaftCluster, settledAt: () => Micros = () => Math.floor(world.simulation.now * 0.6)): void {
  for (const invariant of RAFT_INVARIANT_KEYS) world.properties.always(RAFT_INVARIANTS[invariant], () => cluster.monitor.check(invariant));
  world.properties.atEnd(RAFT_LIVENESS, () => cluster.monitor.livenessProblem(settledAt()));
}

export function declareRaftSummaries(world: World, cluster: RaftCluster): void {
  const ledger = cluster.ledger;
  world.summary('leaders elected', () => cluster.monitor.elections);
  world.summary('highest term', () => cluster.monitor.highestTerm);
  world.summary('committed entries', () => cluster.monitor.committedCount);
  world.summary('client commands', () => ledger.invokedCount);
  world.summary('commands answered', () => ledger.completedCount);
  world.summary('client retries', () => ledger.retryCount);
  world.summary('reads answered without the log', () => {
    let reads = 0;
    for (let node = 0; node < cluster.serverCount; node++) reads += cluster.view(node)?.localReads ?? 0;
    return reads;
  });
  // Long runs only: an acknowledgement that arrives after its position left the monitor's window is counted, not checked.
  world.summary('acknowledged appends not checked', () => cluster.monitor.acknowledgementsUnchecked);
}

export const NEMESIS_CHOICES = ['all', 'network', 'process', ...NEMESIS_KINDS] as const;
export type NemesisChoice = (typeof NEMESIS_CHOICES)[number];

export function nemesisKindsOf(choice: NemesisChoice): readonly NemesisKind[] {
  switch (choice) {
    case 'all':
      return NEMESIS_KINDS;
    case 'network':
      return ['partition', 'loss-burst'];
    case 'process':
      return ['crash', 'pause', 'clock-skew'];
    default:
      return [choice];
  }
}

/** How often one family of faults strikes and how long each fault lasts (both means). */
export interface FaultRhythm {
  readonly meanGapUs: Micros;
  readonly meanFaultUs: Micros;
}

export interface RaftNemesisOptions {
  readonly kinds: readonly NemesisKind[];
  /** Every fault is over by then. */
  readonly endUs: Micros;
  /** Partitions and loss bursts. */
  readonly network: FaultRhythm;
  /** Crashes, each followed by a restart (like a supervised process). */
  readonly crash: FaultRhythm;
  /** Pauses and clock skew. */
  readonly slowdown: FaultRhythm;
  /** Most faults from each stream. */
  readonly maxFaultsPerStream: number;
}

/**
 * Two fault profiles, because the mistakes worth finding need different weather: a
 * vote forgotten in a crash, or the paper's Figure 8, need servers crashing and
 * restarting often; a deposed leader that comes back to give stale orders needs to
 * live through a long pause or partition, which frequent crashes rarely allow.
 */
export const FAULT_PROFILES = ['crash-heavy', 'pause-heavy'] as const;
export type FaultProfile = (typeof FAULT_PROFILES)[number];
export const FAULT_PROFILE_CHOICES = ['drawn', ...FAULT_PROFILES] as const;
export type FaultProfileChoice = (typeof FAULT_PROFILE_CHOICES)[number];

/** The rhythm of each family under a profile (both crash streams share theirs). */
export function faultRhythms(profile: FaultProfile): Pick<RaftNemesisOptions, 'network' | 'crash' | 'slowdown'> {
  const network = { meanGapUs: ms(300), meanFaultUs: ms(500) };
  const slowdown = { meanGapUs: ms(300), meanFaultUs: ms(300) };
  switch (profile) {
    case 'crash-heavy':
      return { network, slowdown, crash: { meanGapUs: ms(100), meanFaultUs: ms(100) } };
    case 'pause-heavy':
      return { network, slowdown, crash: { meanGapUs: seconds(1), meanFaultUs: ms(100) } };
  }
}

/** 'drawn': three seeds in four crash-heavy, one pause-heavy, from the "faults:profile" stream. */
export function chooseFaultProfile(world: World, choice: FaultProfileChoice): FaultProfile {
  if (choice !== 'drawn') return choice;
  return world.random('faults:profile').below(4) < 3 ? 'crash-heavy' : 'pause-heavy';
}

/**
 * Each family draws from its own stream(s). Crashes come from two streams, so two
 * servers can be down at once: the dangerous histories of the Raft paper's Figure 8
 * need a second server to stay down while the first comes back.
 */
const FAMILIES = [
  { name: 'network', kinds: ['partition', 'loss-burst'], streams: ['faults'] },
  { name: 'crash', kinds: ['crash'], streams: ['faults:crash:0', 'faults:crash:1'] },
  { name: 'slowdown', kinds: ['pause', 'clock-skew'], streams: ['faults:slowdown'] },
] as const;

/**
 * Random faults on the servers only, in families drawn independently, so faults of
 * different families (and the two crash streams) overlap: a server may crash while the
 * network is split. Within one stream faults take turns. Clients join the groups of a
 * split in turn.
 */
export function raftNemesis(world: World, cluster: RaftCluster, options: RaftNemesisOptions): FaultSchedule {
  const events: FaultEvent[] = [];
  for (const family of FAMILIES) {
    const kinds = options.kinds.filter((kind) => (family.kinds as readonly NemesisKind[]).includes(kind));
    if (kinds.length === 0) continue;
    const rhythm = options[family.name];
    for (const stream of family.streams) {
      events.push(
        ...generateNemesisSchedule(world.random(stream), cluster.serverCount, {
          kinds,
          startUs: 0,
          endUs: options.endUs,
          meanGapUs: rhythm.meanGapUs,
          meanFaultUs: rhythm.meanFaultUs,
          maxFaults: options.maxFaultsPerStream,
        }),
      );
    }
  }
  return placeClientsInSplits(orderSchedule(events), cluster.clients);
}

/**
 * A split lists servers only, which would leave the clients in a group of their own, cut
 * off from every server; instead client i joins group i mod (number of groups).
 */
export function placeClientsInSplits(schedule: readonly FaultEvent[], clients: readonly NodeId[]): FaultEvent[] {
  return schedule.map((event) => {
    if (event.kind !== 'partition' || event.partition.kind !== 'split' || clients.length === 0) return event;
    const groups = event.partition.groups.map((group) => [...group]);
    clients.forEach((client, index) => groups[index % groups.length]?.push(client));
    const partition: PartitionSpec = { kind: 'split', groups };
    return { ...event, partition };
  });
}
