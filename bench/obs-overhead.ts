// The observability overhead case (issue 8: "with all exports on, a run is at most 3 times
// slower"): each scenario run plainly, and with the collector subscribed and all five exports
// rendered and written to files as `faultline run --export` writes them. Rule: both sides run
// the same seed in one process after a warm-up, taking turns, and the figure is the median of
// the rounds' ratios (a round is the plain run and the observed run, each repeated back to
// back as many times as plain runs took to fill ROUND_MS once warm, the two sides taking
// turns going first), so a drift in the machine's speed moves both sides of a round
// together, and a run of a millisecond is timed over tens of runs, not one (a single short
// run's time is mostly timer and garbage-collection noise).
// Runs on its own: node --import tsx bench/obs-overhead.ts [--json] [--runs N] [--phases]
//   [--cli] [--trace-sample R] [scenario[@ratio] ...]
// --phases splits the observed run (run with the collector, finish, each export: where the
// time goes); --cli times `faultline run` end to end, each run its own process (start-up
// included, as a user waits for it). Host code: it reads the real clock and writes files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORT_KINDS, renderExport } from '../src/obs/export-kind.ts';
import { runWithExports } from '../src/cli/export-option.ts';
import { observabilityOf } from '../src/obs/observability.ts';
import { RunCollector } from '../src/obs/run-collector.ts';
import { isTraceSampleRatio } from '../src/obs/trace-sampling.ts';
import type { Scenario } from '../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../src/scenario/runner.ts';
import { findScenario } from '../scenarios/index.ts';
import { medianOf } from './bare-loop-speed.ts';

/** Issue 8's bound on observed / plain wall time. */
export const OBS_OVERHEAD_TARGET = 3;
const OBS_OVERHEAD_RUNS = 9;
/** What `npm run bench` measures: the request-heavy scenarios at full fidelity and at 0.1, Raft, and the flagship. */
export const OBS_OVERHEAD_CASES: readonly ObsOverheadCase[] = [
  { scenario: 'retry-storm', traceSampleRatio: 1 },
  { scenario: 'cascade', traceSampleRatio: 1 },
  { scenario: 'raft', traceSampleRatio: 1 },
  { scenario: 'cp-vs-ap', traceSampleRatio: 1 },
  { scenario: 'retry-storm', traceSampleRatio: 0.1 },
  { scenario: 'cascade', traceSampleRatio: 0.1 },
];
const SEED = 1;
/** How long the plain side of a round lasts at least: short runs are repeated to fill it. */
const ROUND_MS = 40;
/** Warm-up runs of each side before timing, so the timed runs use optimised code. */
const WARM_UP_RUNS = 3;
const MAX_REPEATS = 500;

interface ObsOverheadCase {
  readonly scenario: string;
  /** The --trace-sample ratio (1: every trace kept). */
  readonly traceSampleRatio: number;
}

export interface ObsOverheadMeasurement extends ObsOverheadCase {
  /** Median wall ms of the plain runs and of the observed runs. */
  readonly plainMs: number;
  readonly observedMs: number;
  /** Median of the rounds' observed / plain wall time. */
  readonly ratio: number;
  /** The smallest and largest round ratio. */
  readonly minRatio: number;
  readonly maxRatio: number;
  /** Bytes of the five exports together. */
  readonly exportBytes: number;
  readonly runs: number;
  /** Runs of each side per round (short runs are repeated to last ROUND_MS); absent in recordings made before rounds were repeated. */
  readonly repeats?: number;
}

/** Where the observed runs write their exports: one scratch folder per process, removed at exit. */
let scratchFolder: string | undefined;

function scratch(): string {
  if (scratchFolder === undefined) {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-obs-overhead-'));
    process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
    scratchFolder = folder;
  }
  return scratchFolder;
}

function scenarioNamed(name: string): Scenario {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new RangeError(`unknown scenario ${JSON.stringify(name)}`);
  return scenario;
}

function plainRun(scenario: Scenario): void {
  new ScenarioRun(scenario, { seed: SEED }).run();
}

/** Wall ms spent in each phase of one observed run, in order. */
type PhaseTimes = Map<string, number>;

/**
 * The observed run's steps one by one, as runWithExports takes them (the collector watching,
 * finish, every export rendered and written), each timed into `phases` (--phases).
 */
function phasedObservedRun(scenario: Scenario, traceSampleRatio: number, phases: PhaseTimes): void {
  let startMs = performance.now();
  const lap = (phase: string): void => {
    const nowMs = performance.now();
    phases.set(phase, nowMs - startMs);
    startMs = nowMs;
  };
  const run = new ScenarioRun(scenario, { seed: SEED });
  const collector = new RunCollector(observabilityOf(run.simulation), { seed: SEED, untilUs: run.untilUs, title: scenario.name, traceSampleRatio });
  run.simulation.trace.subscribe(collector.observer);
  const report = run.run();
  lap('run+collect');
  const observed = collector.finish(run.simulation.now, { verdict: report.verdict, violations: [] });
  lap('finish');
  for (const kind of EXPORT_KINDS) {
    writeFileSync(join(scratch(), `export.${kind}`), Buffer.from(renderExport(kind, observed), 'utf8'));
    lap(kind);
  }
}

