// `npm run bench:peers`: the ping-pong workload of the pingpong-100 case, side by side in
// Faultline, in a bare JavaScript event loop, and in SimPy 3 (callback style and process
// style), with Faultline's events/s over each. Rule: every side counts the same events
// (node starts, deliveries, ticks) over the same stretch of virtual time; SimPy draws
// from Python's generator, so it runs the same workload, not the same trace. The three
// main sides take turns, round by round, each round in fresh processes (warm-up, then
// the median of a few timed runs), and each ratio is the median of the rounds' ratios:
// this VM's speed changes every few seconds and from one process to the next, and sides
// measured minutes apart, or all rounds in one Node process, gave ratios from 7x to 18x.
// Run: node --import tsx bench/peers.ts [--json] [--runs N] [--no-install]
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { medianOf } from './bare-loop-speed.ts';
import { PINGPONG_EVENTS } from './cases.ts';
import type { JavaScriptSide, JavaScriptSideRuns } from './peers-javascript-run.ts';
import { pingpongCase } from './pingpong.ts';
import { findSimpyPython, type SimpyPython } from './peers-simpy-python.ts';

/** The target issue 10 sets: Faultline at least this many times SimPy's callback style. */
export const PEER_RATIO_TARGET = 10;

/** Rounds: one process's speed is a draw on this VM (up to 2x apart), so a verdict needs several. */
const DEFAULT_RUNS = 9;
/** Timed runs in each side's process per round (after its warm-up); the round takes their median. */
const TIMED_RUNS_PER_PROCESS = 3;
/** SimPy's process style is about ten times slower: it runs a quarter of the virtual time, three times. */
const PROCESS_STYLE_TIME_SHARE = 4;
const PROCESS_STYLE_RUNS = 3;
const SIMPY_SCRIPT = fileURLToPath(new URL('./peers/simpy_pingpong.py', import.meta.url));
const JAVASCRIPT_SIDE_SCRIPT = fileURLToPath(new URL('./peers-javascript-run.ts', import.meta.url));

type SimpyStyle = 'callback' | 'process';

export interface PeerMeasurement {
  readonly name: string;
  readonly events: number;
  readonly virtualTimeUs: number;
  readonly eventsPerSec: number;
  /** Faultline's events/s over this one's (1 for Faultline itself). */
  readonly faultlineRatio: number;
  /** The per-round ratios' lower and upper quartiles: how far one round can be from the median. */
  readonly ratioQuartiles?: readonly [number, number];
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
  --runs N        rounds; in each, every side runs in turn in a fresh process (a warm-up,
                  then the median of ${TIMED_RUNS_PER_PROCESS} timed runs), and the median of the rounds'
                  ratios is reported (default ${DEFAULT_RUNS}, 1 to 100)
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
function virtualTimeOf(fingerprint: string): number {
  const match = /^time (\d+)us /.exec(fingerprint);
  if (match === null) throw new Error(`peers: cannot read the end time from the ping-pong fingerprint ${JSON.stringify(fingerprint)}`);
  return Number(match[1]);
}

/** One side of the comparison: its name and one round's timing, in seconds (a median), with what it simulated. */
interface Side {
  readonly name: string;
  readonly timedRun: () => { readonly seconds: number; readonly events: number; readonly virtualTimeUs: number };
}

/** A JavaScript side in a fresh Node process per round; every round must simulate exactly what the first did. */
function javaScriptSide(name: JavaScriptSide): Side {
  let expected: string | undefined;
  return {
    name,
    timedRun: () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', JAVASCRIPT_SIDE_SCRIPT, name, '--runs', String(TIMED_RUNS_PER_PROCESS)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      if (child.status !== 0) throw new Error(`peers: ${JAVASCRIPT_SIDE_SCRIPT} ${name} failed (exit ${String(child.status)})`);
      const output = JSON.parse(child.stdout) as JavaScriptSideRuns;
      expected ??= output.fingerprint;
      if (output.fingerprint !== expected) throw new Error(`peers: ${name} simulated something else in another round`);
      return { seconds: medianOf(output.seconds), events: output.events, virtualTimeUs: virtualTimeOf(output.fingerprint) };
    },
  };
}

