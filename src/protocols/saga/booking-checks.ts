// The properties a booking design must keep, checked on the ledger from outside.
// Rule: each check returns what is wrong in words (naming the trip and the services), or
// undefined; it looks at every trip the agents handed over, begun or not.
import type { Problem } from '../../check/property.ts';
import { isHolding, type BookingLedger, type TripRecord } from './booking-ledger.ts';
import { SERVICES, type ServiceName } from './trip.ts';

/** Trips named in one message at most; the count covers the rest. */
export const MAX_TRIPS_NAMED = 3;

function servicesWhere(record: TripRecord, isMatch: (service: ServiceName) => boolean): ServiceName[] {
  return SERVICES.filter(isMatch);
}

function describeStates(record: TripRecord): string {
  return SERVICES.map((service) => `${service} ${record.services[service].state}`).join(', ');
}

/** One message for a list of findings about trips: the first few named, the rest counted. */
function report(findings: readonly string[], nodes: readonly number[]): Problem {
  if (findings.length === 0) return undefined;
  const more = findings.length > MAX_TRIPS_NAMED ? `; and ${findings.length - MAX_TRIPS_NAMED} more` : '';
  return { message: `${findings.slice(0, MAX_TRIPS_NAMED).join('; ')}${more}`, nodes };
}

/** What is wrong with one trip's end state, or undefined: every service agrees with one outcome. */
export function describePartialTrip(record: TripRecord): string | undefined {
  const holding = servicesWhere(record, (service) => isHolding(record.services[service].state));
  const id = record.trip.id;
  if (record.begunAtUs === undefined) return holding.length === 0 ? undefined : `trip ${id} was never begun, yet ${describeStates(record)}`;
  if (record.outcome === undefined) return `trip ${id} never ended: ${describeStates(record)}`;
  const isComplete = record.outcome === 'committed' ? holding.length === SERVICES.length : holding.length === 0;
  if (isComplete && servicesWhere(record, (service) => record.services[service].state === 'prepared').length === 0) return undefined;
  const decided = record.outcome === 'committed' ? 'was booked' : 'was called off';
  return `trip ${id} ${decided}, but ${describeStates(record)}`;
}

/** Every trip ends all booked or none: no partial booking, nothing left in doubt. */
export function checkAllOrNothing(ledger: BookingLedger): Problem {
  const findings: string[] = [];
  const nodes = new Set<number>();
  for (const record of ledger.trips.values()) {
    const problem = describePartialTrip(record);
    if (problem === undefined) continue;
    findings.push(problem);
    nodes.add(record.coordinator);
  }
  return report(findings, [...nodes]);
}

/** A compensation undoes a booking once: a second refund gives away money. */
export function checkUndoneOnce(ledger: BookingLedger): Problem {
  const findings: string[] = [];
  for (const record of ledger.trips.values()) {
    for (const service of SERVICES) {
      const { bookingsMade, bookingsUndone } = record.services[service];
      if (bookingsUndone > bookingsMade) findings.push(`trip ${record.trip.id}: ${service} booked ${bookingsMade} time(s), refunded ${bookingsUndone} times`);
    }
  }
  return report(findings, []);
}

/** The orchestrator compensates only steps it began: cancelling what it never asked for is a bug. */
export function checkNoCompensationWithoutStep(ledger: BookingLedger): Problem {
  const findings: string[] = [];
  const nodes = new Set<number>();
  for (const record of ledger.trips.values()) {
    const never = servicesWhere(record, (service) => record.services[service].compensationRequests > 0 && record.services[service].stepRequests === 0);
    if (never.length === 0) continue;
    findings.push(`trip ${record.trip.id}: compensated ${never.join(', ')}, never asked to book`);
    nodes.add(record.coordinator);
  }
  return report(findings, [...nodes]);
}
