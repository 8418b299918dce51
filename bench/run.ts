// `npm run bench`: measures every case and prints a table, or with --json the
// results object. Rule: each case runs in its own child process (so one case's JIT
// feedback and heap never colour the next, and peak RSS is per case); `--case NAME`
// runs one case in this process, which is what profiling uses.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { allCases } from './cases.ts';
import { MEASURED_RUNS, measureCase, type CaseMeasurement } from './measure.ts';
import { formatTable } from './format-table.ts';
import { formatCheckHistoryTable, measureCheckHistory } from './check-history.ts';
import { formatSweepTable, measureSweeps, type SweepMeasurement } from './sweep.ts';
import { formatScaleTable, measureScaleCases, parseScaleSelection, type ScaleSelection } from './scale.ts';
import type { ScaleMeasurement } from './scale-broadcast.ts';

/** The sweep case: broadcast seeds on 1 and 2 workers. */
const SWEEP_SCENARIO = 'broadcast';
const SWEEP_SEEDS = { first: 1, last: 600 };
const SWEEP_ROUNDS = 5;

interface BenchOptions {
  readonly json: boolean;
  readonly caseName: string | undefined;
  readonly runs: number;
  /** --no-sweep skips the sweep case (it needs worker threads and ~10 s). */
  readonly sweep: boolean;
  /** --scale default (10k and 100k nodes, ~15 s), 1m (adds 1,000,000 nodes: minutes, ~3 GB) or off; --no-scale is off. */
  readonly scale: ScaleSelection;
}

function parseOptions(argumentsList: readonly string[]): BenchOptions {
  let json = false;
  let caseName: string | undefined;
  let runs = MEASURED_RUNS;
  let sweep = true;
  let scale: ScaleSelection = 'default';
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === '--json') json = true;
    else if (argument === '--case') caseName = argumentsList[++index];
    else if (argument === '--runs') runs = Number(argumentsList[++index]);
    else if (argument === '--no-sweep') sweep = false;
    else if (argument === '--scale') scale = parseScaleSelection(argumentsList[++index]);
    else if (argument === '--no-scale') scale = 'off';
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected --json, --case NAME, --runs N, --no-sweep, --scale default|1m|off or --no-scale`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new RangeError(`invalid --runs ${String(runs)}: expected an integer from 1 to 100`);
  const names = allCases().map((benchCase) => benchCase.name);
  if (caseName !== undefined && !names.includes(caseName)) {
    throw new RangeError(`unknown case ${JSON.stringify(caseName)}: expected one of ${names.join(', ')}`);
  }
  return { json, caseName, runs, sweep, scale };
}

function measureInChild(name: string, runs: number): CaseMeasurement {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--case', name, '--json', '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`case ${name} failed (exit ${String(child.status)})`);
  const parsed = JSON.parse(child.stdout) as { results: CaseMeasurement[] };
  return parsed.results[0] as CaseMeasurement;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cases = allCases();
  const results: CaseMeasurement[] = [];
  if (options.caseName !== undefined) {
    const benchCase = cases.find((candidate) => candidate.name === options.caseName);
    if (benchCase !== undefined) results.push(measureCase(benchCase, options.runs));
  } else {
    for (const benchCase of cases) {
      if (!options.json) process.stderr.write(`measuring ${benchCase.name}...\n`);
      results.push(measureInChild(benchCase.name, options.runs));
    }
  }
  let sweeps: SweepMeasurement[] = [];
  if (options.caseName === undefined && options.sweep) {
    if (!options.json) process.stderr.write(`measuring sweeps of ${SWEEP_SCENARIO} on 1 and 2 workers...\n`);
    sweeps = await measureSweeps(SWEEP_SCENARIO, SWEEP_SEEDS, [1, 2], SWEEP_ROUNDS);
  }
  const checkHistory = options.caseName === undefined ? measureCheckHistory() : undefined;
  const scale: ScaleMeasurement[] =
    options.caseName === undefined
      ? measureScaleCases(options.scale, (line) => {
          if (!options.json) process.stderr.write(`${line}\n`);
        })
      : [];
  if (options.json) process.stdout.write(`${JSON.stringify({ results, sweeps, checkHistory, scale }, null, 2)}\n`);
  else {
    const sections = [
      formatTable(results, cases),
      sweeps.length > 0 ? formatSweepTable(sweeps) : '',
      checkHistory === undefined ? '' : formatCheckHistoryTable(checkHistory),
      formatScaleTable(scale),
    ];
    process.stdout.write(sections.join(''));
  }
}

await main();
