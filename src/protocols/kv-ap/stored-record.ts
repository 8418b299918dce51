// What a replica stores for one key, as one tagged union: a last-writer-wins register,
// a register of siblings (version vectors), a PN-counter or an OR-set. Every replica
// action (a write, read repair, a hint handed back, anti-entropy) ends in mergeRecords.
// Rule: records are immutable values in a canonical form (sorted, no duplicates), so two
// replicas that hold the same information hold equal records, with equal JSON text and
// so equal digests (replica-store.ts hashes that text).
import { assertNever } from '../../engine/assert-never.ts';
import { compareTimestamps, formatTimestamp, type HlcTimestamp } from './hlc.ts';
import { counterValue, mergeCounters, type PnCounter } from './pn-counter.ts';
import { mergeSets, setElements, type OrSet } from './or-set.ts';
import { mergeSiblings, type Sibling } from './register-siblings.ts';

export type StoredRecord =
  | { readonly kind: 'lww'; readonly value: string; readonly stamp: HlcTimestamp }
  | { readonly kind: 'siblings'; readonly siblings: readonly Sibling[] }
  | { readonly kind: 'counter'; readonly counter: PnCounter }
  | { readonly kind: 'set'; readonly set: OrSet };

export type RecordKind = StoredRecord['kind'];

/** The value types a key can hold; a register is stored as 'lww' or 'siblings' by the conflict policy. */
export type ValueType = 'register' | 'counter' | 'set';

export function valueTypeOf(kind: RecordKind): ValueType {
  switch (kind) {
    case 'lww':
    case 'siblings':
      return 'register';
    case 'counter':
      return 'counter';
    case 'set':
      return 'set';
    default:
      return assertNever(kind);
  }
}

/**
 * The record that holds what both hold. Records of different kinds never meet in a
 * correct store (the coordinator refuses an operation of the wrong type), so a mismatch
 * is a bug and throws.
 */
export function mergeRecords(left: StoredRecord | undefined, right: StoredRecord): StoredRecord {
  if (left === undefined) return right;
  switch (left.kind) {
    case 'lww': {
      const other = sameKind(left, right);
      const order = compareTimestamps(left.stamp, other.stamp) || (left.value < other.value ? -1 : left.value > other.value ? 1 : 0);
      return order >= 0 ? left : other;
    }
    case 'siblings':
      return { kind: 'siblings', siblings: mergeSiblings(left.siblings, sameKind(left, right).siblings) };
    case 'counter':
      return { kind: 'counter', counter: mergeCounters(left.counter, sameKind(left, right).counter) };
    case 'set':
      return { kind: 'set', set: mergeSets(left.set, sameKind(left, right).set) };
    default:
      return assertNever(left);
  }
}

function sameKind<R extends StoredRecord>(left: R, right: StoredRecord): R {
  if (right.kind !== left.kind) throw new Error(`cannot merge a ${right.kind} record into a ${left.kind} record`);
  return right as R;
}

/** How many values a read of this record returns before the client merges them (1 unless siblings). */
export function siblingCount(record: StoredRecord): number {
  return record.kind === 'siblings' ? record.siblings.length : 1;
}

/** The record in a few words, for snapshots: `"1:3;" @1500.000ms+0@n2`, `2 siblings`, `counter 7`. */
export function describeRecord(record: StoredRecord): string {
  switch (record.kind) {
    case 'lww':
      return `${JSON.stringify(record.value)} @${formatTimestamp(record.stamp)}`;
    case 'siblings':
      return record.siblings.map((sibling) => JSON.stringify(sibling.value)).join(' | ');
    case 'counter':
      return `counter ${counterValue(record.counter)}`;
    case 'set':
      return `set {${setElements(record.set).join(', ')}}`;
    default:
      return assertNever(record);
  }
}
