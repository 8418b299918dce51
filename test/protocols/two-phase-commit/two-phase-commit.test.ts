// Two-phase commit on a quiet network: participants that voted yes stay in doubt,
// holding their locks, while the coordinator is down, and another coordinator's trip on
// the same items waits for the lock and aborts; the decision forced to the log before
// the crash is what they get after the restart; an undecided trip is aborted on
// recovery; and a participant that decides alone breaks atomicity.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { checkAllOrNothing } from '../../../src/protocols/saga/booking-checks.ts';
import { DECISION_LOG_KEY } from '../../../src/protocols/two-phase-commit/coordinator.ts';
import type { DecisionLogEntry } from '../../../src/protocols/two-phase-commit/decision-log.ts';
import { BookingWorld, trip } from '../saga/booking-world.ts';

const states = (world: BookingWorld, tripId: string): string[] => Object.values(world.ledger.trips.get(tripId)!.services).map((service) => service.state);

describe('two-phase commit', () => {
  it('commits at every participant when all vote yes, and aborts at every one when one votes no', () => {
    const world = new BookingWorld({ design: '2pc', trips: [[trip('T1'), trip('T2', { unavailableAt: 'hotel', startAtUs: ms(100), items: { flight: 1, hotel: 1, car: 1 } })]] });
    world.runUntil(seconds(1));
    expect(states(world, 'T1')).toEqual(['committed', 'committed', 'committed']);
    expect(states(world, 'T2')).toEqual(['aborted', 'aborted', 'aborted']);
    expect(world.ledger.trips.get('T2')!.outcome).toBe('aborted');
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('keeps the participants in doubt, holding their locks, while the coordinator is down; another trip on the same items aborts', () => {
    const other = trip('U1', { startAtUs: ms(200) });
    const world = new BookingWorld({ design: '2pc', trips: [[trip('T1')], [other]] });
    world.crashAfterPrepare(world.coordinators[0]!, seconds(1));
    world.runUntil(ms(900));
    expect(states(world, 'T1')).toEqual(['prepared', 'prepared', 'prepared']);
    expect(world.ledger.trips.get('T1')!.outcome).toBeUndefined();
    // U1 waited for each lock as long as a participant waits (100ms), then voted no.
    expect(world.ledger.trips.get('U1')!.outcome).toBe('aborted');
    expect(states(world, 'U1')).toEqual(['aborted', 'aborted', 'aborted']);
    expect(Math.max(...world.ledger.lockWaitsUs)).toBe(ms(100));
  });

  it('commits after the restart: the decision forced to the log before the crash survives it', () => {
    const world = new BookingWorld({ design: '2pc', trips: [[trip('T1')]] });
    const coordinator = world.coordinators[0]!;
    world.crashAfterPrepare(coordinator, seconds(1));
    world.runUntil(ms(500));
    expect(world.cluster.status(coordinator)).toBe('crashed');
    expect(world.logOf<DecisionLogEntry>(coordinator, DECISION_LOG_KEY).map((entry) => entry.kind)).toEqual(['begun', 'decided']);
    world.runUntil(seconds(2));
    expect(states(world, 'T1')).toEqual(['committed', 'committed', 'committed']);
    expect(world.ledger.trips.get('T1')!.outcome).toBe('committed');
    // In doubt from the prepare until the restarted coordinator said commit: about the downtime.
    expect(Math.min(...world.ledger.inDoubtUs)).toBeGreaterThanOrEqual(seconds(1) - ms(10));
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('aborts a trip that was begun but not decided when the coordinator crashed (presumed abort)', () => {
    const world = new BookingWorld({ design: '2pc', trips: [[trip('T1')]] });
    const coordinator = world.coordinators[0]!;
    // Crash while the votes are on their way back (prepare takes 3ms of work).
    world.simulation.scheduleAt(ms(6), () => world.cluster.crash(coordinator), undefined);
    world.simulation.scheduleAt(ms(500), () => world.cluster.restart(coordinator), undefined);
    world.runUntil(ms(400));
    expect(states(world, 'T1')).toEqual(['prepared', 'prepared', 'prepared']);
    world.runUntil(seconds(2));
    expect(states(world, 'T1')).toEqual(['aborted', 'aborted', 'aborted']);
    expect(world.ledger.trips.get('T1')!.outcome).toBe('aborted');
    expect(checkAllOrNothing(world.ledger)).toBeUndefined();
  });

  it('with a participant that decides alone after a timeout, a trip the coordinator committed is not booked', () => {
    const world = new BookingWorld({ design: '2pc', trips: [[trip('T1')]], decisionRule: 'decide-alone-after-timeout' });
    world.crashAfterPrepare(world.coordinators[0]!, seconds(1));
    world.runUntil(seconds(2));
    expect(world.ledger.trips.get('T1')!.outcome).toBe('committed');
    expect(Object.values(world.ledger.trips.get('T1')!.services).every((service) => service.decidedAlone)).toBe(true);
    expect(checkAllOrNothing(world.ledger)).toMatchObject({ message: 'trip T1 was booked, but flight aborted, hotel aborted, car aborted' });
  });
});
