// A register under the version-vectors policy: a set of siblings, the values of writes
// that no later write has seen. Each sibling carries its dot (which write it is) and its
// context (the version vector of everything its writer had read). Rule: a sibling is
// dropped only when another sibling's context covers its dot, that is when some writer
// saw it and chose what replaces it; concurrent writes are all kept, and the client who
// reads them merges them and writes the result back with the merged context.
import type { Dot, VersionVector } from './version-vector.ts';
import { compareDots, coversDot, mergeVectors, withDot } from './version-vector.ts';

export interface Sibling {
  readonly value: string;
  readonly dot: Dot;
  /** What the writer had read before writing: every dot it covers is superseded by this sibling. */
  readonly context: VersionVector;
}

/** The union of two sibling sets, less every sibling another one supersedes, sorted by dot. */
export function mergeSiblings(left: readonly Sibling[], right: readonly Sibling[]): Sibling[] {
  const union: Sibling[] = [...left];
  for (const sibling of right) {
    if (!union.some((kept) => compareDots(kept.dot, sibling.dot) === 0)) union.push(sibling);
  }
  const survivors = union.filter((sibling) => !union.some((other) => other !== sibling && coversDot(other.context, sibling.dot)));
  return survivors.sort((first, second) => compareDots(first.dot, second.dot));
}

/** The context a client sends back with its next write: every sibling it read, and all they had seen. */
export function siblingsContext(siblings: readonly Sibling[]): VersionVector {
  let context: VersionVector = [];
  for (const sibling of siblings) context = withDot(mergeVectors(context, sibling.context), sibling.dot);
  return context;
}
