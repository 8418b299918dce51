// Measures what observing a run costs, median of 5 runs (or --runs N) each after a warm-up, wall time
// and CPU time (other work may share the machine):
// - in-process: the scenario run with no observer, and with the collector plus every export
//   rendered and written to a file, as the CLI writes it (process.cpuUsage);
// - end to end (--cli): `faultline run NAME --seed 1` with and without all five --export
//   options, each in its own process, timed by /usr/bin/time (start-up included, as a user
//   sees it).
// `--trace-sample R` measures with head-based trace sampling (the CLI's --trace-sample);
// `--runs N` takes the median of N runs (default 5: more on a busy machine).
// `--phases` splits the in-process cost: the run with the collector watching, finish, and
// each export, median wall ms of each (where the time goes, for whoever optimises it).
// Not a test: `npx tsx test/obs/measure-overhead.ts [--cli | --phases] [--trace-sample R] [--runs N] [scenario ...]`.
// Host code: it reads the real clock.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_KINDS, renderExport, type ExportKind } from '../../src/obs/export-kind.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import { observabilityOf } from '../../src/obs/observability.ts';
import { RunCollector } from '../../src/obs/run-collector.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

const SEED = 1;

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function timed(work: () => void): Timing {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  work();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function plainRun(scenario: Scenario): void {
  new ScenarioRun(scenario, { seed: SEED }).run();
}

function exportedRun(scenario: Scenario): number {
  const run = new ScenarioRun(scenario, { seed: SEED });
  const collector = new RunCollector(observabilityOf(run.simulation), { seed: SEED, untilUs: run.untilUs, title: scenario.name, traceSampleRatio });
  run.simulation.trace.subscribe(collector.observer);
  const report = run.run();
  const observed = collector.finish(run.simulation.now, { verdict: report.verdict, violations: [] });
  let bytes = 0;
  for (const kind of EXPORT_KINDS) bytes += writtenExport(kind, observed);
  return bytes;
}

/** The same exported run, each phase timed on its own. */
function phasedRun(scenario: Scenario, into: Map<string, number[]>): void {
  const add = (phase: string, startMs: number): void => {
    const list = into.get(phase) ?? [];
    list.push(performance.now() - startMs);
    into.set(phase, list);
  };
  let startMs = performance.now();
  const run = new ScenarioRun(scenario, { seed: SEED });
  const collector = new RunCollector(observabilityOf(run.simulation), { seed: SEED, untilUs: run.untilUs, title: scenario.name, traceSampleRatio });
  run.simulation.trace.subscribe(collector.observer);
  const report = run.run();
  add('run+collect', startMs);
  startMs = performance.now();
  const observed = collector.finish(run.simulation.now, { verdict: report.verdict, violations: [] });
  add('finish', startMs);
  for (const kind of EXPORT_KINDS) {
    startMs = performance.now();
    writtenExport(kind, observed);
    add(kind, startMs);
  }
}

function measurePhases(name: string): void {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`);
  plainRun(scenario);
  phasedRun(scenario, new Map());
  const phases = new Map<string, number[]>();
  for (let index = 0; index < runs; index++) {
    const startMs = performance.now();
    plainRun(scenario);
    const list = phases.get('plain') ?? [];
    list.push(performance.now() - startMs);
    phases.set('plain', list);
    phasedRun(scenario, phases);
  }
  console.log(`${name.padEnd(12)} ${[...phases].map(([phase, values]) => `${phase} ${median(values).toFixed(1)}`).join(' | ')} (ms)`);
}

/** Scratch files the in-process exports are written to, as the CLI writes them (the write makes V8 flatten and encode the text). */
const exportScratch = mkdtempSync(join(tmpdir(), 'faultline-overhead-'));
process.on('exit', () => rmSync(exportScratch, { recursive: true, force: true }));

function writtenExport(kind: ExportKind, observed: ObservedRun): number {
  const buffer = Buffer.from(renderExport(kind, observed), 'utf8');
  writeFileSync(join(exportScratch, `export.${kind}`), buffer);
  return buffer.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((first, second) => first - second);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function measure(name: string): void {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`);
  plainRun(scenario);
  exportedRun(scenario);
  const plain: Timing[] = [];
  const exported: Timing[] = [];
  let bytes = 0;
  for (let index = 0; index < runs; index++) {
    plain.push(timed(() => plainRun(scenario)));
    exported.push(timed(() => (bytes = exportedRun(scenario))));
  }
  report(name, plain, exported, `${(bytes / 1e6).toFixed(1)} MB`);
}

