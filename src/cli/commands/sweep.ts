// `faultline sweep <scenario> --seeds 1..10000`: many seeds on a pool of worker threads
// (src/sweep), optionally one shard of them, with live progress, a results file that
// --resume continues, and a summary listing the failing seeds with their replay commands.
// Rule: every flag is checked here, before a thread starts; the sweep itself, its results
// file and its summary are the library's, and Ctrl-C stops it through its AbortSignal so
// every finished seed is kept.
import type { Micros } from '../../engine/time.ts';
import type { Scenario } from '../../scenario/define-scenario.ts';
import type { RawParams } from '../../scenario/params.ts';
import { countScenarioNodes } from '../../scenario/runner.ts';
import { parseSeedRange, parseShard, parseWorkerCount, runSweep, type SeedRange, type Shard, type SweepOptions, type SweepSummary } from '../../sweep/index.ts';
import { parseCommandLine, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import { writeLines, type CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { PLAIN_INTERVAL_MS, progressDisplayModeFor, SweepProgressDisplay } from '../sweep-progress-display.ts';
import { formatSweepSummary } from '../sweep-summary-text.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  seeds: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A sweep request with every value checked. */
export interface SweepRequest {
  readonly scenario: Scenario;
  readonly seeds: SeedRange;
  readonly params: RawParams;
  readonly untilUs: Micros | undefined;
  /** Undefined: the machine's available parallelism. */
  readonly workers: number | undefined;
  readonly shard: Shard | undefined;
  readonly outPath: string | undefined;
  /** 'resume': skip the seeds the results file already has. */
  readonly start: 'fresh' | 'resume';
  readonly output: 'text' | 'json';
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run many seeds on worker threads and list the failing ones',
  usage: [
    'usage: faultline sweep <scenario> --seeds 1..10000 [--set name=value ...] [--until 30s]',
    '                        [--workers N] [--shard k/n] [--out results.jsonl] [--resume] [--json]',
    '',
    'Runs the scenario once per seed on a pool of worker threads and prints a summary:',
    'how many seeds passed and failed, how fast, and the failing seeds with the property',
    'each broke and the command that replays it. Results depend only on the scenario,',
    'parameters and seeds, never on --workers or --shard.',
    '',
    'options',
    '  --seeds RANGE     FIRST..LAST (both included) or one seed N (required)',
    '  --set name=value  set a scenario parameter for every seed; repeat for more',
    '  --until DURATION  run length in virtual time, e.g. 250ms, 30s (default: the scenario\'s)',
    '  --workers N       worker threads, 1 to 256 (default: the number of CPUs)',
    '  --shard k/n       run only every n-th seed, starting at the k-th: shards 1/n..n/n',
    '                    together cover the range once, so n machines can share a sweep',
    '  --out FILE        append one JSON line per seed to FILE as seeds finish (seed, verdict,',
    '                    traceHash, events, the failed property); shards\' files merge by cat',
    '  --resume          skip the seeds FILE already has (needs --out): a killed or stopped',
    '                    sweep goes on where it was; a last line cut short is removed and reported',
    '  --json            print the summary as one JSON object',
    '  -h, --help        show this help',
    '',
    'progress: on a terminal, a live line on stderr (seeds done, failures, seeds/s, time left);',
    `otherwise a plain line on stderr every ${PLAIN_INTERVAL_MS / 1000}s, or none with --json.`,
    'Ctrl-C stops the sweep: running batches finish and are kept (in FILE too), the summary is',
    'printed, and the exit code is 130; rerun with --resume to finish. A second Ctrl-C quits at once.',
    '',
    'exit codes: 0 every seed passed, 1 a seed failed, 2 bad input, 3 internal error, 130 stopped by Ctrl-C',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('sweep', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const scenario = scenarioArgument('sweep', positionals);
    if (values.seeds === undefined) throw new UsageError('sweep needs --seeds FIRST..LAST or --seeds N (for example --seeds 1..1000)');
    const request: SweepRequest = {
      scenario,
      seeds: fromLibraryParser('--seeds', () => parseSeedRange(values.seeds ?? '')),
      params: parseSetOptions(values.set ?? []),
      untilUs: values.until === undefined ? undefined : parseUntil(values.until),
      workers: values.workers === undefined ? undefined : fromLibraryParser('--workers', () => parseWorkerCount(values.workers ?? '')),
      shard: values.shard === undefined ? undefined : fromLibraryParser('--shard', () => parseShard(values.shard ?? '')),
      outPath: values.out,
      start: values.resume === true ? 'resume' : 'fresh',
      output: values.json === true ? 'json' : 'text',
    };
    if (request.start === 'resume' && request.outPath === undefined) throw new UsageError('--resume needs --out FILE: the results file to resume from');
    // ParamError (bad input) before any thread starts: building the world once also
    // catches combinations a scenario's setup refuses, not only single bad values.
    countScenarioNodes(scenario, request.params);
    return executeSweep(request, host);
  },
};

/** The sweep library's parsers throw RangeError; on the command line that is bad input. */
function fromLibraryParser<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${option}: ${error.message}`);
    throw error;
  }
}

export async function executeSweep(request: SweepRequest, host: CliHost): Promise<ExitCode> {
  const nowMs = host.nowMs ?? (() => performance.now());
  const display = new SweepProgressDisplay(host, progressDisplayModeFor(host, request.output), request.scenario.name, nowMs);
  const controller = new AbortController();
  const stopListening = host.onInterrupt?.(() => {
    if (controller.signal.aborted) return;
    display.note('faultline: stopping: running batches finish and are kept (Ctrl-C again quits at once)');
    controller.abort();
  });
  let summary: SweepSummary;
  try {
    summary = await runSweepReportingBadInput(request, {
      signal: controller.signal,
      clock: nowMs,
      onProgress: (progress) => display.update(progress),
    });
  } finally {
    stopListening?.();
    display.clear();
  }
  for (const warning of summary.warnings) host.stderr(`faultline: warning: ${warning}\n`);
  if (request.output === 'json') host.stdout(`${JSON.stringify(summary)}\n`);
  else writeLines(host.stdout, formatSweepSummary(summary, { outPath: request.outPath }));
  if (summary.interrupted) return EXIT_CODE.interrupted;
  return summary.failed > 0 ? EXIT_CODE.checkFailed : EXIT_CODE.pass;
}

type SweepHooks = Pick<SweepOptions, 'signal' | 'clock' | 'onProgress'>;

/**
 * runSweep checks what it reads (a results file to resume) before any thread starts and
 * throws RangeError for what is wrong with it; a file it cannot open throws a system
 * error. Until the first results arrive, both are the user's input, reported as such.
 */
async function runSweepReportingBadInput(request: SweepRequest, hooks: SweepHooks): Promise<SweepSummary> {
  let hasResults = false;
  try {
    return await runSweep({
      scenario: request.scenario.name,
      seeds: request.seeds,
      params: request.params,
      ...(request.untilUs === undefined ? {} : { untilUs: request.untilUs }),
      ...(request.workers === undefined ? {} : { workers: request.workers }),
      ...(request.shard === undefined ? {} : { shard: request.shard }),
      ...(request.outPath === undefined ? {} : { outPath: request.outPath }),
      resume: request.start === 'resume',
      ...hooks,
      onResults: () => {
        hasResults = true;
      },
    });
  } catch (error) {
    if (hasResults) throw error;
    if (error instanceof RangeError) throw new UsageError(error.message);
    if (isSystemError(error)) throw new UsageError(`results file ${JSON.stringify(request.outPath ?? '')}: ${error.message}`);
    throw error;
  }
}

/** An error from the operating system (ENOENT, EACCES, EISDIR, ...), as node:fs throws them. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
