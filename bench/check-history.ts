// The linearizability checker case: the time to read, parse and check all 102 Jepsen
// etcd histories of ../shared/testdata/jepsen-etcd, beside Porcupine's figure for the
// same work (under 1 s on one core). Rule: every run must agree with every published
// verdict, or the measurement throws; the first run of the process is reported apart
// (it pays for JIT warm-up, as a one-shot `check-history` would), then the median.
// Runs on its own: node --import tsx bench/check-history.ts [--runs N] [--json]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseHistory } from '../src/check/history/history-format.ts';
import { casRegisterModel } from '../src/check/linearizability/cas-register-model.ts';
import { checkHistoryEvents } from '../src/check/linearizability/check-linearizability.ts';

const DATA = new URL('../../shared/testdata/jepsen-etcd/', import.meta.url);

/** Porcupine (Go) checks the 102 histories, parsing included, in under this on one core. */
export const PORCUPINE_MS = 1000;
export const CHECK_HISTORY_RUNS = 7;

export interface CheckHistoryMeasurement {
  readonly name: string;
  readonly histories: number;
  /** The first run in this process, before the JIT has warmed up. */
  readonly firstRunMs: number;
  /** The median of the runs after it. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  readonly porcupineMs: number;
  /** Search steps in one run, all histories together (the same in every run). */
  readonly steps: number;
}

interface PublishedVerdict {
  readonly file: string;
  readonly linearizable: boolean;
}

function publishedVerdicts(): PublishedVerdict[] {
  const rows = readFileSync(new URL('verdicts.tsv', DATA), 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    const [file, verdict] = row.split('\t') as [string, string];
    return { file, linearizable: verdict === 'true' };
  });
}

/** One timed run: read, parse and check every history; returns the steps taken. */
function checkAll(verdicts: readonly PublishedVerdict[]): number {
  let steps = 0;
  for (const { file, linearizable } of verdicts) {
    const history = parseHistory(readFileSync(new URL(file, DATA), 'utf8'), 'jepsen-log');
    const result = checkHistoryEvents(history.events, casRegisterModel);
    const expected = linearizable ? 'linearizable' : 'not-linearizable';
    if (result.verdict !== expected) throw new Error(`${file}: expected ${expected}, the checker said ${result.verdict}`);
    steps += result.steps;
  }
  return steps;
}

export function measureCheckHistory(runs = CHECK_HISTORY_RUNS): CheckHistoryMeasurement {
  const verdicts = publishedVerdicts();
  const timeRun = (): { ms: number; steps: number } => {
    const start = performance.now();
    const steps = checkAll(verdicts);
    return { ms: performance.now() - start, steps };
  };
  const first = timeRun();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const timed = timeRun();
    if (timed.steps !== first.steps) throw new Error(`a run took ${timed.steps} steps, the first ${first.steps}: the search is not deterministic`);
    times.push(timed.ms);
  }
  const sorted = [...times].sort((left, right) => left - right);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return {
    name: 'check-history-etcd-102',
    histories: verdicts.length,
    firstRunMs: round(first.ms),
    medianMs: round(sorted[Math.floor(sorted.length / 2)] as number),
    minMs: round(sorted[0] as number),
    maxMs: round(sorted[sorted.length - 1] as number),
    runs,
    porcupineMs: PORCUPINE_MS,
    steps: first.steps,
  };
}

export function formatCheckHistoryTable(result: CheckHistoryMeasurement): string {
  return [
    '',
    `linearizability checker: ${result.histories} Jepsen etcd histories, read + parse + check, one thread`,
    `${result.name.padEnd(24)} ${result.medianMs.toFixed(1).padStart(7)} ms median of ${result.runs} runs (min ${result.minMs.toFixed(1)}, max ${result.maxMs.toFixed(1)}); first run ${result.firstRunMs.toFixed(1)} ms; ${result.steps.toLocaleString('en-US')} search steps`,
    `${'porcupine (Go, 1 core)'.padEnd(24)} ${`< ${result.porcupineMs}`.padStart(7)} ms (target: at most this)`,
    '',
  ].join('\n');
}

function main(argumentsList: readonly string[]): void {
  let runs = CHECK_HISTORY_RUNS;
  let json = false;
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === '--json') json = true;
    else if (argument === '--runs') runs = Number(argumentsList[++index]);
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected --json or --runs N`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new RangeError(`invalid --runs ${String(runs)}: expected an integer from 1 to 100`);
  const result = measureCheckHistory(runs);
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatCheckHistoryTable(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
