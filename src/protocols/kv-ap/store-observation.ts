// Reading the store from outside, for the checkers: each key's state on each of its N
// replicas (for convergence), and the merge of every copy any node holds (the final
// state the lost-writes checker compares with: once the replicas have converged it is
// exactly their state, and before that a write still waiting in a hint is not counted as
// lost). Rule: only inspect() snapshots are read, never a node's fields; a node that is
// down shows as unreadable.
import type { FinalKeyState } from '../../check/lost-writes.ts';
import type { ReplicaKeyState } from '../../check/convergence.ts';
import { assertNever } from '../../engine/assert-never.ts';
import type { NodeId } from '../../net/partition.ts';
import { readResultOf } from './coordinator.ts';
import type { HashRing } from './hash-ring.ts';
import { storeViewOf, type KeyView, type KvApNodeView } from './kv-ap-view.ts';
import { mergeTokenValues } from './sibling-merge.ts';
import { mergeRecords, type StoredRecord } from './stored-record.ts';

export interface StoreSnapshot {
  /** Views by store node; undefined for a node that is down. */
  readonly views: readonly (KvApNodeView | undefined)[];
  readonly ring: HashRing;
  readonly replicas: number;
}

/** Takes the views of store nodes 0..count-1 through `inspect` (cluster.inspect). */
export function snapshotStore(inspect: (node: NodeId) => unknown, ring: HashRing, replicas: number): StoreSnapshot {
  const views: (KvApNodeView | undefined)[] = [];
  for (let node = 0; node < ring.nodeCount; node++) views.push(storeViewOf(inspect(node)));
  return { views, ring, replicas };
}

/** Every key any node holds, in order of first appearance (node 0's keys first). */
function allKeys(snapshot: StoreSnapshot): string[] {
  const keys = new Set<string>();
  for (const view of snapshot.views) for (const entry of view?.keys ?? []) keys.add(entry.key);
  return [...keys];
}

function keyViewAt(view: KvApNodeView | undefined, key: string): KeyView | undefined {
  return view?.keys.find((entry) => entry.key === key);
}

/** Each key's state on each of its replicas. */
export function replicaKeyStates(snapshot: StoreSnapshot): ReplicaKeyState[] {
  const indexes = snapshot.views.map((view) => new Map((view?.keys ?? []).map((entry) => [entry.key, entry])));
  const states: ReplicaKeyState[] = [];
  for (const key of allKeys(snapshot)) {
    for (const node of snapshot.ring.preferenceList(key, snapshot.replicas)) {
      const entry = indexes[node]?.get(key);
      states.push({ key, node, digest: snapshot.views[node] === undefined ? undefined : (entry?.digest ?? 'absent'), siblings: entry?.siblings ?? 0 });
    }
  }
  return states;
}

/** The merge of every copy of the key any node that is up holds (replicas, stand-ins and coordinators). */
export function mergedRecord(snapshot: StoreSnapshot, key: string): StoredRecord | undefined {
  let merged: StoredRecord | undefined;
  for (const view of snapshot.views) {
    const entry = keyViewAt(view, key);
    if (entry !== undefined) merged = mergeRecords(merged, entry.record);
  }
  return merged;
}

/** Each key's final state as the lost-writes checker reads it. */
export function finalKeyStates(snapshot: StoreSnapshot): Map<string, FinalKeyState> {
  const states = new Map<string, FinalKeyState>();
  for (const key of allKeys(snapshot)) {
    const result = readResultOf(mergedRecord(snapshot, key));
    switch (result.kind) {
      case 'absent':
        break;
      case 'register':
        states.set(key, { kind: 'register', values: result.values });
        break;
      case 'counter':
        states.set(key, { kind: 'counter', value: result.value });
        break;
      case 'set':
        states.set(key, { kind: 'set', elements: result.elements });
        break;
      default:
        assertNever(result);
    }
  }
  return states;
}

/** The tokens each register key holds at the end (the union over siblings), for the stale-reads checker. */
export function finalTokens(states: ReadonlyMap<string, FinalKeyState>): Map<string, Set<string>> {
  const tokens = new Map<string, Set<string>>();
  for (const [key, state] of states) {
    if (state.kind !== 'register') continue;
    const merged = mergeTokenValues(state.values);
    tokens.set(key, new Set(merged.split(';').filter((token) => token !== '').map((token) => `${token};`)));
  }
  return tokens;
}
