// What happened to every trip, seen from outside: what the coordinator asked for, what
// each service did, when locks were waited for and held. Services and coordinators write
// it in the same step as they act; checkers and figures only read it.
// Rule: the ledger is the scenario's notebook, never read by protocol code to decide
// anything (the one hook, onAfterPrepare, is for the scenario's crash trigger).
import type { Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { LockObserver } from './lock-table.ts';
import { SERVICES, type ServiceName, type Trip, type TripOutcome } from './trip.ts';

/**
 * A service's state for one trip. Saga: booked, refused (no room), cancelled (booking
 * undone, or cancelled before it was ever made). 2PC: prepared (holds the lock, in
 * doubt), committed, aborted.
 */
export type ServiceState = 'none' | 'booked' | 'refused' | 'cancelled' | 'prepared' | 'committed' | 'aborted';

export interface ServiceRecord {
  state: ServiceState;
  /** Book (saga) or prepare (2PC) requests the coordinator sent, retries included. */
  stepRequests: number;
  /** Cancel requests the orchestrator sent (saga). */
  compensationRequests: number;
  /** Bookings made: saga booked, 2PC committed. */
  bookingsMade: number;
  /** Times a made booking was undone (saga refunds); more than bookingsMade is a double refund. */
  bookingsUndone: number;
  /** 2PC: decided by the participant itself, not by the coordinator (a deliberate bug). */
  decidedAlone: boolean;
  /** 2PC: when it prepared (in doubt since then, until the decision came). */
  preparedAtUs: Micros | undefined;
}

export interface TripRecord {
  readonly trip: Trip;
  /** The coordinator's node. */
  readonly coordinator: NodeId;
  begunAtUs: Micros | undefined;
  endedAtUs: Micros | undefined;
  /** What the coordinator decided (2PC) or how the saga ended. */
  outcome: TripOutcome | undefined;
  readonly services: Record<ServiceName, ServiceRecord>;
}

/** States in which a service holds a booking for the trip. */
export function isHolding(state: ServiceState): boolean {
  return state === 'booked' || state === 'committed' || state === 'prepared';
}

function emptyServiceRecord(): ServiceRecord {
  return { state: 'none', stepRequests: 0, compensationRequests: 0, bookingsMade: 0, bookingsUndone: 0, decidedAlone: false, preparedAtUs: undefined };
}

export class BookingLedger {
  readonly trips = new Map<string, TripRecord>();
  readonly lockWaitsUs: Micros[] = [];
  readonly lockHoldsUs: Micros[] = [];
  /** 2PC: how long each participant stayed in doubt (prepared until the decision, or its own). */
  readonly inDoubtUs: Micros[] = [];
  /** Called when a coordinator has durably logged that a trip's first phase succeeded. */
  onAfterPrepare: ((coordinator: NodeId, tripId: string) => void) | undefined;
  readonly locks: LockObserver = {
    waited: (waitedUs) => this.lockWaitsUs.push(waitedUs),
    held: (heldUs) => this.lockHoldsUs.push(heldUs),
  };

  /** The travel agent hands the trip to `coordinator` (before it is begun). */
  expect(trip: Trip, coordinator: NodeId): TripRecord {
    let record = this.trips.get(trip.id);
    if (record === undefined) {
      const services = Object.fromEntries(SERVICES.map((service) => [service, emptyServiceRecord()])) as Record<ServiceName, ServiceRecord>;
      record = { trip, coordinator, begunAtUs: undefined, endedAtUs: undefined, outcome: undefined, services };
      this.trips.set(trip.id, record);
    }
    return record;
  }

  begun(trip: Trip, coordinator: NodeId, nowUs: Micros): void {
    const record = this.expect(trip, coordinator);
    record.begunAtUs ??= nowUs;
  }

  ended(tripId: string, outcome: TripOutcome, nowUs: Micros): void {
    const record = this.recordOf(tripId);
    record.outcome = outcome;
    record.endedAtUs ??= nowUs;
  }

  service(tripId: string, service: ServiceName): ServiceRecord {
    return this.recordOf(tripId).services[service];
  }

  afterPrepare(coordinator: NodeId, tripId: string): void {
    this.onAfterPrepare?.(coordinator, tripId);
  }

  private recordOf(tripId: string): TripRecord {
    const record = this.trips.get(tripId);
    if (record === undefined) throw new Error(`booking ledger: trip ${tripId} was never expected`);
    return record;
  }
}
