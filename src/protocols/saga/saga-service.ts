// A service a saga books (flight, hotel or car): `book` is one local transaction that
// holds the item's lock only while it runs and commits at once; `cancel` is the
// compensating transaction that undoes it. Nothing is held between the steps of a saga.
// Rule: both are idempotent per trip (an idempotency store in front, a state check
// inside), and a cancel that arrives before its booking leaves a tombstone, so a late
// booking is refused rather than made after its compensation already ran.
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import { callError, ok, type CallResult } from '../../node/call-result.ts';
import type { NodeBehavior } from '../../node/node-api.ts';
import { nodeContext, sleep, type Process } from '../../node/process.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import { idempotencyStore, type IdempotencyStore } from '../../patterns/idempotency.ts';
import type { BookingLedger } from './booking-ledger.ts';
import { LockTable } from './lock-table.ts';
import { lockKeyOf, type ServiceName, type Trip } from './trip.ts';

export type SagaServiceRequest = { readonly type: 'book'; readonly trip: Trip } | { readonly type: 'cancel'; readonly trip: Trip };

export type RefusalReason = 'no-room' | 'busy' | 'cancelled';

export type SagaServiceReply =
  | { readonly type: 'booked'; readonly tripId: string }
  | { readonly type: 'refused'; readonly tripId: string; readonly reason: RefusalReason }
  | { readonly type: 'cancelled'; readonly tripId: string };

/** 'not-idempotent' is a deliberate bug: cancel refunds every time it is asked. */
export type CompensationKind = 'idempotent' | 'not-idempotent';

export interface ServiceTiming {
  /** How long one local transaction takes. */
  readonly workUs: Micros;
  /** How long it takes when the service is slow (longer than the caller waits: a timeout). */
  readonly slowWorkUs: Micros;
  readonly slowProbability: number;
  /** How long a request waits for its item's lock before giving up. */
  readonly lockWaitUs: Micros;
}

export interface SagaServiceSettings {
  readonly service: ServiceName;
  readonly ledger: BookingLedger;
  readonly timing: ServiceTiming;
  readonly compensation: CompensationKind;
}

/** Results kept by the idempotency store: more than any run's trips, for longer than any run. */
export const SERVICE_IDEMPOTENCY = { maxEntries: 100_000, expiryUs: 3_600_000_000 } as const;

/** What the service's disk holds for a trip. */
type StoredBooking = 'booked' | 'refused' | 'cancelled' | 'cancelled-before-booking';

export function sagaServiceNode(settings: SagaServiceSettings): NodeBehavior<unknown, unknown> {
  const locks = new LockTable(settings.ledger.locks);
  const store = idempotencyStore({ ...SERVICE_IDEMPOTENCY, retention: 'durable', name: settings.service });
  return rpcNode<SagaServiceRequest, SagaServiceReply>({
    serve: (request) => serve(request, settings, locks, store),
  });
}

function serve(request: SagaServiceRequest, settings: SagaServiceSettings, locks: LockTable, store: IdempotencyStore): Process<CallResult<SagaServiceReply>> {
  const trip = request.trip;
  switch (request.type) {
    case 'book':
      // The store is outside the lock: copies of one booking wait for the first, and a "busy" answer is final.
      return store.execute(`book/${trip.id}`, () => underLock(trip, 'book', settings, locks, () => book(trip, settings)));
    case 'cancel':
      if (settings.compensation === 'not-idempotent') return underLock(trip, 'cancel', settings, locks, () => cancel(trip, settings));
      return underLock(trip, 'cancel', settings, locks, () => store.execute(`cancel/${trip.id}`, () => cancel(trip, settings)));
    default:
      return assertNever(request);
  }
}

/**
 * Runs one local transaction holding the item's lock. A booking that finds the item busy
 * is refused; a cancel hears an error and asks again (its lock is taken outside the
 * idempotency store, so the error is never stored as its answer).
 */
function* underLock(
  trip: Trip,
  type: SagaServiceRequest['type'],
  settings: SagaServiceSettings,
  locks: LockTable,
  transaction: () => Process<CallResult<SagaServiceReply>>,
): Process<CallResult<SagaServiceReply>> {
  const context = yield* nodeContext();
  const key = lockKeyOf(trip, settings.service);
  const owner = `${type} ${trip.id}`;
  // A repeat of a request still running holds no lock of its own: the idempotency store makes it wait for the first.
  if (locks.holderOf(key) === owner) return yield* transaction();
  if ((yield* locks.acquire(key, owner, settings.timing.lockWaitUs)) === 'timeout') {
    return type === 'book' ? ok({ type: 'refused', tripId: trip.id, reason: 'busy' }) : callError('remote', context.id, `${key} is locked`);
  }
  try {
    return yield* transaction();
  } finally {
    locks.release(key, owner, context.now);
  }
}

function* workTime(timing: ServiceTiming): Process<void> {
  const context = yield* nodeContext();
  yield* sleep(context.random.chance(timing.slowProbability) ? timing.slowWorkUs : timing.workUs);
}

function* book(trip: Trip, settings: SagaServiceSettings): Process<CallResult<SagaServiceReply>> {
  yield* workTime(settings.timing);
  const context = yield* nodeContext();
  const storageKey = `saga-booking/${trip.id}`;
  const stored = context.storage.get<StoredBooking>(storageKey);
  const record = settings.ledger.service(trip.id, settings.service);
  let reply: SagaServiceReply;
  if (stored === 'booked') {
    reply = { type: 'booked', tripId: trip.id };
  } else if (stored !== undefined) {
    reply = { type: 'refused', tripId: trip.id, reason: stored === 'refused' ? 'no-room' : 'cancelled' };
  } else if (trip.unavailableAt === settings.service) {
    context.storage.set(storageKey, 'refused' satisfies StoredBooking);
    record.state = 'refused';
    reply = { type: 'refused', tripId: trip.id, reason: 'no-room' };
  } else {
    context.storage.set(storageKey, 'booked' satisfies StoredBooking);
    record.state = 'booked';
    record.bookingsMade++;
    reply = { type: 'booked', tripId: trip.id };
  }
  return ok(reply);
}

function* cancel(trip: Trip, settings: SagaServiceSettings): Process<CallResult<SagaServiceReply>> {
  yield* workTime(settings.timing);
  const context = yield* nodeContext();
  const storageKey = `saga-booking/${trip.id}`;
  const stored = context.storage.get<StoredBooking>(storageKey);
  const record = settings.ledger.service(trip.id, settings.service);
  const refunds = settings.compensation === 'not-idempotent' ? stored === 'booked' || stored === 'cancelled' : stored === 'booked';
  if (refunds) {
    // bug === 'not-idempotent' refunds again a booking it has already cancelled.
    context.storage.set(storageKey, 'cancelled' satisfies StoredBooking);
    record.state = 'cancelled';
    record.bookingsUndone++;
  } else if (stored === undefined) {
    context.storage.set(storageKey, 'cancelled-before-booking' satisfies StoredBooking);
    record.state = 'cancelled';
  }
  return ok({ type: 'cancelled', tripId: trip.id });
}
