// The figures that compare booking designs, computed from the ledger at the end of a run.
// Rule: every figure is a number (compare averages them); times are in milliseconds to
// 0.1 ms, and a percentile of an empty sample is -1.
import { nearestRank } from '../../check/nearest-rank.ts';
import type { Micros } from '../../engine/time.ts';
import { describePartialTrip } from './booking-checks.ts';
import { isHolding, type BookingLedger } from './booking-ledger.ts';
import { SERVICES } from './trip.ts';

export const NO_SAMPLE = -1;

function toMs(valueUs: Micros): number {
  return Math.round(valueUs / 100) / 10;
}

/** Nearest-rank percentile in ms (a value some sample really had), or NO_SAMPLE. */
export function percentileMs(samplesUs: readonly Micros[], fraction: number): number {
  const value = nearestRank([...samplesUs].sort((a, b) => a - b), fraction);
  return value === undefined ? NO_SAMPLE : toMs(value);
}

export function maxMs(samplesUs: readonly Micros[]): number {
  let max = NO_SAMPLE;
  for (const sample of samplesUs) max = Math.max(max, toMs(sample));
  return max;
}

export function totalMs(samplesUs: readonly Micros[]): number {
  let total = 0;
  for (const sample of samplesUs) total += sample;
  return toMs(total);
}

export interface BookingFigures {
  readonly 'trips begun': number;
  readonly 'bookings completed': number;
  readonly 'bookings aborted': number;
  readonly unfinished: number;
  readonly 'partial bookings': number;
  /** Trips whose services do not all agree with one outcome (partial, never ended, or against the decision). */
  readonly 'all-or-nothing violations': number;
  readonly 'bookings undone': number;
  readonly 'blocked time total ms': number;
  readonly 'blocked time max ms': number;
  readonly 'lock hold p50 ms': number;
  readonly 'lock hold max ms': number;
  readonly 'trip time p50 ms': number;
  readonly 'trip time max ms': number;
  /** 2PC: the longest a participant held a lock not knowing the outcome (0 for a saga: its services never wait). */
  readonly 'in doubt max ms': number;
  readonly 'in doubt at end': number;
}

export function bookingFigures(ledger: BookingLedger): BookingFigures {
  const records = [...ledger.trips.values()];
  const begun = records.filter((record) => record.begunAtUs !== undefined);
  const tripTimesUs = begun.flatMap((record) => (record.endedAtUs === undefined ? [] : [record.endedAtUs - (record.begunAtUs as Micros)]));
  let undone = 0;
  let inDoubt = 0;
  for (const record of records) {
    for (const service of SERVICES) {
      undone += record.services[service].bookingsUndone;
      if (record.services[service].state === 'prepared') inDoubt++;
    }
  }
  // Blocked: a request waited for a lock another trip held (waits of zero were not blocked).
  const blockedUs = ledger.lockWaitsUs.filter((waitUs) => waitUs > 0);
  return {
    'trips begun': begun.length,
    'bookings completed': begun.filter((record) => record.outcome === 'committed').length,
    'bookings aborted': begun.filter((record) => record.outcome === 'aborted').length,
    unfinished: begun.filter((record) => record.outcome === undefined).length,
    'partial bookings': records.filter((record) => describePartialTrip(record) !== undefined && SERVICES.some((service) => isHolding(record.services[service].state))).length,
    'all-or-nothing violations': records.filter((record) => describePartialTrip(record) !== undefined).length,
    'bookings undone': undone,
    'blocked time total ms': totalMs(blockedUs),
    'blocked time max ms': blockedUs.length === 0 ? 0 : maxMs(blockedUs),
    'lock hold p50 ms': percentileMs(ledger.lockHoldsUs, 0.5),
    'lock hold max ms': maxMs(ledger.lockHoldsUs),
    'trip time p50 ms': percentileMs(tripTimesUs, 0.5),
    'trip time max ms': maxMs(tripTimesUs),
    'in doubt max ms': ledger.inDoubtUs.length === 0 ? 0 : maxMs(ledger.inDoubtUs),
    'in doubt at end': inDoubt,
  };
}
