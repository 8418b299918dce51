// Every benchmark case, in the order the table shows them. Rule: event counts are
// chosen so that one case (warm-up plus measured runs, both sides) takes about 1-3 s
// on a 2-core machine.
import type { BenchCase } from './bench-case.ts';
import { engineTimersCase } from './engine-timers.ts';
import { pingpongCase } from './pingpong.ts';

export const ENGINE_TIMER_EVENTS = 1_000_000;
export const PINGPONG_EVENTS = 800_000;

export function allCases(): BenchCase[] {
  return [
    engineTimersCase(ENGINE_TIMER_EVENTS),
    pingpongCase('default', PINGPONG_EVENTS),
    pingpongCase('hash-only', PINGPONG_EVENTS),
    pingpongCase('observed', PINGPONG_EVENTS),
  ];
}
