// `npm run bench`: measures every case and prints a table, or with --json the
// results object; --out FILE also writes that object to FILE, and --compare FILE checks
// this run against a recorded one (exit 1 when a case is more than 15% slower).
// Rule: each engine, check-history, scale and long Raft case runs in its own child
// process (so one case's JIT feedback and heap never colour the next, and peak RSS is per
// case); `--case NAME` runs one engine case in this process, which is what profiling uses.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCases } from './cases.ts';
import { MEASURED_RUNS, measureCase, type CaseMeasurement } from './measure.ts';
import { formatTable } from './format-table.ts';
import { formatCheckHistoryTable, type CheckHistoryMeasurement } from './check-history.ts';
import { formatSweepTable, measureSweeps, SWEEP_CASES, sweepCaseFor, type SweepMeasurement } from './sweep.ts';
import { formatScaleTable, measureScaleCases, parseScaleSelection, type ScaleSelection } from './scale.ts';
import type { ScaleMeasurement } from './scale-broadcast.ts';
import { describeMachine, readBenchResults, type BenchResults } from './bench-results.ts';
import { bestOf, comparableFigures, compareFigures, formatComparison, slowerCases, type Comparison } from './compare-results.ts';
import { formatSeedSweep, measureKvCp, measureSeedSweep, RAFT_SEEDS_DEFAULT, type SeedSweepMeasurement, type SkippedCase } from './seed-sweep.ts';
import { formatRaftHour, type RaftHourMeasurement } from './raft-hour.ts';
import { formatRaftDay, type RaftDayMeasurement } from './raft-day.ts';
import { formatObsOverheadTable, type ObsOverheadMeasurement } from './obs-overhead.ts';

const MAX_RAFT_SEEDS = 1_000_000;
/** Worker counts the sweeps compare by default: this machine class has two cores. */
const DEFAULT_SWEEP_WORKERS: readonly number[] = [1, 2];
/** Most worker threads one sweep row may ask for (a 64-core machine's worth). */
const MAX_SWEEP_WORKERS = 64;
/** A case that looks slower than recorded is measured this many times more; the best figure counts. */
const CONFIRM_RERUNS = 2;

interface BenchOptions {
  readonly json: boolean;
  readonly caseName: string | undefined;
  readonly runs: number;
  /** --no-sweep skips the sweep cases (worker threads, ~15 s). */
  readonly sweep: boolean;
  /** --workers 1,2,4,8,16: the worker counts of the sweep rows (the first is the speed-up's base). */
  readonly sweepWorkers: readonly number[];
  /** --scale default (10k and 100k nodes, ~15 s), 1m (adds 1,000,000 nodes: minutes, ~3 GB) or off; --no-scale is off. */
  readonly scale: ScaleSelection;
  /** --raft-seeds N: seeds of `raft` on every worker (0 skips the case). */
  readonly raftSeeds: number;
  /** --no-raft-hour skips the virtual hour. */
  readonly raftHour: boolean;
  /** --no-kv-cp skips the kv-cp seeds. */
  readonly kvCp: boolean;
  /** --raft-day adds the virtual day (opt-in: ~80 s quiet, minutes loaded). */
  readonly raftDay: boolean;
  /** --no-obs skips the observability overhead case (~15 s). */
  readonly obs: boolean;
  readonly outPath: string | undefined;
  readonly comparePath: string | undefined;
}

const USAGE =
  'expected --json, --case NAME, --runs N, --no-sweep, --workers LIST, --scale default|1m|off, --no-scale, --raft-seeds N, --no-raft-hour, --no-kv-cp, --raft-day, --no-obs, --out FILE or --compare FILE';

