// The 2PC coordinator's log: which trips it began, what it decided, which ones every
// participant has acknowledged. Rule: the decision is written (and forced) before any
// participant hears it; a trip begun but undecided at a crash is aborted on recovery
// (presumed abort: no participant can have committed what was never decided).
import { assertNever } from '../../engine/assert-never.ts';
import type { Trip, TripOutcome } from '../saga/trip.ts';

export type DecisionLogEntry =
  | { readonly kind: 'begun'; readonly trip: Trip }
  | { readonly kind: 'decided'; readonly tripId: string; readonly decision: TripOutcome }
  | { readonly kind: 'ended'; readonly tripId: string };

export interface TransactionState {
  readonly trip: Trip;
  decision: TripOutcome | undefined;
  isEnded: boolean;
}

export function applyDecisionEntry(states: Map<string, TransactionState>, entry: DecisionLogEntry): void {
  if (entry.kind === 'begun') {
    states.set(entry.trip.id, { trip: entry.trip, decision: undefined, isEnded: false });
    return;
  }
  const state = states.get(entry.tripId);
  if (state === undefined) throw new Error(`decision log: ${entry.kind} for trip ${entry.tripId}, which was never begun`);
  switch (entry.kind) {
    case 'decided':
      state.decision = entry.decision;
      break;
    case 'ended':
      state.isEnded = true;
      break;
    default:
      assertNever(entry);
  }
}
