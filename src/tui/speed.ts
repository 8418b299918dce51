// Simulation speed: how many microseconds of virtual time pass per microsecond of
// wall-clock time, or as fast as the machine allows. Rule: the wall clock only decides
// how far the simulation advances between two frames, never what happens in it.
import type { Micros } from '../engine/time.ts';

export type Speed = number | 'max';

/** The settings + and - step through, slowest first. */
export const SPEEDS: readonly Speed[] = [0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000, 'max'];

export const DEFAULT_SPEED: Speed = 1;

export function fasterThan(speed: Speed): Speed {
  const index = indexOf(speed);
  return SPEEDS[Math.min(SPEEDS.length - 1, index + 1)] as Speed;
}

export function slowerThan(speed: Speed): Speed {
  const index = indexOf(speed);
  return SPEEDS[Math.max(0, index - 1)] as Speed;
}

/** `x1`, `x0.25`, `x100`, `max`. */
export function formatSpeed(speed: Speed): string {
  return speed === 'max' ? 'max' : `x${speed}`;
}

/** Reads `--speed`: one of the settings, written as formatSpeed writes it or as a bare number. */
export function parseSpeed(text: string): Speed {
  const trimmed = text.trim().replace(/^x/, '');
  const speed = trimmed === 'max' ? 'max' : Number(trimmed);
  if (!SPEEDS.includes(speed)) {
    throw new RangeError(`invalid speed ${JSON.stringify(text)}: expected one of ${SPEEDS.map(formatSpeed).join(', ')}`);
  }
  return speed;
}

/** Virtual time that passes in `wallMs` milliseconds at a scaled speed. */
export function virtualSpan(wallMs: number, speed: number): Micros {
  return Math.round(wallMs * 1000 * speed);
}

/** Nearest setting (a speed between two settings steps from the one below it). */
function indexOf(speed: Speed): number {
  if (speed === 'max') return SPEEDS.length - 1;
  let best = 0;
  SPEEDS.forEach((setting, index) => {
    if (setting !== 'max' && setting <= speed) best = index;
  });
  return best;
}