/** SimPy in one style: a Python process per call (it warms up once, then times `runs` runs). */
function simpyRuns(python: Extract<SimpyPython, { kind: 'found' }>, style: SimpyStyle, untilUs: number, runs: number): { readonly events: number; readonly seconds: number[] } {
  const child = spawnSync(python.executable, [SIMPY_SCRIPT, '--style', style, '--until-us', String(untilUs), '--runs', String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`peers: ${SIMPY_SCRIPT} --style ${style} failed (exit ${String(child.status)})`);
  return JSON.parse(child.stdout) as { events: number; seconds: number[] };
}

function simpySide(python: Extract<SimpyPython, { kind: 'found' }>, style: SimpyStyle, untilUs: number): Side {
  return {
    name: `simpy-${style}`,
    timedRun: () => {
      const output = simpyRuns(python, style, untilUs, TIMED_RUNS_PER_PROCESS);
      return { seconds: medianOf(output.seconds), events: output.events, virtualTimeUs: untilUs };
    },
  };
}

/**
 * Rounds in which every side runs once, in turn; each side's events/s is its median, and
 * Faultline's ratio over a side is the median of the per-round ratios (the first side is Faultline).
 */
function measureInRounds(sides: readonly Side[], rounds: number): PeerMeasurement[] {
  const rates: number[][] = sides.map(() => []);
  let shape: { events: number; virtualTimeUs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const timed = sides.map((side) => side.timedRun());
    shape = timed.map(({ events, virtualTimeUs }) => ({ events, virtualTimeUs }));
    timed.forEach((run, index) => (rates[index] as number[]).push(run.events / run.seconds));
  }
  const faultlineRates = rates[0] as number[];
  return sides.map((side, index) => {
    const sideRates = rates[index] as number[];
    const ratios = sideRates.map((rate, round) => (faultlineRates[round] as number) / rate);
    const { events, virtualTimeUs } = shape[index] as { events: number; virtualTimeUs: number };
    const measurement = { name: side.name, events, virtualTimeUs, eventsPerSec: Math.round(medianOf(sideRates)), faultlineRatio: roundedRatio(medianOf(ratios)), runs: rounds };
    return index === 0 ? measurement : { ...measurement, ratioQuartiles: quartilesOf(ratios) };
  });
}

function roundedRatio(ratio: number): number {
  return Math.round(ratio * 100) / 100;
}

/** Lower and upper quartiles (the medians of the lower and upper halves; the middle value, if any, in neither). */
function quartilesOf(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((left, right) => left - right);
  if (sorted.length === 1) return [roundedRatio(sorted[0] as number), roundedRatio(sorted[0] as number)];
  const half = sorted.length >> 1;
  return [roundedRatio(medianOf(sorted.slice(0, half))), roundedRatio(medianOf(sorted.slice(sorted.length - half)))];
}

/** SimPy's process style, about ten times slower, is measured on its own, for information. */
function measureProcessStyle(python: Extract<SimpyPython, { kind: 'found' }>, untilUs: number, faultlineEventsPerSec: number): PeerMeasurement {
  const output = simpyRuns(python, 'process', untilUs, PROCESS_STYLE_RUNS);
  const eventsPerSec = Math.round(output.events / medianOf(output.seconds));
  return { name: 'simpy-process', events: output.events, virtualTimeUs: untilUs, eventsPerSec, faultlineRatio: roundedRatio(faultlineEventsPerSec / eventsPerSec), runs: PROCESS_STYLE_RUNS };
}

function measurePeers(options: PeerOptions): PeerReport {
  const log = (line: string): void => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };
  const python = findSimpyPython(options.install, log);
  // SimPy runs to the virtual time Faultline's events take (one untimed run here says it).
  const untilUs = virtualTimeOf(pingpongCase('default', PINGPONG_EVENTS).runEngine().fingerprint);
  const sides = [javaScriptSide('faultline'), javaScriptSide('bare-js-loop')];
  let simpy: PeerReport['simpy'];
  if (python.kind === 'found') {
    simpy = { version: python.simpyVersion, python: python.pythonVersion, executable: python.executable };
    sides.push(simpySide(python, 'callback', untilUs));
  }
  log(`measuring ${options.runs} rounds of ${sides.map((side) => side.name).join(', ')} in turn...`);
  const results = measureInRounds(sides, options.runs);
  if (python.kind === 'found') {
    log('measuring SimPy, process style...');
    results.push(measureProcessStyle(python, Math.round(untilUs / PROCESS_STYLE_TIME_SHARE), (results[0] as PeerMeasurement).eventsPerSec));
  }
  const callback = results.find((result) => result.name === 'simpy-callback');
  return {
    results,
    ...(python.kind === 'skipped' ? { simpySkipped: python.reason } : {}),
    ...(simpy === undefined ? {} : { simpy }),
    target: { versusSimpyCallback: PEER_RATIO_TARGET, met: callback === undefined ? undefined : callback.faultlineRatio >= PEER_RATIO_TARGET },
  };
}

export function formatPeerTable(report: PeerReport): string {
  const header = ['peer', 'events', 'virtual time', 'events/s (median)', 'Faultline is', 'middle half of rounds', 'runs'];
  const rows = report.results.map((result) => [
    result.name,
    result.events.toLocaleString('en-US'),
    `${(result.virtualTimeUs / 1000).toFixed(1)} ms`,
    result.eventsPerSec.toLocaleString('en-US'),
    result.name === 'faultline' ? '-' : `${result.faultlineRatio.toFixed(2)}x`,
    result.ratioQuartiles === undefined ? '-' : `${result.ratioQuartiles[0].toFixed(2)}x to ${result.ratioQuartiles[1].toFixed(2)}x`,
    String(result.runs),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
  lines.push('', `Ratios: the median of the per-round ratios (Faultline, the bare loop and SimPy callbacks take turns, each in a fresh process per round, median of ${TIMED_RUNS_PER_PROCESS} timed runs); the process style runs on its own afterwards.`);
  if (report.simpy !== undefined) lines.push(`SimPy ${report.simpy.version} on Python ${report.simpy.python} (${report.simpy.executable}).`);
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
