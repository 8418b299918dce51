// Numbers as the panels print them: virtual time with a steady width, rates,
// percentages and counts. Rule: formats never change width as a number ticks up within
// its range, so the screen does not jitter.
import type { Micros } from '../engine/time.ts';
import { MICROS_PER_MS, MICROS_PER_SECOND } from '../engine/time.ts';

/** `2.350s`, or `350.0ms` in runs shorter than a second. */
export function formatClock(timeUs: Micros, runLengthUs: Micros): string {
  if (runLengthUs < MICROS_PER_SECOND) return `${(timeUs / MICROS_PER_MS).toFixed(1)}ms`;
  return `${(timeUs / MICROS_PER_SECOND).toFixed(3)}s`;
}

/** `8.9ms`, `450us`, `1.2s`. */
export function formatLatency(timeUs: Micros): string {
  if (timeUs < MICROS_PER_MS) return `${Math.round(timeUs)}us`;
  if (timeUs < MICROS_PER_SECOND) return `${(timeUs / MICROS_PER_MS).toFixed(1)}ms`;
  return `${(timeUs / MICROS_PER_SECOND).toFixed(1)}s`;
}

/** `0.05` as `5%`, `0.125` as `12.5%`. */
export function formatPercent(ratio: number): string {
  const percent = Math.round(ratio * 1000) / 10;
  return `${percent}%`;
}

/** `340`, `12.3k`, `4.5M`. */
export function formatCount(count: number): string {
  if (count < 10_000) return String(Math.round(count));
  if (count < 1_000_000) return `${(count / 1000).toFixed(1)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}
