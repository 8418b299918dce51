// How the CP store is configured: how reads are served, the deliberate bugs, and the
// Raft settings under it. Rule: the store is Raft with pre-vote and check-quorum always
// on (a cut-off leader steps down, a cut-off follower cannot disrupt the majority when
// it returns), and replication 'immediate' (a command goes out as it arrives); every
// timing and limit the store adds is here.
import { ms, type Micros } from '../../engine/time.ts';
import type { RaftBug, RaftOptions } from '../raft/raft-options.ts';

/**
 * - log: a get is a command like any other: appended, committed by a majority, applied,
 *   answered by the leader (one round to a majority per read);
 * - lease: a leader holding a lease (a majority acknowledged it within 90% of the minimum
 *   election timeout) answers gets from its own state at once.
 */
export const READ_MODES = ['log', 'lease'] as const;
export type ReadMode = (typeof READ_MODES)[number];

/**
 * Deliberate mistakes that break linearizability, for the checker to catch:
 * - stale-local-read: every node, followers included, answers a get from its own state
 *   (what "read from the nearest replica" does): a follower behind the leader, or cut
 *   off with the minority, returns old values;
 * - read-without-lease: Raft's own bug: a leader answers gets alone without a lease, so
 *   a deposed leader answers from its old state until check-quorum makes it step down;
 * - no-dedupe: Raft's own bug: the state machine ignores request ids, so a command a
 *   client retried after a lost answer takes effect twice (an append appears twice).
 */
export const KV_CP_BUGS = ['none', 'stale-local-read', 'read-without-lease', 'no-dedupe'] as const;
export type KvCpBug = (typeof KV_CP_BUGS)[number];

export const KV_CP_TIMING = {
  electionTimeoutMinUs: ms(150),
  electionTimeoutSpreadUs: ms(150),
  heartbeatIntervalUs: ms(50),
  /** A client waits this long before it retries after "not leader" with no leader named (an election is on). */
  retryPauseUs: ms(20),
} as const;

export const KV_CP_LIMITS = {
  /** A probe (the liveness check after the heal) gives up after this many attempts. */
  maxProbeAttempts: 10_000,
  /** Most operations one client starts; the recorder's limit or the stop time ends it long before. */
  maxOperationsPerClient: 1_000_000,
} as const;

/** The Raft options of a CP store of `serverCount` nodes. */
export function kvCpRaftOptions(serverCount: number, readMode: ReadMode, bug: KvCpBug): RaftOptions {
  const raftBug: RaftBug = bug === 'read-without-lease' || bug === 'no-dedupe' ? bug : 'none';
  return {
    serverCount,
    electionTimeoutMinUs: KV_CP_TIMING.electionTimeoutMinUs,
    electionTimeoutSpreadUs: KV_CP_TIMING.electionTimeoutSpreadUs,
    heartbeatIntervalUs: KV_CP_TIMING.heartbeatIntervalUs,
    replication: 'immediate',
    preVote: true,
    checkQuorum: true,
    leaderLease: readMode === 'lease',
    bug: raftBug,
  };
}

/** Mean pause between one client's operations and its limits, as the scenario sets them. */
export interface KvCpWorkloadTiming {
  readonly intervalUs: Micros;
  /** How long one operation may take, all attempts together, before the client records it as info (or fail). */
  readonly operationTimeoutUs: Micros;
  /** How long one attempt waits for an answer before the client tries the next node. */
  readonly attemptTimeoutUs: Micros;
}
