// Which nodes a coordinator asks for a key: the key's N replicas, or under a sloppy
// quorum the first N healthy nodes on the ring, where each node standing in for an
// unreachable replica is told whom it stands in for (its hint). Rule: placement is a pure
// function of the ring walk and of which nodes the coordinator suspects right now.
import type { NodeId } from '../../net/partition.ts';

export interface ReplicaTarget {
  readonly node: NodeId;
  /** The replica this node stands in for, or null when it is one of the key's own replicas. */
  readonly hintFor: NodeId | null;
}

/**
 * The first `replicas` nodes of the walk that are not suspected; fallbacks (healthy nodes
 * beyond the first N) are paired, in ring order, with the replicas they replace. With
 * `sloppy` false it is simply the first N, suspected or not (a strict quorum).
 */
export function choosePlacement(walk: readonly NodeId[], replicas: number, isSuspected: (node: NodeId) => boolean, sloppy: boolean): ReplicaTarget[] {
  const preferred = walk.slice(0, replicas);
  if (!sloppy) return preferred.map((node) => ({ node, hintFor: null }));
  const healthy = walk.filter((node) => !isSuspected(node)).slice(0, replicas);
  const missing = preferred.filter((node) => !healthy.includes(node));
  let fallbackIndex = 0;
  return healthy.map((node) => {
    if (preferred.includes(node)) return { node, hintFor: null };
    return { node, hintFor: missing[fallbackIndex++] ?? null };
  });
}

/**
 * Stand-ins for targets that did not answer: the next nodes of the walk not yet tried and
 * not suspected, one per failed target, each holding a hint for the replica the failed
 * target was (or stood in for).
 */
export function chooseFallbacks(walk: readonly NodeId[], failed: readonly ReplicaTarget[], tried: ReadonlySet<NodeId>, isSuspected: (node: NodeId) => boolean): ReplicaTarget[] {
  const candidates = walk.filter((node) => !tried.has(node) && !isSuspected(node));
  const fallbacks: ReplicaTarget[] = [];
  for (let index = 0; index < failed.length && index < candidates.length; index++) {
    const target = failed[index] as ReplicaTarget;
    fallbacks.push({ node: candidates[index] as NodeId, hintFor: target.hintFor ?? target.node });
  }
  return fallbacks;
}