function timedMs(work: () => void): number {
  const startMs = performance.now();
  work();
  return performance.now() - startMs;
}

/** The observed run exactly as `faultline run --export` makes it (src/cli/export-option.ts), every kind written. Returns the bytes written. */
function cliObservedRun(scenario: Scenario, traceSampleRatio: number): number {
  const targets = EXPORT_KINDS.map((kind) => ({ kind, path: join(scratch(), `export.${kind}`) }));
  const exported = runWithExports(scenario, { seed: SEED }, { targets, window: undefined, traceSampleRatio });
  return exported.written.reduce((bytes, file) => bytes + file.bytes, 0);
}

/**
 * Runs of each side per round: plain runs made back to back, on warm code, until they have
 * lasted ROUND_MS (at most MAX_REPEATS).
 */
function calibratedRepeats(scenario: Scenario): number {
  const startMs = performance.now();
  let count = 0;
  do {
    plainRun(scenario);
    count++;
  } while (performance.now() - startMs < ROUND_MS && count < MAX_REPEATS);
  return count;
}

/** Wall ms of one run of `run`, averaged over `repeats` runs back to back. */
function averageMs(repeats: number, run: () => void): number {
  return (
    timedMs(() => {
      for (let index = 0; index < repeats; index++) run();
    }) / repeats
  );
}

export function measureObsOverhead(benchCase: ObsOverheadCase, runs = OBS_OVERHEAD_RUNS): ObsOverheadMeasurement {
  const scenario = scenarioNamed(benchCase.scenario);
  let exportBytes = 0;
  const observedRun = (): void => {
    exportBytes = cliObservedRun(scenario, benchCase.traceSampleRatio);
  };
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    plainRun(scenario);
    observedRun();
  }
  const repeats = calibratedRepeats(scenario);
  const plain: number[] = [];
  const observed: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < runs; round++) {
    // Sides take turns going first: the side after the observed one collects its garbage.
    let plainMs: number;
    let observedMs: number;
    if (round % 2 === 0) {
      plainMs = averageMs(repeats, () => plainRun(scenario));
      observedMs = averageMs(repeats, observedRun);
    } else {
      observedMs = averageMs(repeats, observedRun);
      plainMs = averageMs(repeats, () => plainRun(scenario));
    }
    plain.push(plainMs);
    observed.push(observedMs);
    ratios.push(observedMs / plainMs);
  }
  const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;
  return {
    ...benchCase,
    plainMs: round(medianOf(plain), 2),
    observedMs: round(medianOf(observed), 2),
    ratio: round(medianOf(ratios), 2),
    minRatio: round(Math.min(...ratios), 2),
    maxRatio: round(Math.max(...ratios), 2),
    exportBytes,
    runs,
    repeats,
  };
}

/** Median wall ms of each phase of the observed run, with the plain run first (where the time goes). */
function measurePhases(benchCase: ObsOverheadCase, runs = OBS_OVERHEAD_RUNS): Map<string, number> {
  const scenario = scenarioNamed(benchCase.scenario);
  plainRun(scenario);
  phasedObservedRun(scenario, benchCase.traceSampleRatio, new Map());
  const samples = new Map<string, number[]>();
  const add = (phase: string, ms: number): void => {
    const values = samples.get(phase) ?? [];
    values.push(ms);
    samples.set(phase, values);
  };
  for (let round = 0; round < runs; round++) {
    add('plain', timedMs(() => plainRun(scenario)));
    const phases: PhaseTimes = new Map();
    phasedObservedRun(scenario, benchCase.traceSampleRatio, phases);
    for (const [phase, ms] of phases) add(phase, ms);
  }
  return new Map([...samples].map(([phase, values]) => [phase, medianOf(values)]));
}

/** `faultline run NAME` end to end, each run its own process: median wall ms without and with all five exports (start-up included). */
function measureCli(benchCase: ObsOverheadCase, runs: number): { readonly plainMs: number; readonly observedMs: number } {
  const exports = EXPORT_KINDS.flatMap((kind) => ['--export', `${kind}=${join(scratch(), `cli.${kind}`)}`]);
  const cliRun = (extra: readonly string[]): number => {
    const bin = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));
    const startMs = performance.now();
    const child = spawnSync(process.execPath, [bin, 'run', benchCase.scenario, '--seed', String(SEED), ...extra], { encoding: 'utf8' });
    const ms = performance.now() - startMs;
    if (child.status !== 0 && child.status !== 1) throw new Error(`faultline run ${benchCase.scenario} exited ${String(child.status)}: ${child.stderr.slice(-400)}`);
    return ms;
  };
  cliRun([]);
  const plain: number[] = [];
  const observed: number[] = [];
  for (let round = 0; round < runs; round++) {
    plain.push(cliRun([]));
    observed.push(cliRun([...exports, '--trace-sample', String(benchCase.traceSampleRatio)]));
  }
  return { plainMs: medianOf(plain), observedMs: medianOf(observed) };
}

