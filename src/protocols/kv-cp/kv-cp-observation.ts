// Reading the CP store from outside, for the checkers: each node's applied text values
// (for convergence), and the final state the lost-writes and stale-reads checkers compare
// with. Rule: only inspect() views are read; a node that is down shows as unreadable.
// Every node applies the same committed log in the same order (Raft's state machine
// safety), so the node that has applied the most holds the store's latest state, and the
// others hold earlier states of the same sequence.
import type { ReplicaKeyState } from '../../check/convergence.ts';
import type { FinalKeyState } from '../../check/lost-writes.ts';
import type { NodeId } from '../../node/node-api.ts';
import { hashText } from '../../engine/text-hash.ts';
import type { RaftView } from '../raft/raft-view.ts';

/** The Raft views of store nodes 0..count-1 (undefined for a node that is down). */
export function storeViews(inspect: (node: NodeId) => unknown, count: number): (RaftView | undefined)[] {
  return Array.from({ length: count }, (_unused, node) => inspect(node) as RaftView | undefined);
}

/** Every text key on every node: a digest of its value ('absent' if the node never applied a write to it). */
export function replicaTextStates(views: readonly (RaftView | undefined)[]): ReplicaKeyState[] {
  const keys = new Set<string>();
  for (const view of views) for (const key of view?.texts?.keys() ?? []) keys.add(key);
  const states: ReplicaKeyState[] = [];
  for (const key of keys) {
    views.forEach((view, node) => {
      const value = view?.texts?.get(key);
      const digest = view === undefined ? undefined : value === undefined ? 'absent' : `${hashText(value).toString(16)}/${value.length}`;
      states.push({ key, node, digest, siblings: 1 });
    });
  }
  return states;
}

/** The node that has applied the most entries (the lowest id among equals), or undefined when all are down. */
export function mostAdvanced(views: readonly (RaftView | undefined)[]): RaftView | undefined {
  let best: RaftView | undefined;
  for (const view of views) if (view !== undefined && (best === undefined || view.lastApplied > best.lastApplied)) best = view;
  return best;
}

/** Each text key's value on the most advanced node, as the lost-writes checker reads a final state. */
export function finalTextStates(views: readonly (RaftView | undefined)[]): Map<string, FinalKeyState> {
  const final = new Map<string, FinalKeyState>();
  for (const [key, value] of mostAdvanced(views)?.texts ?? []) final.set(key, { kind: 'register', values: [value] });
  return final;
}

/** The leader of the highest term among the nodes up, if any. */
export function currentLeader(views: readonly (RaftView | undefined)[]): RaftView | undefined {
  let leader: RaftView | undefined;
  let highestTerm = 0;
  for (const view of views) {
    if (view === undefined) continue;
    if (view.term > highestTerm) {
      highestTerm = view.term;
      leader = undefined;
    }
    if (view.role === 'leader' && view.term === highestTerm) leader = view;
  }
  return leader;
}
