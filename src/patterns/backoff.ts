// Exponential backoff with a cap and jitter, as in the AWS Architecture Blog's
// "Exponential Backoff And Jitter". Rule: delays are whole microseconds drawn with
// integer helpers from a seeded stream, and backoffBounds states exactly the range each
// jitter mode may draw from, so tests can hold every delay to it.
//
// With base(n) = min(maxDelayUs, initialDelayUs * multiplier^(n-1)) for retry n:
//   none:         base(n)
//   full:         uniform in [0, base(n)]
//   equal:        base(n) - floor(base(n)/2) + uniform in [0, floor(base(n)/2)]
//   decorrelated: uniform in [initialDelayUs, min(maxDelayUs, 3 * previous delay)]
//                 (the previous delay of the first retry counts as initialDelayUs)
import { assertNever } from '../engine/assert-never.ts';
import type { Random } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { checkDuration, checkNumber, checkOneOf } from './settings-check.ts';

export const JITTER_MODES = ['none', 'full', 'equal', 'decorrelated'] as const;
export type JitterMode = (typeof JITTER_MODES)[number];

/** Decorrelated jitter grows at most this much from one delay to the next. */
export const DECORRELATED_GROWTH = 3;

export interface BackoffSettings {
  /** The delay before the first retry (before jitter). */
  readonly initialDelayUs: Micros;
  /** No delay is longer than this. */
  readonly maxDelayUs: Micros;
  /** Growth per retry, from 1 (constant) to 100. */
  readonly multiplier: number;
  readonly jitter: JitterMode;
}

export interface DelayBounds {
  readonly minUs: Micros;
  readonly maxUs: Micros;
}

export function checkBackoff(pattern: string, settings: BackoffSettings): void {
  checkDuration(pattern, 'backoff.initialDelayUs', settings.initialDelayUs, 0);
  checkDuration(pattern, 'backoff.maxDelayUs', settings.maxDelayUs, 0);
  if (settings.maxDelayUs < settings.initialDelayUs) {
    throw new RangeError(
      `${pattern}: invalid backoff.maxDelayUs ${settings.maxDelayUs}: expected at least backoff.initialDelayUs (${settings.initialDelayUs})`,
    );
  }
  checkNumber(pattern, 'backoff.multiplier', settings.multiplier, 1, PATTERN_LIMITS.maxMultiplier);
  checkOneOf(pattern, 'backoff.jitter', settings.jitter, JITTER_MODES);
}

/** base(n): the capped exponential delay before retry `retry` (1 for the first retry). */
export function exponentialDelay(settings: BackoffSettings, retry: number): Micros {
  let delay = settings.initialDelayUs;
  // Repeated multiplication, stopped at the cap: no Math.pow, and at most maxAttempts steps.
  for (let step = 1; step < retry && delay < settings.maxDelayUs; step++) delay *= settings.multiplier;
  return Math.min(settings.maxDelayUs, Math.round(delay));
}

/** The range the delay before retry `retry` is drawn from, given the delay before the previous retry. */
export function backoffBounds(settings: BackoffSettings, retry: number, previousDelayUs: Micros): DelayBounds {
  switch (settings.jitter) {
    case 'none': {
      const base = exponentialDelay(settings, retry);
      return { minUs: base, maxUs: base };
    }
    case 'full':
      return { minUs: 0, maxUs: exponentialDelay(settings, retry) };
    case 'equal': {
      const base = exponentialDelay(settings, retry);
      return { minUs: base - Math.floor(base / 2), maxUs: base };
    }
    case 'decorrelated': {
      const previous = retry === 1 ? settings.initialDelayUs : previousDelayUs;
      const grown = Math.min(settings.maxDelayUs, previous * DECORRELATED_GROWTH);
      return { minUs: settings.initialDelayUs, maxUs: Math.max(settings.initialDelayUs, grown) };
    }
    default:
      return assertNever(settings.jitter);
  }
}

/** Draws the delay before retry `retry` (1-based); `previousDelayUs` is the delay drawn before the previous retry. */
export function backoffDelay(settings: BackoffSettings, retry: number, previousDelayUs: Micros, random: Random): Micros {
  const { minUs, maxUs } = backoffBounds(settings, retry, previousDelayUs);
  return minUs === maxUs ? minUs : random.intInclusive(minUs, maxUs);
}
