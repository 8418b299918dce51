// A PN-counter, the state-based CRDT for a number that goes up and down: each node keeps
// its own running totals of increments and of decrements, and a merge takes each node's
// larger totals. Rule: a node only ever raises its own entries, so the merge (pointwise
// maximum) is commutative, associative and idempotent, and replicas that have merged the
// same updates show the same value whatever order the updates came in.
import type { NodeId } from '../../net/partition.ts';
import { counterOf, mergeVectors, type VersionVector } from './version-vector.ts';

export interface PnCounter {
  /** Per node, the sum of its positive updates. */
  readonly increments: VersionVector;
  /** Per node, the sum of the sizes of its negative updates. */
  readonly decrements: VersionVector;
}

export const EMPTY_COUNTER: PnCounter = { increments: [], decrements: [] };

/** The counter after `node` adds `delta` (an integer, negative to decrement). */
export function updateCounter(counter: PnCounter, node: NodeId, delta: number): PnCounter {
  if (!Number.isSafeInteger(delta)) throw new RangeError(`counter update: invalid delta ${String(delta)}: expected an integer`);
  if (delta === 0) return counter;
  if (delta > 0) return { increments: mergeVectors(counter.increments, [[node, counterOf(counter.increments, node) + delta]]), decrements: counter.decrements };
  return { increments: counter.increments, decrements: mergeVectors(counter.decrements, [[node, counterOf(counter.decrements, node) - delta]]) };
}

export function mergeCounters(left: PnCounter, right: PnCounter): PnCounter {
  return { increments: mergeVectors(left.increments, right.increments), decrements: mergeVectors(left.decrements, right.decrements) };
}

export function counterValue(counter: PnCounter): number {
  let value = 0;
  for (const [, count] of counter.increments) value += count;
  for (const [, count] of counter.decrements) value -= count;
  return value;
}
