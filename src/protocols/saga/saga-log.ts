// The saga log: every decision the orchestrator takes about a trip, written before it
// acts on it, and the state of each saga rebuilt from it after a crash.
// Rule: a step is logged as begun before its request leaves, so after a crash the
// orchestrator knows which steps may have happened; only those are ever compensated.
import { assertNever } from '../../engine/assert-never.ts';
import { SERVICES, type ServiceName, type Trip, type TripOutcome } from './trip.ts';

/** Why a step failed: the service said no (nothing happened), or no answer came (it may have happened). */
export type StepFailure = 'refused' | 'no-answer';

export type SagaLogEntry =
  | { readonly kind: 'begun'; readonly trip: Trip }
  | { readonly kind: 'step-begun'; readonly tripId: string; readonly service: ServiceName }
  | { readonly kind: 'step-done'; readonly tripId: string; readonly service: ServiceName }
  | { readonly kind: 'step-failed'; readonly tripId: string; readonly service: ServiceName; readonly failure: StepFailure }
  | { readonly kind: 'compensated'; readonly tripId: string; readonly service: ServiceName }
  | { readonly kind: 'ended'; readonly tripId: string; readonly outcome: TripOutcome };

/** 'every-step' is a deliberate bug: on failure, cancel all three services, begun or not. */
export type CompensationScope = 'begun-steps' | 'every-step';

export interface SagaState {
  readonly trip: Trip;
  readonly begun: Set<ServiceName>;
  readonly done: Set<ServiceName>;
  failed: { readonly service: ServiceName; readonly failure: StepFailure } | undefined;
  readonly compensated: Set<ServiceName>;
  outcome: TripOutcome | undefined;
}

export function newSagaState(trip: Trip): SagaState {
  return { trip, begun: new Set(), done: new Set(), failed: undefined, compensated: new Set(), outcome: undefined };
}

/** Applies one entry to the states (a 'begun' entry adds a saga). */
export function applySagaEntry(states: Map<string, SagaState>, entry: SagaLogEntry): void {
  if (entry.kind === 'begun') {
    states.set(entry.trip.id, newSagaState(entry.trip));
    return;
  }
  const state = states.get(entry.tripId);
  if (state === undefined) throw new Error(`saga log: ${entry.kind} for trip ${entry.tripId}, which was never begun`);
  switch (entry.kind) {
    case 'step-begun':
      state.begun.add(entry.service);
      break;
    case 'step-done':
      state.done.add(entry.service);
      break;
    case 'step-failed':
      state.failed = { service: entry.service, failure: entry.failure };
      break;
    case 'compensated':
      state.compensated.add(entry.service);
      break;
    case 'ended':
      state.outcome = entry.outcome;
      break;
    default:
      assertNever(entry);
  }
}

/**
 * The steps to undo, last booked first: every step that is done, and the failed step if
 * no answer came (it may have happened: cancel is safe either way). A step refused, or
 * never begun, did not happen and is not compensated (unless the scope is the bug).
 */
export function stepsToCompensate(state: SagaState, scope: CompensationScope): ServiceName[] {
  const mayHaveHappened = (service: ServiceName): boolean =>
    state.done.has(service) || (state.failed?.service === service && state.failed.failure === 'no-answer');
  return [...SERVICES].reverse().filter((service) => !state.compensated.has(service) && (scope === 'every-step' || mayHaveHappened(service)));
}