/** One CLI run in its own process: wall and CPU (user + system) as /usr/bin/time reports them. */
function cliRun(name: string, exportOptions: readonly string[]): Timing {
  const child = spawnSync('/usr/bin/time', ['-f', 'timing %e %U %S', process.execPath, 'bin/faultline.js', 'run', name, '--seed', String(SEED), ...exportOptions], { encoding: 'utf8' });
  const match = /timing (\S+) (\S+) (\S+)/.exec(child.stderr);
  if (match === null) throw new Error(`faultline run ${name} gave no timing (exit ${String(child.status)}): ${child.stderr.slice(-400)}`);
  return { wallMs: Number(match[1]) * 1000, cpuMs: (Number(match[2]) + Number(match[3])) * 1000 };
}

function measureCli(name: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'faultline-overhead-'));
  try {
    const exportOptions = EXPORT_KINDS.flatMap((kind) => ['--export', `${kind}=${join(scratch, `export.${kind}`)}`]).concat(['--trace-sample', String(traceSampleRatio)]);
    cliRun(name, []);
    const plain: Timing[] = [];
    const exported: Timing[] = [];
    for (let index = 0; index < runs; index++) {
      plain.push(cliRun(name, []));
      exported.push(cliRun(name, exportOptions));
    }
    report(name, plain, exported, 'end to end');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function report(name: string, plain: readonly Timing[], exported: readonly Timing[], note: string): void {
  const plainWall = median(plain.map((timing) => timing.wallMs));
  const plainCpu = median(plain.map((timing) => timing.cpuMs));
  const exportWall = median(exported.map((timing) => timing.wallMs));
  const exportCpu = median(exported.map((timing) => timing.cpuMs));
  console.log(
    `${name.padEnd(12)} plain ${plainWall.toFixed(0).padStart(6)} ms wall ${plainCpu.toFixed(0).padStart(6)} ms cpu | all exports ${exportWall.toFixed(0).padStart(6)} ms wall ${exportCpu.toFixed(0).padStart(6)} ms cpu (${note}) | x${(exportWall / plainWall).toFixed(2)} wall x${(exportCpu / plainCpu).toFixed(2)} cpu`,
  );
}

const argumentsList = process.argv.slice(2);
const isCli = argumentsList.includes('--cli');
const isPhases = argumentsList.includes('--phases');
/** The indexes of the options that take a value, and of their values: the rest are scenario names. */
const optionIndexes = new Set<number>();
function optionValue(name: string): string | undefined {
  const at = argumentsList.indexOf(name);
  if (at < 0) return undefined;
  optionIndexes.add(at).add(at + 1);
  return argumentsList[at + 1];
}
const traceSampleRatio = Number(optionValue('--trace-sample') ?? 1);
const runs = Number(optionValue('--runs') ?? 5);
const names = argumentsList.filter((argument, index) => argument !== '--cli' && argument !== '--phases' && !optionIndexes.has(index));
console.log(`trace sample ratio ${traceSampleRatio}, median of ${runs} runs`);
for (const name of names.length === 0 ? ['retry-storm', 'cascade', 'raft', 'broadcast'] : names) {
  if (isCli) measureCli(name);
  else if (isPhases) measurePhases(name);
  else measure(name);
}
