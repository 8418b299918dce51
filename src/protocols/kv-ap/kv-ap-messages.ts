// Every message of the store: what clients ask a coordinator, what a coordinator asks
// replicas, anti-entropy's digests, and read repair. Requests travel as rpc calls (the
// reply type is named beside each); read repair is a plain message nobody waits for.
// Rule: messages carry whole records, never deltas, so any copy that arrives (late,
// twice, or after a newer one) merges into the same result.
import type { NodeId } from '../../net/partition.ts';
import type { HlcTimestamp } from './hlc.ts';
import type { StoredRecord } from './stored-record.ts';
import type { VersionVector } from './version-vector.ts';

/** An update to a CRDT value: a counter's increment (negative to decrement), a set's add or remove. */
export type CrdtUpdate =
  | { readonly kind: 'increment'; readonly delta: number }
  | { readonly kind: 'add'; readonly element: string }
  | { readonly kind: 'remove'; readonly element: string };

/**
 * What a read hands the client to send back with its next write of the key, so the write
 * is ordered after what it read: the read's version vector (version-vectors), the highest
 * timestamp it saw (lww: the coordinator moves its hybrid logical clock past it), or
 * nothing (a blind write).
 */
export type WriteContext =
  | { readonly kind: 'none' }
  | { readonly kind: 'version-vector'; readonly vector: VersionVector }
  | { readonly kind: 'timestamp'; readonly stamp: HlcTimestamp };

export const BLIND_WRITE: WriteContext = { kind: 'none' };

/** What a read returns to the client. */
export type ReadResult =
  | { readonly kind: 'absent' }
  /** One value under lww; every sibling under version-vectors; and the context to write back. */
  | { readonly kind: 'register'; readonly values: readonly string[]; readonly context: WriteContext }
  | { readonly kind: 'counter'; readonly value: number }
  | { readonly kind: 'set'; readonly elements: readonly string[] };

/** Client to coordinator (any store node). Replies: get -> ReadReply; put and update -> WrittenReply or RefusedReply. A
 * quorum not reached is a 'remote' call error: for a write, some replicas may hold it. */
export type ClientRequest =
  | { readonly type: 'get'; readonly key: string }
  | { readonly type: 'put'; readonly key: string; readonly value: string; readonly context: WriteContext }
  | { readonly type: 'update'; readonly key: string; readonly update: CrdtUpdate };

/** One key and its record, as anti-entropy ships them. */
export interface KeyRecord {
  readonly key: string;
  readonly record: StoredRecord;
}

/** A bucket's digest: the hash of its keys and their records' digests. */
export type BucketDigest = readonly [bucket: number, digest: string];

/**
 * Node to node. Replies: replica-read -> RecordReply; replica-write and push -> AckReply;
 * digest -> DifferenceReply.
 */
export type ReplicaRequest =
  | { readonly type: 'replica-read'; readonly key: string }
  /** `hintFor`: the replica this node stands in for (sloppy quorum), or null when it is a replica itself. */
  | { readonly type: 'replica-write'; readonly key: string; readonly record: StoredRecord; readonly hintFor: NodeId | null }
  | { readonly type: 'digest'; readonly buckets: readonly BucketDigest[] }
  | { readonly type: 'push'; readonly records: readonly KeyRecord[] };

export type StoreRequest = ClientRequest | ReplicaRequest;

export interface ReadReply {
  readonly type: 'read';
  readonly result: ReadResult;
}

export interface WrittenReply {
  readonly type: 'written';
}

/** The coordinator wrote nothing: the key holds another type of value, or a remove could not read first. */
export interface RefusedReply {
  readonly type: 'refused';
  readonly reason: string;
}

export interface RecordReply {
  readonly type: 'record';
  readonly record: StoredRecord | null;
}

export interface AckReply {
  readonly type: 'ack';
}

/** The answer to a digest: the answering node's records in every bucket that differs, and which buckets those are. */
export interface DifferenceReply {
  readonly type: 'difference';
  readonly buckets: readonly number[];
  readonly records: readonly KeyRecord[];
}

export type StoreReply = ReadReply | WrittenReply | RefusedReply | RecordReply | AckReply | DifferenceReply;

/** Read repair: the merged record for a replica a read found behind. */
export interface RepairMessage {
  readonly type: 'repair';
  readonly key: string;
  readonly record: StoredRecord;
}

export function isRepairMessage(message: unknown): message is RepairMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'repair';
}
