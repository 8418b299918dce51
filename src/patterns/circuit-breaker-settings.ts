// The settings and states of a circuit breaker, as plain data. Rule: a state is a tagged
// union that serialises as it is (snapshots, the UI, reports), and every setting is
// checked when the breaker is built, naming the setting that is wrong.
import type { Micros } from '../engine/time.ts';
import type { CallResult } from '../node/call-result.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { checkDuration, checkInteger, checkNumber, checkOneOf } from './settings-check.ts';

/**
 * When a closed breaker opens:
 * - consecutive-failures: after `failures` failures in a row;
 * - failure-rate: when at least `threshold` of the last `windowSize` calls failed, once
 *   the window holds at least `minimumVolume` calls.
 */
export type TripRule =
  | { readonly kind: 'consecutive-failures'; readonly failures: number }
  | { readonly kind: 'failure-rate'; readonly threshold: number; readonly windowSize: number; readonly minimumVolume: number };

/**
 * How long an open breaker stays open before it lets probes through:
 * - fixed: always `durationUs`;
 * - adaptive, driver 'trips': `initialUs`, times `multiplier` on every re-trip (a failed
 *   probe), up to `maxUs`; back to `initialUs` once probes succeed and the breaker closes;
 * - adaptive, driver 'success-rate': the same, but each re-trip grows the time by
 *   1 + (multiplier - 1) * (failed fraction of the failure-rate window), so a dependency
 *   that half works is retried sooner than one that is down. Needs the failure-rate rule.
 */
export type AdaptiveDriver = 'trips' | 'success-rate';

export type OpenDuration =
  | { readonly kind: 'fixed'; readonly durationUs: Micros }
  | { readonly kind: 'adaptive'; readonly initialUs: Micros; readonly maxUs: Micros; readonly multiplier: number; readonly driver: AdaptiveDriver };

export interface CircuitBreakerSettings {
  readonly trip: TripRule;
  readonly openDuration: OpenDuration;
  /** Calls let through in one half-open period; the breaker closes when all of them succeed. */
  readonly halfOpenProbes: number;
  /** Which results count as failures (default: every one that is not ok). */
  readonly isFailure?: (result: CallResult<unknown>) => boolean;
  /** Shown in trace lines (default 'breaker'). */
  readonly name?: string;
}

export type CircuitState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly openedAtUs: Micros; readonly halfOpenAtUs: Micros; readonly openForUs: Micros }
  | { readonly kind: 'half-open'; readonly probesAdmitted: number; readonly probesSucceeded: number };

export type CircuitStateKind = CircuitState['kind'];

export function checkCircuitBreakerSettings(pattern: string, settings: CircuitBreakerSettings): void {
  checkTripRule(pattern, settings.trip);
  checkOpenDuration(pattern, settings.openDuration);
  checkInteger(pattern, 'halfOpenProbes', settings.halfOpenProbes, 1, PATTERN_LIMITS.maxHalfOpenProbes);
  if (settings.openDuration.kind === 'adaptive' && settings.openDuration.driver === 'success-rate' && settings.trip.kind !== 'failure-rate') {
    throw new RangeError(`${pattern}: invalid openDuration.driver "success-rate": it needs trip.kind "failure-rate", whose window it reads`);
  }
}

function checkTripRule(pattern: string, trip: TripRule): void {
  checkOneOf(pattern, 'trip.kind', trip.kind, ['consecutive-failures', 'failure-rate']);
  if (trip.kind === 'consecutive-failures') {
    checkInteger(pattern, 'trip.failures', trip.failures, 1, PATTERN_LIMITS.maxWindowSize);
    return;
  }
  if (typeof trip.threshold !== 'number' || !(trip.threshold > 0 && trip.threshold <= 1)) {
    throw new RangeError(`${pattern}: invalid trip.threshold ${String(trip.threshold)}: expected a failed fraction above 0 and at most 1`);
  }
  checkInteger(pattern, 'trip.windowSize', trip.windowSize, 1, PATTERN_LIMITS.maxWindowSize);
  checkInteger(pattern, 'trip.minimumVolume', trip.minimumVolume, 1, PATTERN_LIMITS.maxWindowSize);
  if (trip.windowSize < trip.minimumVolume) {
    throw new RangeError(
      `${pattern}: invalid trip.windowSize ${trip.windowSize}: expected at least trip.minimumVolume (${trip.minimumVolume}), or the breaker could never trip`,
    );
  }
}

function checkOpenDuration(pattern: string, open: OpenDuration): void {
  checkOneOf(pattern, 'openDuration.kind', open.kind, ['fixed', 'adaptive']);
  if (open.kind === 'fixed') {
    checkDuration(pattern, 'openDuration.durationUs', open.durationUs, 1);
    return;
  }
  checkDuration(pattern, 'openDuration.initialUs', open.initialUs, 1);
  checkDuration(pattern, 'openDuration.maxUs', open.maxUs, 1);
  if (open.maxUs < open.initialUs) {
    throw new RangeError(`${pattern}: invalid openDuration.maxUs ${open.maxUs}: expected at least openDuration.initialUs (${open.initialUs})`);
  }
  checkNumber(pattern, 'openDuration.multiplier', open.multiplier, 1, PATTERN_LIMITS.maxMultiplier);
  checkOneOf(pattern, 'openDuration.driver', open.driver, ['trips', 'success-rate']);
}
