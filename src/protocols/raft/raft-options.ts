// How a Raft cluster is configured: timing, the optional extensions real deployments
// switch on, and the deliberate bug (if any). Rule: options are plain data, checked once
// by validateRaftOptions before any node starts; every limit the protocol keeps is here.
import type { Micros } from '../../engine/time.ts';

/**
 * Deliberate mistakes, each a small, marked change (search the code for `bug ===`):
 * - forget-votes: term and vote live only in memory, so a restarted node can vote twice in one term;
 * - vote-without-log-check: votes are granted without the up-to-date-log restriction;
 * - commit-old-term: a leader commits entries of earlier terms by counting replicas;
 * - no-truncate: a follower keeps its own entries where they conflict with the leader's;
 * - accept-stale-term: a follower accepts AppendEntries from a leader of an older term;
 * - no-dedupe: the state machine applies a retried command again;
 * - read-without-lease: a leader answers reads from its own state without a lease.
 */
export const RAFT_BUGS = [
  'none',
  'forget-votes',
  'vote-without-log-check',
  'commit-old-term',
  'no-truncate',
  'accept-stale-term',
  'no-dedupe',
  'read-without-lease',
] as const;
export type RaftBug = (typeof RAFT_BUGS)[number];

export const REPLICATION_MODES = ['batched', 'immediate'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/**
 * 'snapshot': a server forgets log entries well behind its latest checkpoint, and the
 * state machine the oldest values of each key, so memory stays flat on long runs; a
 * follower that needs forgotten entries gets the checkpoint (log-compaction.ts).
 * 'off': everything is kept. Short runs never reach the thresholds (RAFT_LIMITS), so
 * both behave alike there.
 */
export const LOG_COMPACTION_MODES = ['snapshot', 'off'] as const;
export type LogCompactionMode = (typeof LOG_COMPACTION_MODES)[number];

export interface RaftOptions {
  /** Servers are nodes 0..serverCount-1; clients, if any, come after them. */
  readonly serverCount: number;
  /** A follower that hears no leader for a random time in [min, min + spread] starts an election. */
  readonly electionTimeoutMinUs: Micros;
  /** 0 means no randomness: every timeout is exactly the minimum. */
  readonly electionTimeoutSpreadUs: Micros;
  /** How often a leader sends AppendEntries to every follower, even with nothing new. */
  readonly heartbeatIntervalUs: Micros;
  /**
   * When a leader sends new entries: 'batched' with its next heartbeat (fewer, larger
   * messages; commands wait up to a heartbeat interval), 'immediate' as soon as they
   * arrive (to followers not already waiting for an answer).
   */
  readonly replication: ReplicationMode;
  /** Ask for votes in a trial round first, so a node that was cut off cannot disrupt the cluster. */
  readonly preVote: boolean;
  /** A leader that has not heard from a majority for an election timeout steps down. */
  readonly checkQuorum: boolean;
  /** A leader answers reads from its own state while it holds a lease renewed by a majority. */
  readonly leaderLease: boolean;
  readonly bug: RaftBug;
  /** 'snapshot' when left out. */
  readonly logCompaction?: LogCompactionMode;
}

export const RAFT_LIMITS = {
  minServers: 3,
  maxServers: 9,
  /** Most entries one AppendEntries carries; a follower far behind catches up in batches. */
  maxEntriesPerAppend: 64,
  /** Most requests one client sends in a run (request ids are 1..this; see commandToken). */
  maxRequestsPerClient: 2 ** 24 - 1,
  /** Clients must be nodes below this id (see commandToken). */
  maxClientNodeId: 63,
  /** A server checkpoints its state machine every this many applied entries (state-machine-checkpoint.ts). */
  checkpointInterval: 1_000,
  /** With log compaction: entries kept behind the latest checkpoint, so a follower a little behind catches up from the log. */
  entriesKeptBehindCheckpoint: 1_000,
  /**
   * With log compaction: the log is compacted once this many entries can go at once, and a
   * key's values once this many can (compacting moves what is kept to the front of the list, so
   * rare large batches cost less than frequent small ones).
   */
  compactionBatchEntries: 10_000,
  /** With log compaction: values the state machine keeps of each key (their count is kept whole). */
  valuesKeptPerKey: 1_000,
} as const;

/** A lease lasts this share of the minimum election timeout: the rest covers clock drift. */
export const LEASE_SHARE_OF_ELECTION_TIMEOUT = 0.9;

/** Throws a RangeError naming the first bad option and what is allowed. */
export function validateRaftOptions(options: RaftOptions): void {
  const { serverCount } = options;
  if (!Number.isSafeInteger(serverCount) || serverCount < RAFT_LIMITS.minServers || serverCount > RAFT_LIMITS.maxServers) {
    throw new RangeError(`raft: invalid serverCount ${String(serverCount)}: expected an integer from ${RAFT_LIMITS.minServers} to ${RAFT_LIMITS.maxServers}`);
  }
  const durations: [string, number, number][] = [
    ['electionTimeoutMinUs', options.electionTimeoutMinUs, 1],
    ['electionTimeoutSpreadUs', options.electionTimeoutSpreadUs, 0],
    ['heartbeatIntervalUs', options.heartbeatIntervalUs, 1],
  ];
  for (const [name, value, min] of durations) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`raft: invalid ${name} ${String(value)}: expected an integer of microseconds, at least ${min}`);
    }
  }
  if (!REPLICATION_MODES.includes(options.replication)) {
    throw new RangeError(`raft: unknown replication ${JSON.stringify(options.replication)}: expected one of ${REPLICATION_MODES.join(', ')}`);
  }
  if (options.logCompaction !== undefined && !LOG_COMPACTION_MODES.includes(options.logCompaction)) {
    throw new RangeError(`raft: unknown logCompaction ${JSON.stringify(options.logCompaction)}: expected one of ${LOG_COMPACTION_MODES.join(', ')}`);
  }
  if (!RAFT_BUGS.includes(options.bug)) throw new RangeError(`raft: unknown bug ${JSON.stringify(options.bug)}: expected one of ${RAFT_BUGS.join(', ')}`);
}

/** Votes or acknowledgements needed: more than half of the servers. */
export function majorityOf(serverCount: number): number {
  return Math.floor(serverCount / 2) + 1;
}

/** The highest value at least `majority` of the values reach (no sorting, no allocation). */
export function highestHeldByMajority(values: readonly number[], majority: number): number {
  let best = 0;
  for (const candidate of values) {
    if (candidate <= best) continue;
    let holding = 0;
    for (const value of values) if (value >= candidate) holding++;
    if (holding >= majority) best = candidate;
  }
  return best;
}

/** Followers stop granting votes for a while after hearing from a leader (Raft paper, section 6). */
export function isStickyToLeader(options: RaftOptions): boolean {
  return options.checkQuorum || options.leaderLease;
}
