// The consistent-hash ring that places keys on nodes. Every store node owns a few points
// (virtual nodes) on a circle of 2^32 positions; a key's preference list is the distinct
// nodes met walking clockwise from the key's own position, and its first N are the key's
// replicas. Rule: the ring is a pure function of the node count, so every node computes
// the same placement without talking to anyone (membership is static in this store).
// Walks are cached per key: a store has at most KV_AP_LIMITS.maxKeys keys.
import type { NodeId } from '../../net/partition.ts';
import { hashText } from '../../engine/text-hash.ts';

interface RingPoint {
  readonly position: number;
  readonly node: NodeId;
}

export class HashRing {
  private readonly points: readonly RingPoint[];
  private readonly walks = new Map<string, readonly NodeId[]>();
  /** Preference lists by key, for the count asked last (a store always asks for its N). */
  private readonly lists = new Map<string, readonly NodeId[]>();
  private listCount = 0;

  constructor(
    readonly nodeCount: number,
    readonly pointsPerNode: number,
  ) {
    if (!Number.isSafeInteger(nodeCount) || nodeCount < 1) throw new RangeError(`hash ring: invalid node count ${String(nodeCount)}: expected an integer from 1`);
    if (!Number.isSafeInteger(pointsPerNode) || pointsPerNode < 1) {
      throw new RangeError(`hash ring: invalid points per node ${String(pointsPerNode)}: expected an integer from 1`);
    }
    const points: RingPoint[] = [];
    for (let node = 0; node < nodeCount; node++) {
      for (let point = 0; point < pointsPerNode; point++) points.push({ position: hashText(`node ${node} point ${point}`), node });
    }
    // Equal positions (a hash collision) are ordered by node id, so the order never depends on the sort's stability.
    points.sort((left, right) => left.position - right.position || left.node - right.node);
    this.points = points;
  }

  /** Every node, each once, in the order met walking clockwise from the key's position. */
  walk(key: string): readonly NodeId[] {
    let walk = this.walks.get(key);
    if (walk === undefined) {
      walk = this.computeWalk(hashText(key));
      this.walks.set(key, walk);
    }
    return walk;
  }

  /** The key's first `count` nodes: its replicas when count is the replication factor. */
  preferenceList(key: string, count: number): readonly NodeId[] {
    if (count !== this.listCount) {
      this.lists.clear();
      this.listCount = count;
    }
    let list = this.lists.get(key);
    if (list === undefined) {
      list = this.walk(key).slice(0, count);
      this.lists.set(key, list);
    }
    return list;
  }

  private computeWalk(position: number): NodeId[] {
    const points = this.points;
    let start = 0;
    while (start < points.length && (points[start] as RingPoint).position < position) start++;
    const seen = new Set<NodeId>();
    const walk: NodeId[] = [];
    for (let step = 0; step < points.length && walk.length < this.nodeCount; step++) {
      const node = (points[(start + step) % points.length] as RingPoint).node;
      if (seen.has(node)) continue;
      seen.add(node);
      walk.push(node);
    }
    return walk;
  }
}
