// Lost writes: acknowledged writes that are absent from the converged state. For a key
// of appended tokens, an acknowledged append whose token no final value holds; for an
// OR-set, an acknowledged add whose element is gone though nobody tried to remove it;
// for a counter, a final value below what the acknowledged increments add up to (counted
// in units of increments). Rule: only acknowledged (`ok`) writes can be lost; writes whose
// outcome is unknown (`info`) widen what the final state may hold but never count. The
// final state comes from outside the history (the replicas after they converged), so
// this checker says nothing until the store has been given time to converge.
import { assertNever } from '../engine/assert-never.ts';
import { formatHistoryValue, type HistoryEvent, type HistoryKey } from './history/history-event.ts';
import type { Operation } from './history/operation.ts';
import { pairOperations } from './history/pair-operations.ts';
import { appendedToken, tokensOf } from './lost-writes-tokens.ts';

/** What a key holds once the replicas have converged. */
export type FinalKeyState =
  /** Token strings: one value, or every sibling a version-vector store keeps. */
  | { readonly kind: 'register'; readonly values: readonly string[] }
  | { readonly kind: 'counter'; readonly value: number }
  | { readonly kind: 'set'; readonly elements: readonly string[] };

export interface LostWrite {
  readonly operation: Operation;
  /** In words: `token "3.1.7;" is in no final value`. */
  readonly reason: string;
  /** How many writes this stands for (a counter's shortfall in increments; 1 otherwise). */
  readonly count: number;
}

export interface LostWritesReport {
  /** Acknowledged writes examined. */
  readonly acknowledged: number;
  readonly lost: readonly LostWrite[];
  /** The number of lost writes: the sum of their counts. */
  readonly lostCount: number;
  /** Counters whose final value is above everything that may have been added (a write applied twice). */
  readonly overcounted: readonly HistoryKey[];
}

type WriteKind = 'register' | 'counter' | 'set';

function writeKindOf(f: string): WriteKind | undefined {
  switch (f) {
    case 'append':
      return 'register';
    case 'increment':
      return 'counter';
    case 'add':
    case 'remove':
      return 'set';
    default:
      return undefined;
  }
}

export function findLostWrites(events: readonly HistoryEvent[], finalState: ReadonlyMap<HistoryKey, FinalKeyState>): LostWritesReport {
  const writesByKey = new Map<HistoryKey, Operation[]>();
  for (const operation of pairOperations(events)) {
    if (writeKindOf(operation.f) === undefined) continue;
    const writes = writesByKey.get(operation.key);
    if (writes === undefined) writesByKey.set(operation.key, [operation]);
    else writes.push(operation);
  }
  let acknowledged = 0;
  const lost: LostWrite[] = [];
  const overcounted: HistoryKey[] = [];
  for (const [key, writes] of writesByKey) {
    const kind = writeKindOf((writes[0] as Operation).f) as WriteKind;
    for (const write of writes) {
      if (writeKindOf(write.f) !== kind) throw new RangeError(`line ${write.invokeLine}: ${write.f} on key ${formatHistoryValue(key)}, which earlier operations treat as a ${kind}`);
      if (write.completion === 'ok') acknowledged++;
    }
    const final = finalState.get(key);
    if (final !== undefined && final.kind !== kind) throw new RangeError(`key ${formatHistoryValue(key)}: the history writes a ${kind} but the final state holds a ${final.kind}`);
    switch (kind) {
      case 'register':
        lost.push(...lostAppends(writes, final?.kind === 'register' ? final.values : []));
        break;
      case 'set':
        lost.push(...lostAdds(writes, final?.kind === 'set' ? final.elements : []));
        break;
      case 'counter': {
        const outcome = counterOutcome(writes, final?.kind === 'counter' ? final.value : 0);
        if (outcome.lost !== undefined) lost.push(outcome.lost);
        if (outcome.isOvercounted) overcounted.push(key);
        break;
      }
      default:
        assertNever(kind);
    }
  }
  return { acknowledged, lost, lostCount: lost.reduce((sum, entry) => sum + entry.count, 0), overcounted };
}

function lostAppends(writes: readonly Operation[], finalValues: readonly string[]): LostWrite[] {
  const present = new Set(finalValues.flatMap((value) => tokensOf(value, 0)));
  const lost: LostWrite[] = [];
  for (const write of writes) {
    const token = appendedToken(write);
    if (write.completion === 'ok' && !present.has(token)) lost.push({ operation: write, reason: `token ${JSON.stringify(token)} is in no final value`, count: 1 });
  }
  return lost;
}

function lostAdds(writes: readonly Operation[], finalElements: readonly string[]): LostWrite[] {
  const present = new Set(finalElements);
  const removed = new Set(writes.filter((write) => write.f === 'remove').map((write) => elementOf(write)));
  const lost: LostWrite[] = [];
  for (const write of writes) {
    if (write.f !== 'add' || write.completion !== 'ok') continue;
    const element = elementOf(write);
    if (!present.has(element) && !removed.has(element)) lost.push({ operation: write, reason: `element ${JSON.stringify(element)} is not in the final set and was never removed`, count: 1 });
  }
  return lost;
}

function elementOf(write: Operation): string {
  if (typeof write.input === 'string') return write.input;
  throw new RangeError(`line ${write.invokeLine}: expected a set ${write.f} of a string element, got ${formatHistoryValue(write.input)}`);
}

/**
 * The final value must lie between the acknowledged increments plus every unknown one
 * that lowers it, and the acknowledged ones plus every unknown one that raises it.
 */
function counterOutcome(writes: readonly Operation[], finalValue: number): { lost: LostWrite | undefined; isOvercounted: boolean } {
  let acknowledgedSum = 0;
  let unknownDown = 0;
  let unknownUp = 0;
  let lastAcknowledged: Operation | undefined;
  for (const write of writes) {
    const delta = write.input;
    if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) throw new RangeError(`line ${write.invokeLine}: expected an increment by an integer, got ${formatHistoryValue(delta)}`);
    if (write.completion === 'ok') {
      acknowledgedSum += delta;
      lastAcknowledged = write;
    } else if (write.completion === 'info' || write.completion === 'pending') {
      if (delta < 0) unknownDown += delta;
      else unknownUp += delta;
    }
  }
  const lowest = acknowledgedSum + unknownDown;
  const shortfall = lowest - finalValue;
  const lost =
    shortfall > 0 && lastAcknowledged !== undefined
      ? { operation: lastAcknowledged, reason: `final value ${finalValue} is ${shortfall} below the ${lowest} the acknowledged increments add up to`, count: shortfall }
      : undefined;
  return { lost, isOvercounted: finalValue > acknowledgedSum + unknownUp };
}
