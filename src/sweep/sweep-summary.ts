// What a sweep reports when it ends (or is interrupted). Rule: plain JSON-ready data in
// a stable field order; counts cover every seed of the selection that has a result,
// resumed ones included, while `runs` and `seedsPerSec` describe this invocation's work.
import type { SeedFailure } from './sweep-tally.ts';

export interface SweepSummary {
  readonly scenario: string;
  readonly paramsFingerprint: string;
  /** As typed: `1..10000` or `42`. */
  readonly seeds: string;
  /** `k/n`; `1/1` when the sweep is not sharded. */
  readonly shard: string;
  /** Seeds run by this invocation. */
  readonly runs: number;
  /** Seeds not run because the results file already had them (`--resume`). */
  readonly skipped: number;
  /** Over runs + skipped. */
  readonly passed: number;
  /** Over runs + skipped; crashes included. */
  readonly failed: number;
  /** Seeds whose run threw; a subset of `failed`. */
  readonly crashed: number;
  /** Ordered by seed; the lowest MAX_LISTED_FAILURES seeds. */
  readonly failures: readonly SeedFailure[];
  /** Failures counted but not listed. */
  readonly failuresNotListed: number;
  /** runs / elapsedSeconds, worker start-up included; one decimal. */
  readonly seedsPerSec: number;
  readonly elapsedSeconds: number;
  /** Worker threads used (0 when nothing was left to run). */
  readonly workers: number;
  /** True when stopped by the abort signal before every seed had a result. */
  readonly interrupted: boolean;
  /** Things the CLI should print, such as a broken last line removed from the results file. */
  readonly warnings: readonly string[];
}
