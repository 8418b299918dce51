// How the event store, its command handlers and its projection are configured, the
// deliberate bugs, and every limit. Rule: options are plain data checked once by
// validateEventSourcingOptions before any node starts; every limit lives in ES_LIMITS.
import type { Micros } from '../../engine/time.ts';

/**
 * Deliberate mistakes, each one small change marked `BUG <name>` in the code:
 * - no-version-check: the store appends without comparing the expected version, so two
 *   handlers that decided on the same state both succeed (a withdrawal overdraws);
 * - projection-not-idempotent: the projection applies an event it has already applied
 *   when it is delivered again (after a crash, from its last checkpoint), so it double-counts;
 * - snapshot-before-append: a handler saves its snapshot before the store accepted the
 *   events it was built from, so a rejected append leaves a snapshot of a history that never happened.
 */
export const EVENT_SOURCING_BUGS = ['none', 'no-version-check', 'projection-not-idempotent', 'snapshot-before-append'] as const;
export type EventSourcingBug = (typeof EVENT_SOURCING_BUGS)[number];

export interface EventSourcingOptions {
  /** Store nodes 0..storeNodes-1; node 0 is the primary, the others its followers. */
  readonly storeNodes: number;
  /** A handler saves a snapshot when an append takes a stream's version to a multiple of this; 0: never. */
  readonly snapshotEvery: number;
  /** How often a handler reloads and tries again after its append was rejected for a stale version. */
  readonly conflictRetries: number;
  /** How often the primary sends followers what they miss (and its commit position), even with nothing new. */
  readonly heartbeatIntervalUs: Micros;
  /** How long a caller (handler, projection) waits for the store. */
  readonly storeTimeoutUs: Micros;
  /** How long the projection sleeps when it has caught up with its source. */
  readonly projectionPollUs: Micros;
  /** How often the projection saves its subscription position (its checkpoint). */
  readonly projectionCheckpointUs: Micros;
  readonly bug: EventSourcingBug;
}

export const ES_LIMITS = {
  minStoreNodes: 1,
  maxStoreNodes: 7,
  /** Most entries one replication message or one projection read carries. */
  maxEntriesPerMessage: 64,
  /** Most events one command may produce (the bank account produces one). */
  maxEventsPerAppend: 16,
  maxConflictRetries: 20,
  /** Most commands one client issues in a run. */
  maxCommandsPerClient: 100_000,
  /** Most processes a store node runs at once (requests waiting for commit included). */
  maxStoreProcesses: 10_000,
  /** Reads one projection makes in one incarnation at most: far more than a run needs. */
  maxProjectionReads: 10_000_000,
} as const;

export function validateEventSourcingOptions(options: EventSourcingOptions): void {
  const { storeNodes, snapshotEvery, conflictRetries } = options;
  if (!Number.isSafeInteger(storeNodes) || storeNodes < ES_LIMITS.minStoreNodes || storeNodes > ES_LIMITS.maxStoreNodes) {
    throw new RangeError(`event store: invalid storeNodes ${String(storeNodes)}: expected an integer from ${ES_LIMITS.minStoreNodes} to ${ES_LIMITS.maxStoreNodes}`);
  }
  if (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 0) throw new RangeError(`event store: invalid snapshotEvery ${String(snapshotEvery)}: expected a non-negative integer`);
  if (!Number.isSafeInteger(conflictRetries) || conflictRetries < 0 || conflictRetries > ES_LIMITS.maxConflictRetries) {
    throw new RangeError(`event store: invalid conflictRetries ${String(conflictRetries)}: expected an integer from 0 to ${ES_LIMITS.maxConflictRetries}`);
  }
  const durations: [string, number][] = [
    ['heartbeatIntervalUs', options.heartbeatIntervalUs],
    ['storeTimeoutUs', options.storeTimeoutUs],
    ['projectionPollUs', options.projectionPollUs],
    ['projectionCheckpointUs', options.projectionCheckpointUs],
  ];
  for (const [name, value] of durations) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`event store: invalid ${name} ${String(value)}: expected a positive integer of microseconds`);
  }
  if (!EVENT_SOURCING_BUGS.includes(options.bug)) throw new RangeError(`event store: unknown bug ${JSON.stringify(options.bug)}: expected one of ${EVENT_SOURCING_BUGS.join(', ')}`);
}

/** Store nodes that must hold an entry before it is committed: more than half. */
export function majorityOf(storeNodes: number): number {
  return Math.floor(storeNodes / 2) + 1;
}