function parseOptions(argumentsList: readonly string[]): BenchOptions {
  const options = { json: false, caseName: undefined as string | undefined, runs: MEASURED_RUNS, sweep: true, scale: 'default' as ScaleSelection, raftSeeds: RAFT_SEEDS_DEFAULT };
  const more = { sweepWorkers: DEFAULT_SWEEP_WORKERS, raftHour: true, kvCp: true, raftDay: false, obs: true, outPath: undefined as string | undefined, comparePath: undefined as string | undefined };
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    const value = (): string => {
      const next = argumentsList[++index];
      if (next === undefined) throw new RangeError(`${argument} needs a value: ${USAGE}`);
      return next;
    };
    if (argument === '--json') options.json = true;
    else if (argument === '--case') options.caseName = value();
    else if (argument === '--runs') options.runs = Number(value());
    else if (argument === '--no-sweep') options.sweep = false;
    else if (argument === '--workers') more.sweepWorkers = parseWorkerCounts(value());
    else if (argument === '--scale') options.scale = parseScaleSelection(value());
    else if (argument === '--no-scale') options.scale = 'off';
    else if (argument === '--raft-seeds') options.raftSeeds = Number(value());
    else if (argument === '--no-raft-hour') more.raftHour = false;
    else if (argument === '--no-kv-cp') more.kvCp = false;
    else if (argument === '--raft-day') more.raftDay = true;
    else if (argument === '--no-obs') more.obs = false;
    else if (argument === '--out') more.outPath = value();
    else if (argument === '--compare') more.comparePath = value();
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: ${USAGE}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 100) throw new RangeError(`invalid --runs ${String(options.runs)}: expected an integer from 1 to 100`);
  if (!Number.isInteger(options.raftSeeds) || options.raftSeeds < 0 || options.raftSeeds > MAX_RAFT_SEEDS) {
    throw new RangeError(`invalid --raft-seeds ${String(options.raftSeeds)}: expected an integer from 0 (skip) to ${MAX_RAFT_SEEDS}`);
  }
  const names = allCases().map((benchCase) => benchCase.name);
  if (options.caseName !== undefined && !names.includes(options.caseName)) {
    throw new RangeError(`unknown case ${JSON.stringify(options.caseName)}: expected one of ${names.join(', ')}`);
  }
  return { ...options, ...more };
}

/** `1,2,4,8,16`: distinct whole numbers from 1 to MAX_SWEEP_WORKERS, in increasing order. */
function parseWorkerCounts(text: string): readonly number[] {
  const counts = text.split(',').map((item) => (/^\d+$/.test(item) ? Number(item) : Number.NaN));
  const isIncreasing = counts.every((count, index) => index === 0 || count > (counts[index - 1] as number));
  if (!counts.every((count) => Number.isInteger(count) && count >= 1 && count <= MAX_SWEEP_WORKERS) || !isIncreasing) {
    throw new RangeError(`invalid --workers ${JSON.stringify(text)}: expected worker counts from 1 to ${MAX_SWEEP_WORKERS}, increasing, separated by commas (e.g. 1,2,4,8,16)`);
  }
  return counts;
}

/** Runs `script` in a child Node (tsx loaded, extra flags first) and parses the JSON it prints. */
function runChildJson<T>(label: string, script: string, scriptArguments: readonly string[], nodeFlags: readonly string[] = []): T {
  const child = spawnSync(process.execPath, [...nodeFlags, ...process.execArgv, script, ...scriptArguments], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 22,
  });
  if (child.status !== 0) throw new Error(`${label} failed (exit ${String(child.status)}${child.signal === null ? '' : `, ${child.signal}`})`);
  return JSON.parse(child.stdout) as T;
}

const benchScript = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** In a fresh process, as a one-shot `faultline check-history` runs, and as the other cases are measured. */
function measureCheckHistoryInChild(): CheckHistoryMeasurement {
  return runChildJson<CheckHistoryMeasurement>('check-history', benchScript('./check-history.ts'), ['--json']);
}

function measureRaftHourInChild(): RaftHourMeasurement {
  return runChildJson<RaftHourMeasurement>('raft-hour', benchScript('./raft-hour.ts'), ['--json']);
}

function measureInChild(name: string, runs: number): CaseMeasurement {
  const parsed = runChildJson<{ results: CaseMeasurement[] }>(`case ${name}`, benchScript('./run.ts'), ['--case', name, '--json', '--runs', String(runs)]);
  return parsed.results[0] as CaseMeasurement;
}