export function formatObsOverheadTable(measurements: readonly ObsOverheadMeasurement[]): string {
  const header = `\nobservability overhead: all five exports written, in-process, median of rounds (target <= ${OBS_OVERHEAD_TARGET}x)\n`;
  const columns = 'scenario              sample   plain ms  observed ms   exports   ratio  (rounds: min..max)  runs a round  target';
  const rows = measurements.map((measurement) => {
    const verdict = measurement.ratio <= OBS_OVERHEAD_TARGET ? 'met' : 'NOT met';
    return [
      measurement.scenario.padEnd(20),
      String(measurement.traceSampleRatio).padStart(7),
      measurement.plainMs.toFixed(2).padStart(10),
      measurement.observedMs.toFixed(2).padStart(12),
      `${(measurement.exportBytes / 1e6).toFixed(1)} MB`.padStart(9),
      `${measurement.ratio.toFixed(2)}x`.padStart(7),
      `(${measurement.minRatio.toFixed(2)}..${measurement.maxRatio.toFixed(2)})`.padStart(20),
      // Recordings made before rounds were repeated have no repeats: one run a round.
      String(measurement.repeats ?? 1).padStart(12),
      ` ${verdict}`,
    ].join(' ');
  });
  return `${header}${columns}\n${rows.join('\n')}\n`;
}

/** `retry-storm` or `retry-storm@0.1`; `defaultRatio` applies when no ratio is given. */
function parseObsCase(text: string, defaultRatio: number): ObsOverheadCase {
  const [scenario = '', ratioText] = text.split('@');
  const traceSampleRatio = ratioText === undefined ? defaultRatio : Number(ratioText);
  if (!isTraceSampleRatio(traceSampleRatio)) throw new RangeError(`invalid trace sample ratio in ${JSON.stringify(text)}: expected a number above 0 and at most 1`);
  scenarioNamed(scenario);
  return { scenario, traceSampleRatio };
}

interface ScriptOptions {
  readonly mode: 'ratio' | 'phases' | 'cli';
  readonly json: boolean;
  readonly runs: number;
  readonly cases: readonly ObsOverheadCase[];
}

const USAGE = 'usage: node --import tsx bench/obs-overhead.ts [--json] [--runs N] [--phases | --cli] [--trace-sample R] [scenario[@ratio] ...]';

export function parseObsOverheadArguments(argumentsList: readonly string[]): ScriptOptions {
  let mode: ScriptOptions['mode'] = 'ratio';
  let json = false;
  let runs = OBS_OVERHEAD_RUNS;
  let defaultRatio = 1;
  const names: string[] = [];
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    const value = (): string => {
      const next = argumentsList[++index];
      if (next === undefined) throw new RangeError(`${argument} needs a value; ${USAGE}`);
      return next;
    };
    if (argument === '--json') json = true;
    else if (argument === '--phases') mode = 'phases';
    else if (argument === '--cli') mode = 'cli';
    else if (argument === '--runs') runs = Number(value());
    else if (argument === '--trace-sample') defaultRatio = Number(value());
    else if (argument.startsWith('--')) throw new RangeError(`unknown option ${JSON.stringify(argument)}; ${USAGE}`);
    else names.push(argument);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new RangeError(`invalid --runs ${String(runs)}: expected an integer from 1 to 100`);
  if (!isTraceSampleRatio(defaultRatio)) throw new RangeError(`invalid --trace-sample ${String(defaultRatio)}: expected a number above 0 and at most 1`);
  const cases = names.length === 0 ? OBS_OVERHEAD_CASES : names.map((name) => parseObsCase(name, defaultRatio));
  return { mode, json, runs, cases };
}

function main(argumentsList: readonly string[]): void {
  const options = parseObsOverheadArguments(argumentsList);
  if (options.mode === 'phases') {
    for (const benchCase of options.cases) {
      const phases = measurePhases(benchCase, options.runs);
      console.log(`${benchCase.scenario}@${benchCase.traceSampleRatio}: ${[...phases].map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(' | ')} (median ms)`);
    }
    return;
  }
  if (options.mode === 'cli') {
    for (const benchCase of options.cases) {
      const { plainMs, observedMs } = measureCli(benchCase, options.runs);
      console.log(`${benchCase.scenario}@${benchCase.traceSampleRatio}: faultline run ${plainMs.toFixed(0)} ms, with all exports ${observedMs.toFixed(0)} ms: ${(observedMs / plainMs).toFixed(2)}x (start-up included)`);
    }
    return;
  }
  const measurements = options.cases.map((benchCase) => measureObsOverhead(benchCase, options.runs));
  console.log(options.json ? JSON.stringify(measurements) : formatObsOverheadTable(measurements));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    console.error(`obs-overhead: ${error.message}`);
    process.exitCode = 2;
  }
}
