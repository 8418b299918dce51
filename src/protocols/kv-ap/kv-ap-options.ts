// How a Dynamo-style store is configured: how many replicas hold each key (N), how many
// must answer a read (R) and acknowledge a write (W), the conflict policy, and the repair
// mechanisms with their timing. Rule: options are plain data checked once by
// validateKvApOptions before any node starts; every limit the store keeps is in
// KV_AP_LIMITS.
import type { Micros } from '../../engine/time.ts';

/**
 * - lww: last writer wins: each write is stamped with a hybrid logical clock and a replica
 *   keeps the highest stamp; concurrent writes lose silently.
 * - version-vectors: concurrent writes are kept side by side as siblings, returned to
 *   the client, who merges them and writes the merge back.
 */
export const CONFLICT_POLICIES = ['lww', 'version-vectors'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export interface KvApOptions {
  /** Store nodes are 0..storeNodes-1; clients come after them. */
  readonly storeNodes: number;
  /** N: replicas per key. */
  readonly replicas: number;
  /** R: replica answers a read waits for. */
  readonly readQuorum: number;
  /** W: replica acknowledgements a write waits for. */
  readonly writeQuorum: number;
  readonly conflict: ConflictPolicy;
  /** How long a coordinator waits for one replica before suspecting it and asking a fallback. */
  readonly replicaTimeoutUs: Micros;
  /** How long a suspected node is skipped when choosing replicas (unless it answers meanwhile). */
  readonly suspicionUs: Micros;
  /** Sloppy quorum: when a replica does not answer, the next healthy node on the ring stands in and keeps a hint. */
  readonly hintedHandoff: boolean;
  /** How often a node tries to hand its hints back to the replicas they belong to. */
  readonly handoffIntervalUs: Micros;
  /** A read that sees replicas disagree writes the merged record back to those behind. */
  readonly readRepair: boolean;
  /** Replicas compare digests of their key ranges in the background and exchange what differs. */
  readonly antiEntropy: boolean;
  /** Mean time between one node's anti-entropy exchanges (each with a random peer). */
  readonly antiEntropyIntervalUs: Micros;
}

export const KV_AP_LIMITS = {
  maxStoreNodes: 64,
  maxReplicas: 16,
  /** Points each node owns on the hash ring; more points spread keys more evenly. */
  ringPointsPerNode: 16,
  /** Anti-entropy compares this many buckets of keys (a key's bucket is its hash modulo this). */
  digestBuckets: 16,
  /** After the first choice of replicas, a coordinator asks fallbacks at most this many more times. */
  maxFallbackRounds: 2,
  /** Hints one node tries to hand back per round. */
  maxHandoffsPerRound: 64,
  /** Most records one anti-entropy message carries; the rest wait for the next exchange. */
  maxRecordsPerExchange: 256,
  /** Most distinct keys a store serves (keeps every per-key table finite). */
  maxKeys: 10_000,
} as const;

export const DEFAULT_KV_AP_TIMING = {
  replicaTimeoutUs: 50_000,
  suspicionUs: 500_000,
  handoffIntervalUs: 100_000,
  antiEntropyIntervalUs: 100_000,
} as const;

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`kv-ap store: invalid ${name} ${String(value)}: expected an integer from ${min} to ${max}`);
  }
}

export function validateKvApOptions(options: KvApOptions): void {
  checkInteger('storeNodes', options.storeNodes, 1, KV_AP_LIMITS.maxStoreNodes);
  checkInteger('replicas (N)', options.replicas, 1, Math.min(KV_AP_LIMITS.maxReplicas, options.storeNodes));
  checkInteger('readQuorum (R)', options.readQuorum, 1, options.replicas);
  checkInteger('writeQuorum (W)', options.writeQuorum, 1, options.replicas);
  if (!(CONFLICT_POLICIES as readonly string[]).includes(options.conflict)) {
    throw new RangeError(`kv-ap store: invalid conflict policy ${JSON.stringify(options.conflict)}: expected one of ${CONFLICT_POLICIES.join(', ')}`);
  }
  for (const name of ['replicaTimeoutUs', 'suspicionUs', 'handoffIntervalUs', 'antiEntropyIntervalUs'] as const) {
    checkInteger(name, options[name], 1, 3_600_000_000);
  }
}
