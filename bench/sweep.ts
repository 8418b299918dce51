// The sweep cases: seeds per second for a scenario with 1 and 2 worker threads (or the
// counts `--workers` names, for a scaling curve on a bigger machine), and the speed-up (`raft`, whose seeds cost ~10 ms, for issue 10's 1.7x target; `broadcast`,
// whose seeds cost ~0.3 ms, for what the fixed cost per batch leaves). Rule: every pool
// is started and warmed before any clock starts, and the worker counts take turns round
// by round (so a burst of load from elsewhere hits them alike); the median round is
// reported, with the cores the sweep actually got (CPU time over wall time), which says
// whether a poor speed-up is the library or the machine.
import { runSweep } from '../src/sweep/run-sweep.ts';
import { createSweepPool, type SweepPool } from '../src/sweep/sweep-pool.ts';
import type { SeedRange } from '../src/sweep/seed-range.ts';

export interface SweepMeasurement {
  readonly name: string;
  readonly scenario: string;
  readonly workers: number;
  readonly seeds: number;
  readonly seedsPerSec: number;
  /** seedsPerSec over the 1-worker figure of the same run (1 for the 1-worker row). */
  readonly speedup: number;
  /** CPU seconds of all threads over wall seconds: how many cores the sweep really used. */
  readonly coresUsed: number;
  readonly rounds: number;
  readonly hasTarget: boolean;
}

/** Issue 3's and issue 10's target for 2 workers on a 2-core machine (for Raft seeds). */
export const SWEEP_SPEEDUP_TARGET = 1.7;

export interface SweepCase {
  readonly scenario: string;
  readonly seeds: SeedRange;
  readonly rounds: number;
  /** Whether the 1.7x target applies (Raft) or the row is information (broadcast). */
  readonly hasTarget: boolean;
}

/** The bench's sweep cases; each takes about 5-10 s on a 2-core machine. */
export const SWEEP_CASES: readonly SweepCase[] = [
  { scenario: 'raft', seeds: { first: 1, last: 240 }, rounds: 3, hasTarget: true },
  { scenario: 'broadcast', seeds: { first: 1, last: 1_200 }, rounds: 5, hasTarget: false },
];

/**
 * The case with enough seeds for its largest worker count: as many seeds per worker as
 * the 2-worker row gets, so that a 16-worker round is not over before the pool is busy.
 */
export function sweepCaseFor(sweepCase: SweepCase, workerCounts: readonly number[]): SweepCase {
  const factor = Math.max(1, Math.ceil(Math.max(...workerCounts) / 2));
  const seedCount = sweepCase.seeds.last - sweepCase.seeds.first + 1;
  return { ...sweepCase, seeds: { first: sweepCase.seeds.first, last: sweepCase.seeds.first + seedCount * factor - 1 } };
}

const WARM_UP_SEEDS: SeedRange = { first: 1_000_000, last: 1_000_127 };

export async function measureSweeps({ scenario, seeds, rounds, hasTarget }: SweepCase, workerCounts: readonly number[]): Promise<SweepMeasurement[]> {
  const pools = new Map<number, SweepPool>();
  try {
    for (const workers of workerCounts) {
      const pool = createSweepPool(workers);
      pools.set(workers, pool);
      await runSweep({ scenario, seeds: WARM_UP_SEEDS, pool, batchSize: 8 });
    }
    const rates = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
    const cores = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [workers, pool] of pools) {
        const cpuBefore = process.cpuUsage();
        const start = performance.now();
        const summary = await runSweep({ scenario, seeds, pool });
        const wallSeconds = (performance.now() - start) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        rates.get(workers)?.push(summary.runs / wallSeconds);
        cores.get(workers)?.push((cpu.user + cpu.system) / 1e6 / wallSeconds);
      }
    }
    // The speed-up's base is the first worker count (1 unless --workers says otherwise).
    const single = median(rates.get(workerCounts[0] ?? 1) ?? []);
    return workerCounts.map((workers) => {
      const seedsPerSec = median(rates.get(workers) ?? []);
      return {
        name: `sweep-${scenario}-${workers}w`,
        scenario,
        workers,
        seeds: seeds.last - seeds.first + 1,
        seedsPerSec: Math.round(seedsPerSec),
        speedup: Math.round((seedsPerSec / single) * 100) / 100,
        coresUsed: Math.round(median(cores.get(workers) ?? []) * 100) / 100,
        rounds,
        hasTarget,
      };
    });
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.destroy()));
  }
}

export function formatSweepTable(results: readonly SweepMeasurement[]): string {
  const rows = results.map((result) =>
    `${result.name.padEnd(24)} ${String(result.seedsPerSec).padStart(8)} seeds/s  ${result.speedup.toFixed(2)}x` +
    `${result.workers === 2 && result.hasTarget ? ` (target >= ${SWEEP_SPEEDUP_TARGET})` : '              '}  ${result.coresUsed.toFixed(2)} cores used  ${result.seeds} seeds x ${result.rounds} rounds`,
  );
  return ['', 'sweeps (seeds per second, median round)', ...rows, ''].join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
