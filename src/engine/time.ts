// Virtual time: an integer count of microseconds since the run began.
// Rule: simulation code never reads the wall clock; it asks the simulation for `now`.

/** Virtual time or a duration, in whole microseconds. */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;

export function us(count: number): Micros {
  return Math.round(count);
}

export function ms(count: number): Micros {
  return Math.round(count * MICROS_PER_MS);
}

export function seconds(count: number): Micros {
  return Math.round(count * MICROS_PER_SECOND);
}

export function toMs(time: Micros): number {
  return time / MICROS_PER_MS;
}

/** Formats a time for people: `1.2s`, `350ms`, `12us`. */
export function formatDuration(time: Micros): string {
  if (time !== 0 && Math.abs(time) < MICROS_PER_MS) return `${time}us`;
  if (Math.abs(time) < MICROS_PER_SECOND) return `${trimNumber(time / MICROS_PER_MS)}ms`;
  return `${trimNumber(time / MICROS_PER_SECOND)}s`;
}

function trimNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The shortest exact form, which parseDuration reads back to the same value: `1500ms`, `2s`, `7us`. */
export function formatDurationExact(time: Micros): string {
  if (time !== 0 && time % MICROS_PER_SECOND === 0) return `${time / MICROS_PER_SECOND}s`;
  if (time % MICROS_PER_MS === 0) return `${time / MICROS_PER_MS}ms`;
  return `${time}us`;
}

const UNIT_MICROS: Readonly<Record<string, number>> = {
  us: 1,
  ms: MICROS_PER_MS,
  s: MICROS_PER_SECOND,
  m: 60 * MICROS_PER_SECOND,
  h: 3600 * MICROS_PER_SECOND,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/;

/**
 * Parses `250ms`, `30s`, `1.5m`, `2h` or `40us` into microseconds.
 * Throws a RangeError naming the bad text and the accepted forms.
 */
export function parseDuration(text: string): Micros {
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) {
    throw new RangeError(
      `invalid duration ${JSON.stringify(text)}: expected a number with a unit, one of us, ms, s, m, h (for example 250ms or 30s)`,
    );
  }
  const micros = Number(match[1]) * (UNIT_MICROS[match[2] as string] as number);
  if (!Number.isSafeInteger(Math.round(micros))) {
    throw new RangeError(`invalid duration ${JSON.stringify(text)}: too large`);
  }
  return Math.round(micros);
}
