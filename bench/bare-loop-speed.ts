// How fast this machine runs a bare event loop right now: the pingpong-100 baseline
// (bench/bare-pingpong.ts) timed in the calling thread. Cases with no bare loop of
// their own (the long Raft runs, the seed sweeps) time it between their runs and report
// their speed over it, a ratio that cancels most of the machine's speed and load, which
// `--compare` prefers to raw throughput. Rule: it measures, it never decides anything a
// simulation does.
import { performance } from 'node:perf_hooks';
import { runBarePingpong } from './bare-pingpong.ts';

/** Events in one timing: about 0.1 s on a 2-core VM. */
export const BARE_LOOP_EVENTS = 800_000;

/** Bare-loop events per second, from one timed run (the caller takes medians). */
export function timeBareLoop(): number {
  const startMs = performance.now();
  const result = runBarePingpong(BARE_LOOP_EVENTS);
  const seconds = (performance.now() - startMs) / 1000;
  if (result.events !== BARE_LOOP_EVENTS) throw new Error(`bare loop ran ${result.events} events, expected ${BARE_LOOP_EVENTS}`);
  return BARE_LOOP_EVENTS / seconds;
}

/** The median of `runs` timings, after one untimed warm-up run. */
export function bareLoopEventsPerSec(runs: number): number {
  runBarePingpong(BARE_LOOP_EVENTS);
  const rates = Array.from({ length: runs }, () => timeBareLoop());
  return medianOf(rates);
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
