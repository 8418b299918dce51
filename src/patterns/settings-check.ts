// Checks for pattern settings. Rule: each check names the pattern, the setting, the
// value given and what is allowed, so a bad setting reads like a sentence:
// `retry: invalid maxAttempts 0: expected an integer from 1 to 100`.
import { formatDuration, type Micros } from '../engine/time.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';

export function checkInteger(pattern: string, setting: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${pattern}: invalid ${setting} ${String(value)}: expected an integer from ${min} to ${max}`);
  }
}

/** A duration in whole microseconds, from `min` up to the patterns' longest duration. */
export function checkDuration(pattern: string, setting: string, value: Micros, min: Micros): void {
  const max = PATTERN_LIMITS.maxDurationUs;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${pattern}: invalid ${setting} ${String(value)}: expected a duration in whole microseconds from ${min} to ${max} (${formatDuration(max)})`,
    );
  }
}

export function checkNumber(pattern: string, setting: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${pattern}: invalid ${setting} ${String(value)}: expected a number from ${min} to ${max}`);
  }
}

export function checkOneOf<T extends string>(pattern: string, setting: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new RangeError(`${pattern}: invalid ${setting} ${JSON.stringify(value)}: expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
  }
}

/** Policy names appear in trace lines; keep them short words. */
export function checkName(pattern: string, name: string): void {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9:._-]{0,63}$/i.test(name)) {
    throw new RangeError(`${pattern}: invalid name ${JSON.stringify(name)}: expected 1 to 64 letters, digits, '-', '_', '.', ':'`);
  }
}

/** How messages name a pattern: `retry`, or `retry to-payments` when it was given a name. */
export function describePattern(pattern: string, name: string | undefined): string {
  return name === undefined ? pattern : `${pattern} ${name}`;
}
