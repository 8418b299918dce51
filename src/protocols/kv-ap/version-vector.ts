// Version vectors and dots: how a store tells "this write saw that one" from "these two
// writes were concurrent". A dot names one write: the node that coordinated it and that
// node's count of writes to the key. A version vector maps nodes to counts and stands for
// every dot up to those counts. Rule: vectors are sorted by node and hold no zero counts,
// so equal vectors are equal arrays and merges never depend on insertion order.
import type { NodeId } from '../../net/partition.ts';

/** One write: the `counter`-th write to a key coordinated by `node`. */
export interface Dot {
  readonly node: NodeId;
  readonly counter: number;
}

/** [node, count] pairs, sorted by node, counts above zero. */
export type VersionVector = readonly (readonly [NodeId, number])[];

export const EMPTY_VECTOR: VersionVector = [];

export function counterOf(vector: VersionVector, node: NodeId): number {
  for (const [entryNode, count] of vector) {
    if (entryNode === node) return count;
    if (entryNode > node) return 0;
  }
  return 0;
}

/** True when the vector stands for the dot: the write it names is in the history the vector describes. */
export function coversDot(vector: VersionVector, dot: Dot): boolean {
  return counterOf(vector, dot.node) >= dot.counter;
}

/** The pointwise maximum: everything either vector has seen. */
export function mergeVectors(left: VersionVector, right: VersionVector): VersionVector {
  const merged: (readonly [NodeId, number])[] = [];
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length || rightIndex < right.length) {
    const leftEntry = left[leftIndex];
    const rightEntry = right[rightIndex];
    if (rightEntry === undefined || (leftEntry !== undefined && leftEntry[0] < rightEntry[0])) {
      merged.push(leftEntry as readonly [NodeId, number]);
      leftIndex++;
    } else if (leftEntry === undefined || rightEntry[0] < leftEntry[0]) {
      merged.push(rightEntry);
      rightIndex++;
    } else {
      merged.push([leftEntry[0], Math.max(leftEntry[1], rightEntry[1])]);
      leftIndex++;
      rightIndex++;
    }
  }
  return merged;
}

/** The vector with the dot added (its node's count raised to the dot's counter, if lower). */
export function withDot(vector: VersionVector, dot: Dot): VersionVector {
  return mergeVectors(vector, [[dot.node, dot.counter]]);
}

export type VectorOrder = 'equal' | 'before' | 'after' | 'concurrent';

/** How `left` relates to `right`: before means every count is at most right's and one is lower. */
export function compareVectors(left: VersionVector, right: VersionVector): VectorOrder {
  let leftAhead = false;
  let rightAhead = false;
  for (const [node] of mergeVectors(left, right)) {
    const leftCount = counterOf(left, node);
    const rightCount = counterOf(right, node);
    if (leftCount > rightCount) leftAhead = true;
    if (rightCount > leftCount) rightAhead = true;
  }
  if (leftAhead && rightAhead) return 'concurrent';
  if (leftAhead) return 'after';
  return rightAhead ? 'before' : 'equal';
}

export function compareDots(left: Dot, right: Dot): number {
  return left.node - right.node || left.counter - right.counter;
}

/** `{0:2, 3:1}` */
export function formatVector(vector: VersionVector): string {
  return `{${vector.map(([node, count]) => `${node}:${count}`).join(', ')}}`;
}
