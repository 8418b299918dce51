// `npm run bench:peers`: the ping-pong workload of the pingpong-100 case, side by side in
// Faultline, in a bare JavaScript event loop, and in SimPy 3 (callback style and process
// style), with Faultline's events/s over each. Rule: every side counts the same events
// (node starts, deliveries, ticks) over the same stretch of virtual time; SimPy draws
// from Python's generator, so it runs the same workload, not the same trace.
// Run: node --import tsx bench/peers.ts [--json] [--runs N] [--no-install]
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { medianOf } from './bare-loop-speed.ts';
import { runBarePingpong } from './bare-pingpong.ts';
import type { RunResult } from './bench-case.ts';
import { PINGPONG_EVENTS } from './cases.ts';
import { pingpongCase } from './pingpong.ts';
import { findSimpyPython, type SimpyPython } from './peers-simpy-python.ts';

/** The target issue 10 sets: Faultline at least this many times SimPy's callback style. */
export const PEER_RATIO_TARGET = 10;

const WARMUP_RUNS = 2;
const DEFAULT_RUNS = 5;
/** SimPy's process style is about ten times slower: it runs a quarter of the virtual time, three times. */
const PROCESS_STYLE_TIME_SHARE = 4;
const PROCESS_STYLE_RUNS = 3;
const SIMPY_SCRIPT = fileURLToPath(new URL('./peers/simpy_pingpong.py', import.meta.url));

type SimpyStyle = 'callback' | 'process';

export interface PeerMeasurement {
  readonly name: string;
  readonly events: number;
  readonly virtualTimeUs: number;
  readonly eventsPerSec: number;
  /** Faultline's events/s over this one's (1 for Faultline itself). */
  readonly faultlineRatio: number;
  readonly runs: number;
}

interface PeerReport {
  readonly results: PeerMeasurement[];
  /** Why SimPy did not run, when it did not. */
  readonly simpySkipped?: string;
  readonly simpy?: { readonly version: string; readonly python: string; readonly executable: string };
  readonly target: { readonly versusSimpyCallback: number; readonly met: boolean | undefined };
}

interface PeerOptions {
  readonly json: boolean;
  readonly runs: number;
  readonly install: boolean;
}

const PEERS_HELP = `usage: npm run bench:peers -- [--json] [--runs N] [--no-install]

Runs the pingpong-100 workload in Faultline, in a bare JavaScript loop and in SimPy 3
(callback and process styles) and prints events/s and the ratios.

options
  --json          print the report as one JSON object
  --runs N        measured runs per side, median reported (default ${DEFAULT_RUNS}, 1 to 100)
  --no-install    do not install Debian's python3-simpy3 when SimPy is missing (skip it instead)
  -h, --help      show this help
`;

