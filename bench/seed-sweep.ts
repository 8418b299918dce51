// The seed-sweep cases: many seeds of one scenario through the sweep pool (src/sweep) on
// every core, counting violations: issue 5's 10,000 `raft` seeds with the nemesis on and
// no bug (zero violations expected), and 2,000 `kv-cp` seeds when that scenario is
// registered. Rule: the pool is started and warmed before the clock starts, so seeds/s
// is the sweep's steady rate; the bare loop is timed before and after in this thread, and
// seeds/s over it (per million bare-loop events/s) is the load-robust figure.
import { performance } from 'node:perf_hooks';
import { findScenario } from '../scenarios/index.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { createSweepPool } from '../src/sweep/sweep-pool.ts';
import type { SeedFailure } from '../src/sweep/sweep-tally.ts';
import { defaultWorkerCount } from '../src/sweep/worker-count.ts';
import { bareLoopEventsPerSec, medianOf } from './bare-loop-speed.ts';

export const RAFT_SEEDS_DEFAULT = 10_000;
export const KV_CP_SEEDS = 2_000;
/** Failures a measurement keeps (the sweep's summary lists up to 1,000). */
const LISTED_FAILURES = 5;
const WARM_UP_SEEDS_PER_WORKER = 4;
const WARM_UP_FIRST_SEED = 1_000_000_000;
const BARE_LOOP_RUNS = 3;

export interface SeedSweepMeasurement {
  readonly name: string;
  readonly scenario: string;
  readonly seeds: number;
  readonly workers: number;
  readonly wallSeconds: number;
  readonly seedsPerSec: number;
  /** CPU seconds of all threads over wall seconds. */
  readonly coresUsed: number;
  readonly passed: number;
  /** Violations (failed seeds), crashes included. */
  readonly failed: number;
  readonly crashed: number;
  readonly failures: readonly SeedFailure[];
  readonly baselineEventsPerSec: number;
  /** seedsPerSec per million bare-loop events/s: what --compare uses. */
  readonly ratio: number;
}

/** A case that could not run, and why. */
export interface SkippedCase {
  readonly name: string;
  readonly skipped: string;
}

export async function measureSeedSweep(name: string, scenario: string, seeds: number, workers = defaultWorkerCount()): Promise<SeedSweepMeasurement> {
  const pool = createSweepPool(workers);
  try {
    const warmUpLast = WARM_UP_FIRST_SEED + WARM_UP_SEEDS_PER_WORKER * workers - 1;
    await runSweep({ scenario, seeds: { first: WARM_UP_FIRST_SEED, last: warmUpLast }, pool, batchSize: 1 });
    const before = bareLoopEventsPerSec(BARE_LOOP_RUNS);
    const cpuBefore = process.cpuUsage();
    const startMs = performance.now();
    const summary = await runSweep({ scenario, seeds: { first: 1, last: seeds }, pool });
    const wallSeconds = (performance.now() - startMs) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const after = bareLoopEventsPerSec(BARE_LOOP_RUNS);
    const baselineEventsPerSec = medianOf([before, after]);
    const seedsPerSec = summary.runs / wallSeconds;
    return {
      name,
      scenario,
      seeds,
      workers: pool.workers,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      seedsPerSec: Math.round(seedsPerSec * 10) / 10,
      coresUsed: Math.round(((cpu.user + cpu.system) / 1e6 / wallSeconds) * 100) / 100,
      passed: summary.passed,
      failed: summary.failed,
      crashed: summary.crashed,
      failures: summary.failures.slice(0, LISTED_FAILURES),
      baselineEventsPerSec: Math.round(baselineEventsPerSec),
      ratio: Math.round((seedsPerSec / (baselineEventsPerSec / 1e6)) * 100) / 100,
    };
  } finally {
    await pool.destroy();
  }
}

/** The kv-cp case, or why it was skipped (the scenario is built by other work and may not be registered yet). */
export async function measureKvCp(seeds = KV_CP_SEEDS): Promise<SeedSweepMeasurement | SkippedCase> {
  const name = `kv-cp-${seeds}-seeds`;
  if (findScenario('kv-cp') === undefined) return { name, skipped: 'no kv-cp scenario is registered in scenarios/index.ts' };
  return measureSeedSweep(name, 'kv-cp', seeds);
}

export function formatSeedSweep(result: SeedSweepMeasurement | SkippedCase): string {
  if ('skipped' in result) return `\n${result.name}: skipped: ${result.skipped}\n`;
  const verdict = result.failed === 0 ? 'zero violations' : `${result.failed} VIOLATIONS (${result.crashed} crashes)`;
  const lines = [
    '',
    `${result.name}: ${result.seeds.toLocaleString('en-US')} seeds of ${result.scenario}, ${verdict}`,
    `  ${result.seedsPerSec.toLocaleString('en-US')} seeds/s on ${result.workers} workers (${result.coresUsed.toFixed(2)} cores used), ${result.wallSeconds} s; ` +
      `${result.ratio.toFixed(2)} seeds/s per M bare-loop events/s (bare loop ${result.baselineEventsPerSec.toLocaleString('en-US')} events/s)`,
    ...result.failures.map((failure) => `  seed ${failure.seed}: ${failure.property}: ${failure.message}  (${failure.replay})`),
    '',
  ];
  return lines.join('\n');
}
