// Measures sweep throughput for several worker counts (host script, not a test):
//   node --import tsx src/sweep/measure-sweep-speed.ts [SEEDS] [SCENARIO] [WORKER COUNTS] [ROUNDS]
//   e.g. node --import tsx src/sweep/measure-sweep-speed.ts 1..400 broadcast 1,2 5
// Rule: every pool is started and warmed before any clock starts, and the counts take
// turns round by round, so a burst of load from elsewhere hits them alike; the median
// round is reported. Start-up time is printed on its own. CPU time (all threads of this
// process) is printed too: seeds per CPU-second shows the library's overhead whatever the
// load, and CPU/wall shows how many cores the sweep actually got.
import { runSweep } from './run-sweep.ts';
import { formatSeedRange, parseSeedRange } from './seed-range.ts';
import { createSweepPool, type SweepPool } from './sweep-pool.ts';
import { parseWorkerCount } from './worker-count.ts';

const seeds = parseSeedRange(process.argv[2] ?? '1..400');
const scenario = process.argv[3] ?? 'broadcast';
const workerCounts = (process.argv[4] ?? '1,2').split(',').map(parseWorkerCount);
const rounds = parseWorkerCount(process.argv[5] ?? '5');
/** Seeds far from the measured ones, run first so every thread has compiled the hot code. */
const WARM_UP_SEEDS = { first: 1_000_000, last: 1_000_063 };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const pools = new Map<number, SweepPool>();
try {
  for (const workers of workerCounts) {
    const start = performance.now();
    const pool = createSweepPool(workers);
    pools.set(workers, pool);
    await runSweep({ scenario, seeds: WARM_UP_SEEDS, pool, batchSize: 4 });
    console.log(`workers=${workers}: started and warmed in ${(performance.now() - start).toFixed(0)} ms`);
  }
  const rates = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
  const perCpuSecond = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
  const coresUsed = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [workers, pool] of pools) {
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      const summary = await runSweep({ scenario, seeds, pool });
      const wallSeconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      rates.get(workers)?.push(summary.runs / wallSeconds);
      perCpuSecond.get(workers)?.push(summary.runs / cpuSeconds);
      coresUsed.get(workers)?.push(cpuSeconds / wallSeconds);
    }
  }
  const single = median(rates.get(1) ?? []);
  for (const [workers, values] of rates) {
    const rate = median(values);
    const speedUp = workers === 1 || Number.isNaN(single) ? '' : `, ${(rate / single).toFixed(2)}x 1 worker`;
    console.log(`${scenario} ${formatSeedRange(seeds)} workers=${workers}: ${rate.toFixed(0)} seeds/s (median of ${rounds}: ${values.map((value) => value.toFixed(0)).join(' ')})${speedUp}`);
    console.log(`  ${median(perCpuSecond.get(workers) ?? []).toFixed(0)} seeds per CPU-second, ${median(coresUsed.get(workers) ?? []).toFixed(2)} cores used (CPU time / wall time)`);
  }
} finally {
  await Promise.all([...pools.values()].map((pool) => pool.destroy()));
}