function parseOptions(argumentsList: readonly string[]): PeerOptions {
  let json = false;
  let runs = DEFAULT_RUNS;
  let install = true;
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === '--json') json = true;
    else if (argument === '--runs') runs = Number(argumentsList[++index] ?? Number.NaN);
    else if (argument === '--no-install') install = false;
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected --json, --runs N or --no-install`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new RangeError(`invalid --runs ${String(runs)}: expected an integer from 1 to 100`);
  return { json, runs, install };
}

/** The virtual time a run ended at, from the fingerprint both ping-pong sides print ("time 123us ..."). */
function virtualTimeOf(result: RunResult): number {
  const match = /^time (\d+)us /.exec(result.fingerprint);
  if (match === null) throw new Error(`peers: cannot read the end time from the ping-pong fingerprint ${JSON.stringify(result.fingerprint)}`);
  return Number(match[1]);
}

/** Median events/s of `runs` timed runs after warm-up; every run must simulate the same thing. */
function measureJavaScript(name: string, run: () => RunResult, runs: number): Omit<PeerMeasurement, 'faultlineRatio'> {
  let reference: RunResult | undefined;
  for (let warmup = 0; warmup < WARMUP_RUNS; warmup++) reference = run();
  const expected = reference as RunResult;
  const seconds: number[] = [];
  for (let index = 0; index < runs; index++) {
    const startMs = performance.now();
    const result = run();
    seconds.push((performance.now() - startMs) / 1000);
    if (result.fingerprint !== expected.fingerprint) throw new Error(`peers: ${name} simulated something else in a timed run`);
  }
  return { name, events: expected.events, virtualTimeUs: virtualTimeOf(expected), eventsPerSec: Math.round(expected.events / medianOf(seconds)), runs };
}

function measureSimpy(python: Extract<SimpyPython, { kind: 'found' }>, style: SimpyStyle, untilUs: number, runs: number): Omit<PeerMeasurement, 'faultlineRatio'> {
  const child = spawnSync(python.executable, [SIMPY_SCRIPT, '--style', style, '--until-us', String(untilUs), '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`peers: ${SIMPY_SCRIPT} --style ${style} failed (exit ${String(child.status)})`);
  const output = JSON.parse(child.stdout) as { events: number; seconds: number[] };
  return { name: `simpy-${style}`, events: output.events, virtualTimeUs: untilUs, eventsPerSec: Math.round(output.events / medianOf(output.seconds)), runs };
}

function measurePeers(options: PeerOptions): PeerReport {
  const log = (line: string): void => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  log('measuring Faultline and the bare loop on pingpong-100...');
  const faultline = measureJavaScript('faultline', pingpongCase('default', PINGPONG_EVENTS).runEngine, options.runs);
  const bare = measureJavaScript('bare-js-loop', () => runBarePingpong(PINGPONG_EVENTS), options.runs);
  const measured = [faultline, bare];
  const python = findSimpyPython(options.install, log);
  let simpy: PeerReport['simpy'];
  if (python.kind === 'found') {
    simpy = { version: python.simpyVersion, python: python.pythonVersion, executable: python.executable };
    log(`measuring SimPy ${python.simpyVersion} (Python ${python.pythonVersion}), callback style...`);
    measured.push(measureSimpy(python, 'callback', faultline.virtualTimeUs, options.runs));
    log('measuring SimPy, process style...');
    measured.push(measureSimpy(python, 'process', Math.round(faultline.virtualTimeUs / PROCESS_STYLE_TIME_SHARE), PROCESS_STYLE_RUNS));
  }
  const results = measured.map((result) => ({ ...result, faultlineRatio: Math.round((faultline.eventsPerSec / result.eventsPerSec) * 100) / 100 }));
  const callback = results.find((result) => result.name === 'simpy-callback');
  return {
    results,
    ...(python.kind === 'skipped' ? { simpySkipped: python.reason } : {}),
    ...(simpy === undefined ? {} : { simpy }),
    target: { versusSimpyCallback: PEER_RATIO_TARGET, met: callback === undefined ? undefined : callback.faultlineRatio >= PEER_RATIO_TARGET },
  };
}

export function formatPeerTable(report: PeerReport): string {
  const header = ['peer', 'events', 'virtual time', 'events/s', 'Faultline is', 'runs'];
  const rows = report.results.map((result) => [
    result.name,
    result.events.toLocaleString('en-US'),
    `${(result.virtualTimeUs / 1000).toFixed(1)} ms`,
    result.eventsPerSec.toLocaleString('en-US'),
    result.name === 'faultline' ? '-' : `${result.faultlineRatio.toFixed(2)}x`,
    String(result.runs),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  if (report.simpy !== undefined) lines.push('', `SimPy ${report.simpy.version} on Python ${report.simpy.python} (${report.simpy.executable}).`);
  if (report.simpySkipped !== undefined) lines.push('', `SimPy skipped: ${report.simpySkipped}`);
  if (report.target.met !== undefined) {
    lines.push(`Target: Faultline >= ${report.target.versusSimpyCallback}x SimPy's callback style: ${report.target.met ? 'met' : 'NOT met'}.`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argumentsList = process.argv.slice(2);
  if (argumentsList.includes('--help') || argumentsList.includes('-h')) {
    process.stdout.write(PEERS_HELP);
  } else {
    let options: PeerOptions | undefined;
    try {
      options = parseOptions(argumentsList);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      process.stderr.write(`bench:peers: ${error.message}\n`); // bad input: one line, exit 2, no stack
      process.exitCode = 2;
    }
    if (options !== undefined) {
      const report = measurePeers(options);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatPeerTable(report));
    }
  }
}
