// A trip: the booking both designs make, a flight, a hotel room and a car, all or none.
// Rule: the workload decides up front which step will find no room (if any), so the saga
// and two-phase commit see exactly the same failures; the services read it from the trip.
import type { Micros } from '../../engine/time.ts';

/** The services a trip books, in the order a saga books them (and compensates in reverse). */
export const SERVICES = ['flight', 'hotel', 'car'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Trip {
  /** Unique per design; the idempotency key of every request about the trip. */
  readonly id: string;
  /** Which flight, room and car (an item number per service): trips on the same item contend for its lock. */
  readonly items: Readonly<Record<ServiceName, number>>;
  /** The service that has no room for this trip: its step fails (saga) or it votes no (2PC). */
  readonly unavailableAt: ServiceName | 'none';
  /** When the travel agent asks for it. */
  readonly startAtUs: Micros;
}

/** What a trip ended as: all three booked, or none. */
export type TripOutcome = 'committed' | 'aborted';

/** The key a service locks for a trip: its item. */
export function lockKeyOf(trip: Trip, service: ServiceName): string {
  return `${service}-${trip.items[service]}`;
}
