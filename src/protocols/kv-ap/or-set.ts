// An observed-remove set (OR-set), the state-based CRDT for a set that takes adds and
// removes: every add tags the element with a fresh dot, and a remove tombstones the tags
// its replica has observed for that element. An element is in the set while it has a tag
// that is not tombstoned. Rule: adds and tombstones only ever grow and a merge is their
// union, so it is commutative, associative and idempotent; an add concurrent with a
// remove survives it (add wins), because the remove could not have observed its tag.
import type { Dot } from './version-vector.ts';
import { compareDots } from './version-vector.ts';

export interface TaggedElement {
  readonly element: string;
  readonly tag: Dot;
}

export interface OrSet {
  /** Every add ever merged, sorted by element then tag. */
  readonly adds: readonly TaggedElement[];
  /** The tags removed, sorted. */
  readonly removed: readonly Dot[];
}

export const EMPTY_SET: OrSet = { adds: [], removed: [] };

function compareTagged(left: TaggedElement, right: TaggedElement): number {
  return (left.element < right.element ? -1 : left.element > right.element ? 1 : 0) || compareDots(left.tag, right.tag);
}

/** Sorted union of two sorted lists without repeats. */
function unionSorted<T>(left: readonly T[], right: readonly T[], compare: (first: T, second: T) => number): T[] {
  const result: T[] = [];
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length || rightIndex < right.length) {
    const leftItem = left[leftIndex];
    const rightItem = right[rightIndex];
    const order = leftItem === undefined ? 1 : rightItem === undefined ? -1 : compare(leftItem, rightItem);
    if (order <= 0) {
      result.push(leftItem as T);
      leftIndex++;
      if (order === 0) rightIndex++;
    } else {
      result.push(rightItem as T);
      rightIndex++;
    }
  }
  return result;
}

/** The set after adding `element` with the fresh tag `tag`. */
export function addToSet(set: OrSet, element: string, tag: Dot): OrSet {
  return { adds: unionSorted(set.adds, [{ element, tag }], compareTagged), removed: set.removed };
}

/** The set after removing `element`: every tag of it this replica has observed is tombstoned. */
export function removeFromSet(set: OrSet, element: string): OrSet {
  const observed = set.adds.filter((tagged) => tagged.element === element).map((tagged) => tagged.tag);
  return { adds: set.adds, removed: unionSorted(set.removed, observed, compareDots) };
}

export function mergeSets(left: OrSet, right: OrSet): OrSet {
  return { adds: unionSorted(left.adds, right.adds, compareTagged), removed: unionSorted(left.removed, right.removed, compareDots) };
}

/** The elements present, sorted, each once. */
export function setElements(set: OrSet): string[] {
  const elements: string[] = [];
  for (const tagged of set.adds) {
    if (elements[elements.length - 1] === tagged.element) continue;
    if (!set.removed.some((tag) => compareDots(tag, tagged.tag) === 0)) elements.push(tagged.element);
  }
  return elements;
}
