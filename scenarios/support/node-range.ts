// Node ids in a half-open range, for scenarios that lay two systems out one after the
// other in one world (the first store's nodes, then the second's).
import type { NodeId } from '../../src/net/partition.ts';

/** The ids start, start + 1, ..., end - 1. */
export function nodeRange(start: NodeId, end: NodeId): NodeId[] {
  return Array.from({ length: Math.max(0, end - start) }, (_unused, index) => start + index);
}
