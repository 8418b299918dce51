// The saga orchestrator on a quiet network: a refused step is followed by the
// compensations of the steps booked before it, last first, and by nothing for steps that
// never happened; a crash after the first booking is survived through the durable saga
// log (and not without it); a step that answers late is retried and booked once.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { checkAllOrNothing, checkNoCompensationWithoutStep, checkUndoneOnce } from '../../../src/protocols/saga/booking-checks.ts';
import { SAGA_LOG_KEY } from '../../../src/protocols/saga/saga-orchestrator.ts';
import type { SagaLogEntry } from '../../../src/protocols/saga/saga-log.ts';
import { BookingWorld, TEST_TIMING, trip } from './booking-world.ts';

function compensationOrder(world: BookingWorld, tripId: string): string[] {
  return world
    .logOf<SagaLogEntry>(world.coordinators[0]!, SAGA_LOG_KEY)
    .flatMap((entry) => (entry.kind === 'compensated' && entry.tripId === tripId ? [entry.service] : []));
}

describe('saga orchestrator', () => {
  it('books all three steps and ends committed when every service has room', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1')]] });
    world.runUntil(seconds(1));
    const record = world.ledger.trips.get('T1')!;
    expect(record.outcome).toBe('committed');
    expect(Object.values(record.services).map((service) => service.state)).toEqual(['booked', 'booked', 'booked']);
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('compensates the booked steps in reverse order when the last step finds no room', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1', { unavailableAt: 'car' })]] });
    world.runUntil(seconds(1));
    expect(compensationOrder(world, 'T1')).toEqual(['hotel', 'flight']);
    const record = world.ledger.trips.get('T1')!;
    expect(record.outcome).toBe('aborted');
    expect(record.services.flight).toMatchObject({ state: 'cancelled', bookingsMade: 1, bookingsUndone: 1 });
    expect(record.services.car).toMatchObject({ state: 'refused', compensationRequests: 0 });
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('runs no compensation for a step that was refused or never begun', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1', { unavailableAt: 'hotel' })]] });
    world.runUntil(seconds(1));
    expect(compensationOrder(world, 'T1')).toEqual(['flight']);
    const services = world.ledger.trips.get('T1')!.services;
    expect(services.hotel).toMatchObject({ state: 'refused', compensationRequests: 0 });
    expect(services.car).toMatchObject({ state: 'none', stepRequests: 0, compensationRequests: 0 });
    expect(checkNoCompensationWithoutStep(world.ledger)).toBeUndefined();
  });

  it('with the every-step bug cancels steps never begun, and the check names them', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1', { unavailableAt: 'hotel' })]], compensationScope: 'every-step' });
    world.runUntil(seconds(1));
    expect(compensationOrder(world, 'T1')).toEqual(['car', 'hotel', 'flight']);
    expect(checkNoCompensationWithoutStep(world.ledger)).toMatchObject({ message: 'trip T1: compensated car, never asked to book' });
  });

  it('resumes from the durable saga log after a crash right after the first booking, and books each step once', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1')]] });
    const orchestrator = world.coordinators[0]!;
    world.crashAfterPrepare(orchestrator, ms(500));
    world.runUntil(ms(300));
    expect(world.cluster.status(orchestrator)).toBe('crashed');
    const record = world.ledger.trips.get('T1')!;
    expect(record.outcome).toBeUndefined();
    expect(Object.values(record.services).map((service) => service.state)).toEqual(['booked', 'none', 'none']);
    world.runUntil(seconds(2));
    expect(record.outcome).toBe('committed');
    expect(Object.values(record.services).map((service) => service.bookingsMade)).toEqual([1, 1, 1]);
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('resumes compensating after a crash: the flight booked before the crash is cancelled once', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1', { unavailableAt: 'hotel' })]] });
    world.crashAfterPrepare(world.coordinators[0]!, ms(500));
    world.runUntil(seconds(2));
    const record = world.ledger.trips.get('T1')!;
    expect(record.outcome).toBe('aborted');
    expect(record.services.flight).toMatchObject({ state: 'cancelled', bookingsMade: 1, bookingsUndone: 1 });
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('without a durable log forgets the saga in the crash and leaves the flight booked alone', () => {
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1')]], logRetention: 'volatile' });
    world.crashAfterPrepare(world.coordinators[0]!, ms(500));
    world.runUntil(seconds(3));
    expect(checkAllOrNothing(world.ledger)).toMatchObject({ message: 'trip T1 never ended: flight booked, hotel none, car none' });
  });

  it('retries a step that answers too late and books it once (the service is idempotent)', () => {
    const slow = { ...TEST_TIMING, workUs: ms(80) };
    const world = new BookingWorld({ design: 'saga', trips: [[trip('T1')]], timing: slow });
    world.runUntil(seconds(2));
    const record = world.ledger.trips.get('T1')!;
    expect(record.outcome).toBe('committed');
    expect(record.services.flight.stepRequests).toBeGreaterThan(1);
    expect(Object.values(record.services).map((service) => service.bookingsMade)).toEqual([1, 1, 1]);
    expect(checkUndoneOnce(world.ledger)).toBeUndefined();
  });

  it('refunds a retried cancel twice when the compensation is not idempotent, and once when it is', () => {
    const slow = { ...TEST_TIMING, workUs: ms(80) };
    const run = (compensation: 'idempotent' | 'not-idempotent'): BookingWorld => {
      const world = new BookingWorld({ design: 'saga', trips: [[trip('T1', { unavailableAt: 'car' })]], timing: slow, compensation });
      world.runUntil(seconds(3));
      return world;
    };
    expect(checkUndoneOnce(run('idempotent').ledger)).toBeUndefined();
    const buggy = run('not-idempotent');
    const hotel = buggy.ledger.trips.get('T1')!.services.hotel;
    expect(hotel.compensationRequests).toBeGreaterThan(1);
    expect(hotel.bookingsUndone).toBeGreaterThan(1);
    expect(checkUndoneOnce(buggy.ledger)).toMatchObject({ message: expect.stringMatching(`^trip T1: hotel booked 1 time\\(s\\), refunded ${hotel.bookingsUndone} times`) });
  });
});
