// What a store node shows through inspect(): each key's record with its digest and
// sibling count (describeRecord in stored-record.ts puts a record in words), the hints it holds, whom it suspects, and its clock. Checkers and the
// scenario read replicas only through this view. Rule: the view is built from immutable
// records, so handing them out cannot change the node.
import type { NodeId } from '../../net/partition.ts';
import type { HlcState } from './hlc.ts';
import { siblingCount, type StoredRecord } from './stored-record.ts';
import type { StoreNode } from './store-node.ts';

export interface KeyView {
  readonly key: string;
  readonly digest: string;
  readonly siblings: number;
  readonly record: StoredRecord;
  /** Whether this node is one of the key's N replicas (false for a copy kept for a hint or as coordinator). */
  readonly isReplica: boolean;
}

export interface KvApNodeView {
  readonly role: 'store';
  readonly keys: readonly KeyView[];
  readonly hints: number;
  readonly suspected: readonly NodeId[];
  readonly clock: HlcState;
}

export function storeNodeView(node: StoreNode): KvApNodeView {
  const keys: KeyView[] = [];
  for (const key of node.store.keys()) {
    const record = node.store.record(key) as StoredRecord;
    keys.push({ key, digest: node.store.digest(key), siblings: siblingCount(record), record, isReplica: node.isReplicaOf(key) });
  }
  return { role: 'store', keys, hints: node.store.hintCount, suspected: node.suspects(), clock: node.clock.current };
}

/** The store view inside a snapshot from cluster.inspect (rpc nodes put it under `node`), or undefined. */
export function storeViewOf(snapshot: unknown): KvApNodeView | undefined {
  if (typeof snapshot !== 'object' || snapshot === null) return undefined;
  const view = (snapshot as { node?: unknown }).node;
  if (typeof view !== 'object' || view === null || (view as { role?: unknown }).role !== 'store') return undefined;
  return view as KvApNodeView;
}
