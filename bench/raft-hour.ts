// The Raft speed case (issue 5): one virtual hour of a 5-server cluster answering about
// 100 client commands per virtual second, with nemesis faults throughout (bench/raft-load.ts),
// invariants checked after every event as in any `raft` run. Target: at most 3.6 s of wall
// time, 1,000 times faster than real time. Rule: each run builds its world afresh and is
// timed whole (build, run, end-of-run checks); the first run of the process (JIT warm-up
// included, as a one-shot `faultline run` pays) is reported beside the median.
// Run: node --import tsx bench/raft-hour.ts [--runs N] [--json]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { seconds } from '../src/engine/time.ts';
import { medianOf, timeBareLoop } from './bare-loop-speed.ts';
import { parseCountAndJson } from './count-and-json-arguments.ts';
import { countFaultWindows, RAFT_LOAD_CLIENT_RATE, RAFT_LOAD_CLIENTS, RAFT_LOAD_SERVERS, raftLoadFaults, startRaftLoadRun, summaryFigure } from './raft-load.ts';

export const RAFT_HOUR_US = seconds(3600);
/** Issue 5: at most this much wall time for the virtual hour. */
export const RAFT_HOUR_TARGET_SECONDS = 3.6;
export const RAFT_HOUR_RUNS = 3;

export interface RaftHourMeasurement {
  readonly name: string;
  readonly servers: number;
  readonly clients: number;
  readonly clientRate: number;
  readonly virtualSeconds: number;
  readonly verdict: 'pass' | 'fail';
  /** The first violation, when the verdict is fail. */
  readonly violation: string | undefined;
  readonly faultWindows: number;
  readonly events: number;
  readonly commandsAnswered: number;
  readonly commandsPerVirtualSecond: number;
  /** The first run in this process. */
  readonly firstWallSeconds: number;
  /** The median over all runs. */
  readonly wallSeconds: number;
  /** Virtual seconds per wall second, from the median. */
  readonly timesRealTime: number;
  readonly eventsPerSec: number;
  /** The bare ping-pong loop (bench/bare-loop-speed.ts), timed before each run, median. */
  readonly baselineEventsPerSec: number;
  /** eventsPerSec over baselineEventsPerSec: the figure --compare uses. */
  readonly ratio: number;
  readonly targetSeconds: number;
  readonly runs: number;
  readonly peakRssMb: number;
}

export function measureRaftHour(runs: number): RaftHourMeasurement {
  const faults = raftLoadFaults(RAFT_HOUR_US);
  const wallSeconds: number[] = [];
  const baselineRates: number[] = [];
  timeBareLoop(); // warm-up
  let last: ReturnType<ReturnType<typeof startRaftLoadRun>['run']> | undefined;
  for (let run = 0; run < runs; run++) {
    baselineRates.push(timeBareLoop());
    const startMs = performance.now();
    const report = startRaftLoadRun(RAFT_HOUR_US, faults).run();
    wallSeconds.push((performance.now() - startMs) / 1000);
    if (last !== undefined && report.traceHash !== last.traceHash) throw new Error(`raft-hour: run ${run + 1} gave trace ${report.traceHash}, run 1 ${last.traceHash}`);
    last = report;
  }
  const report = last;
  if (report === undefined) throw new RangeError('raft-hour: expected at least one run');
  const median = medianOf(wallSeconds);
  const baselineEventsPerSec = medianOf(baselineRates);
  const commandsAnswered = summaryFigure(report, 'commands answered');
  const violation = report.violations[0];
  return {
    name: 'raft-hour',
    servers: RAFT_LOAD_SERVERS,
    clients: RAFT_LOAD_CLIENTS,
    clientRate: RAFT_LOAD_CLIENT_RATE,
    virtualSeconds: report.virtualTimeMs / 1000,
    verdict: report.verdict,
    violation: violation === undefined ? undefined : `${violation.property}: ${violation.message}`,
    faultWindows: countFaultWindows(faults),
    events: report.events,
    commandsAnswered,
    commandsPerVirtualSecond: Math.round((commandsAnswered / (report.virtualTimeMs / 1000)) * 10) / 10,
    firstWallSeconds: round3(wallSeconds[0] ?? Number.NaN),
    wallSeconds: round3(median),
    timesRealTime: Math.round(RAFT_HOUR_US / 1e6 / median),
    eventsPerSec: Math.round(report.events / median),
    baselineEventsPerSec: Math.round(baselineEventsPerSec),
    ratio: Math.round((report.events / median / baselineEventsPerSec) * 1000) / 1000,
    targetSeconds: RAFT_HOUR_TARGET_SECONDS,
    runs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export function formatRaftHour(result: RaftHourMeasurement): string {
  const met = result.verdict === 'pass' && result.wallSeconds <= result.targetSeconds ? 'met' : 'NOT met';
  return [
    '',
    `raft-hour: ${result.virtualSeconds} s virtual, ${result.servers} servers, ${result.clients} clients x ${result.clientRate}/s (${result.commandsPerVirtualSecond} commands answered per virtual s), ${result.faultWindows} fault windows`,
    `  verdict ${result.verdict}${result.violation === undefined ? '' : ` (${result.violation})`}, ${result.events.toLocaleString('en-US')} events`,
    `  wall ${result.wallSeconds.toFixed(2)} s median of ${result.runs} (first ${result.firstWallSeconds.toFixed(2)} s), ${result.timesRealTime}x real time, ` +
      `${result.eventsPerSec.toLocaleString('en-US')} events/s (${result.ratio.toFixed(3)} of the bare loop's ${result.baselineEventsPerSec.toLocaleString('en-US')}), peak RSS ${result.peakRssMb} MB; target <= ${result.targetSeconds} s: ${met}`,
    '',
  ].join('\n');
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function main(argumentsList: readonly string[]): void {
  const { count: runs, json } = parseCountAndJson(argumentsList, '--runs', RAFT_HOUR_RUNS, 20);
  const result = measureRaftHour(runs);
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : formatRaftHour(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
