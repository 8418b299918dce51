// Anti-entropy: replicas find and fix their differences in the background, whether or
// not anyone reads. Every so often a node picks a peer and sends digests of the keys
// both replicate, grouped in buckets by key hash; the peer answers with its records in
// every bucket whose digest differs, and the node sends back its own records of those
// buckets. Both merge what they get. (Dynamo exchanges Merkle trees; with a handful of
// buckets one flat level of hashes does the same job.)
// Rule: only keys that both nodes replicate are compared; copies held for a hint travel
// by hinted handoff instead.
import { call, sleep, type Process } from '../../node/process.ts';
import type { NodeId } from '../../net/partition.ts';
import { hashHex, hashText } from '../../engine/text-hash.ts';
import type { BucketDigest, DifferenceReply, KeyRecord, StoreReply } from './kv-ap-messages.ts';
import { KV_AP_LIMITS } from './kv-ap-options.ts';
import type { StoreNode } from './store-node.ts';
import type { StoredRecord } from './stored-record.ts';

/** Bounds the loop; at one exchange per interval a run ends long before. */
const MAX_EXCHANGES = 100_000_000;

export function bucketOf(key: string): number {
  return hashText(key) % KV_AP_LIMITS.digestBuckets;
}

/** Keys this node holds that both it and `peer` replicate, grouped by bucket, each bucket's keys sorted. */
function sharedKeysByBucket(node: StoreNode, peer: NodeId): Map<number, string[]> {
  const buckets = new Map<number, string[]>();
  for (const key of node.store.keys()) {
    const replicas = node.replicasOf(key);
    if (!replicas.includes(node.id) || !replicas.includes(peer)) continue;
    const bucket = bucketOf(key);
    const keys = buckets.get(bucket);
    if (keys === undefined) buckets.set(bucket, [key]);
    else keys.push(key);
  }
  for (const keys of buckets.values()) keys.sort();
  return buckets;
}

function bucketDigests(node: StoreNode, peer: NodeId): Map<number, string> {
  const digests = new Map<number, string>();
  for (const [bucket, keys] of sharedKeysByBucket(node, peer)) {
    digests.set(bucket, hashHex(keys.map((key) => `${key}=${node.store.digest(key)}`).join('\n')));
  }
  return digests;
}

function recordsIn(node: StoreNode, peer: NodeId, buckets: ReadonlySet<number>): KeyRecord[] {
  const records: KeyRecord[] = [];
  for (const [bucket, keys] of sharedKeysByBucket(node, peer)) {
    if (!buckets.has(bucket)) continue;
    for (const key of keys) {
      if (records.length >= KV_AP_LIMITS.maxRecordsPerExchange) return records;
      records.push({ key, record: node.store.record(key) as StoredRecord });
    }
  }
  return records;
}

/** Merges records received from a peer (only keys this node replicates); returns how many changed. */
export function absorbRecords(node: StoreNode, records: readonly KeyRecord[]): number {
  let changed = 0;
  for (const { key, record } of records) {
    if (node.isReplicaOf(key) && node.absorb(key, record)) changed++;
  }
  node.metrics.antiEntropyRepairs += changed;
  return changed;
}

/** The peer's side: compare the digests with ours and answer with our records where they differ. */
export function answerDigest(node: StoreNode, from: NodeId, theirs: readonly BucketDigest[]): DifferenceReply {
  const ours = bucketDigests(node, from);
  const differing = new Set<number>();
  const theirMap = new Map(theirs);
  for (const [bucket, digest] of theirMap) if (ours.get(bucket) !== digest) differing.add(bucket);
  for (const [bucket, digest] of ours) if (theirMap.get(bucket) !== digest) differing.add(bucket);
  const buckets = [...differing].sort((left, right) => left - right);
  return { type: 'difference', buckets, records: recordsIn(node, from, differing) };
}

/** One exchange with `peer`; false when the peer did not answer. */
export function* exchangeWith(node: StoreNode, peer: NodeId): Process<boolean> {
  const digests: BucketDigest[] = [...bucketDigests(node, peer)].sort((left, right) => left[0] - right[0]);
  const timeoutUs = node.options.replicaTimeoutUs;
  const answer = yield* call<StoreReply>(peer, { type: 'digest', buckets: digests }, { timeoutUs });
  if (answer.kind !== 'ok' || answer.reply.type !== 'difference') return false;
  node.trust(peer);
  const difference = answer.reply;
  absorbRecords(node, difference.records);
  if (difference.buckets.length > 0) {
    const ours = recordsIn(node, peer, new Set(difference.buckets));
    if (ours.length > 0) yield* call<StoreReply>(peer, { type: 'push', records: ours }, { timeoutUs });
  }
  node.metrics.antiEntropyExchanges++;
  return true;
}

/** The background loop: an exchange with a random other store node every interval (jittered by ±50%). */
export function* antiEntropyLoop(node: StoreNode): Process<void> {
  const storeNodes = node.options.storeNodes;
  if (storeNodes < 2) return;
  for (let exchange = 0; exchange < MAX_EXCHANGES; exchange++) {
    const intervalUs = node.options.antiEntropyIntervalUs;
    yield* sleep(Math.floor(intervalUs / 2) + node.context.random.below(intervalUs + 1));
    let peer = node.context.random.below(storeNodes - 1);
    if (peer >= node.id) peer++;
    yield* exchangeWith(node, peer);
  }
}