async function measureEverything(options: BenchOptions, log: (line: string) => void): Promise<BenchResults> {
  const cases = allCases();
  const results: CaseMeasurement[] = [];
  for (const benchCase of cases) {
    log(`measuring ${benchCase.name}...`);
    results.push(measureInChild(benchCase.name, options.runs));
  }
  const sweeps: SweepMeasurement[] = [];
  if (options.sweep) {
    for (const sweepCase of SWEEP_CASES) {
      log(`measuring sweeps of ${sweepCase.scenario} on ${options.sweepWorkers.join(', ')} workers...`);
      sweeps.push(...(await measureSweeps(sweepCaseFor(sweepCase, options.sweepWorkers), options.sweepWorkers)));
    }
  }
  log('measuring check-history...');
  const checkHistory = measureCheckHistoryInChild();
  const scale: ScaleMeasurement[] = measureScaleCases(options.scale, log);
  let raftSeeds: SeedSweepMeasurement | undefined;
  if (options.raftSeeds > 0) {
    log(`measuring ${options.raftSeeds} seeds of raft on every worker...`);
    raftSeeds = await measureSeedSweep(`raft-${options.raftSeeds}-seeds`, 'raft', options.raftSeeds);
  }
  let kvCp: SeedSweepMeasurement | SkippedCase | undefined;
  if (options.kvCp) {
    log('measuring kv-cp seeds on every worker...');
    kvCp = await measureKvCp();
  }
  let raftHour: RaftHourMeasurement | undefined;
  if (options.raftHour) {
    log('measuring one virtual hour of raft...');
    raftHour = measureRaftHourInChild();
  }
  let raftDay: RaftDayMeasurement | undefined;
  if (options.raftDay) {
    log('measuring one virtual day of raft (memory every virtual hour)...');
    raftDay = runChildJson<RaftDayMeasurement>('raft-day', benchScript('./raft-day.ts'), ['--json'], ['--expose-gc']);
  }
  let obsOverhead: ObsOverheadMeasurement[] | undefined;
  if (options.obs) {
    log('measuring what observing costs (all exports on)...');
    obsOverhead = runChildJson<ObsOverheadMeasurement[]>('obs-overhead', benchScript('./obs-overhead.ts'), ['--json']);
  }
  return { machine: describeMachine(), results, sweeps, checkHistory, scale, raftSeeds, kvCp, raftHour, raftDay, obsOverhead };
}

function formatEverything(results: BenchResults): string {
  const sections = [
    formatTable(results.results ?? [], allCases()),
    (results.sweeps ?? []).length > 0 ? formatSweepTable(results.sweeps ?? []) : '',
    results.checkHistory === undefined ? '' : formatCheckHistoryTable(results.checkHistory),
    formatScaleTable(results.scale ?? []),
    results.raftSeeds === undefined ? '' : formatSeedSweep(results.raftSeeds),
    results.kvCp === undefined ? '' : formatSeedSweep(results.kvCp),
    results.raftHour === undefined ? '' : formatRaftHour(results.raftHour),
    results.raftDay === undefined ? '' : formatRaftDay(results.raftDay),
    results.obsOverhead === undefined ? '' : formatObsOverheadTable(results.obsOverhead),
  ];
  const load = results.machine?.loadAverage;
  const machine = results.machine === undefined ? '' : `\nmachine: ${results.machine.cores} cores, ${results.machine.cpuModel}, Node ${results.machine.node}; load average ${load?.join(' ') ?? '?'} at the end\n`;
  return sections.join('') + machine;
}

const HELP = `usage: npm run bench -- [options]      (npm run --silent bench -- --json for machines)

Measures the engine against bare loops of the same work, seed sweeps with 1 and 2 workers,
the linearizability checker, broadcast at scale and Raft (10,000 seeds, a virtual hour),
and prints one table; bench/README.md and docs/performance.md explain every case.

options
  --json              print the results as one JSON object
  --case NAME         measure one engine case only, in this process
  --runs N            measured runs per engine case (median reported; default ${MEASURED_RUNS})
  --no-sweep          skip the 1- and 2-worker sweeps
  --workers LIST      worker counts of the sweeps (default 1,2; the first is the speed-up's
                      base); 1,2,4,8,16 measures the scaling curve on a 16-core machine
  --scale SELECTION   default (10,000 and 100,000 nodes), 1m (adds 1,000,000: minutes, ~3 GB) or off
  --no-scale          the same as --scale off
  --raft-seeds N      raft seeds with the nemesis on (default ${RAFT_SEEDS_DEFAULT}; 0 skips)
  --no-raft-hour      skip one virtual hour of Raft
  --no-kv-cp          skip the kv-cp seeds
  --raft-day          add one virtual day of Raft with memory sampled every virtual hour
  --no-obs            skip what observing costs (every export on; bench/obs-overhead.ts)
  --out FILE          also write the JSON results to FILE
  --compare FILE      compare with recorded results (bench/results/2-core-vm.json); exit 1
                      when a case is more than 15% slower
  -h, --help          show this help

exit codes: 0 measured (and no regression), 1 a regression under --compare, 2 bad input
`;

/** Bad input: one line naming what is wrong, exit 2, no stack. */
function refuse(error: unknown): number {
  if (!(error instanceof RangeError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  return 2;
}

async function main(): Promise<number> {
  const argumentsList = process.argv.slice(2);
  if (argumentsList.includes('--help') || argumentsList.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseOptions(argumentsList);
  } catch (error) {
    return refuse(error);
  }
  if (options.caseName !== undefined) {
    const benchCase = allCases().find((candidate) => candidate.name === options.caseName);
    const results = benchCase === undefined ? [] : [measureCase(benchCase, options.runs)];
    process.stdout.write(options.json ? `${JSON.stringify({ results }, null, 2)}\n` : formatTable(results, allCases()));
    return 0;
  }
  let recorded: BenchResults | undefined;
  try {
    recorded = options.comparePath === undefined ? undefined : readBenchResults(options.comparePath);
  } catch (error) {
    return refuse(error);
  }
  const results = await measureEverything(options, (line) => {
    if (!options.json) process.stderr.write(`${line}\n`);
  });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (options.outPath !== undefined) writeFileSync(options.outPath, json);
  process.stdout.write(options.json ? json : formatEverything(results));
  if (recorded === undefined || options.comparePath === undefined) return 0;
  const comparison = await compareConfirming(recorded, results, options, (line) => process.stderr.write(`${line}\n`));
  (options.json ? process.stderr : process.stdout).write(formatComparison(comparison, options.comparePath));
  return comparison.regressions > 0 ? 1 : 0;
}

/**
 * Compares, then measures again every case that looked slower and can be re-measured in
 * seconds (engine cases, sweeps, check-history, the Raft hour), CONFIRM_RERUNS times,
 * keeping each case's best figure: load only slows runs down, so a regression must show
 * in every measurement. The scale cases and the seed sweeps are not re-measured (minutes).
 */
async function compareConfirming(recorded: BenchResults, results: BenchResults, options: BenchOptions, log: (line: string) => void): Promise<Comparison> {
  const recordedFigures = comparableFigures(recorded);
  const first = compareFigures(recordedFigures, comparableFigures(results));
  const suspects = slowerCases(first).filter(isRemeasurable);
  if (suspects.length === 0) return first;
  log(`re-measuring ${suspects.join(', ')} (more than 15% slower than recorded in the first measurement), ${CONFIRM_RERUNS} more times...`);
  const measurements = [comparableFigures(results)];
  for (let rerun = 0; rerun < CONFIRM_RERUNS; rerun++) measurements.push(comparableFigures(await remeasure(suspects, options)));
  return compareFigures(recordedFigures, bestOf(measurements));
}

function isRemeasurable(name: string): boolean {
  return allCases().some((benchCase) => benchCase.name === name) || name.startsWith('sweep-') || name.startsWith('check-history') || name === 'raft-hour';
}

async function remeasure(names: readonly string[], options: BenchOptions): Promise<BenchResults> {
  const results = allCases()
    .filter((benchCase) => names.includes(benchCase.name))
    .map((benchCase) => measureInChild(benchCase.name, options.runs));
  const sweeps: SweepMeasurement[] = [];
  for (const sweepCase of SWEEP_CASES.filter((candidate) => names.some((name) => name.startsWith(`sweep-${candidate.scenario}-`)))) {
    sweeps.push(...(await measureSweeps(sweepCaseFor(sweepCase, options.sweepWorkers), options.sweepWorkers)));
  }
  const checkHistory = names.some((name) => name.startsWith('check-history')) ? measureCheckHistoryInChild() : undefined;
  const raftHour = names.includes('raft-hour') ? measureRaftHourInChild() : undefined;
  return { results, sweeps, checkHistory, raftHour };
}

process.exitCode = await main();
