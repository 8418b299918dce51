// `faultline run <scenario>`: one run from one seed, reported as text or JSON, with the
// trace optionally written as JSON Lines, the fault schedule optionally read from a file,
// optionally a determinism self-check (the same seed again in a worker thread), and for a
// scenario whose clients record one, the client history written as JSON Lines.
// Rule: all input is checked before the run starts, and a run given no seed prints the
// seed it drew first, before anything runs. `replay` shares this code (executeRun).
import type { Seed } from '../../engine/rng.ts';
import type { Micros } from '../../engine/time.ts';
import type { TraceObserver } from '../../engine/trace.ts';
import type { HistoryEvent } from '../../check/history/history-event.ts';
import type { FaultSchedule } from '../../faults/fault-event.ts';
import type { Scenario } from '../../scenario/define-scenario.ts';
import { resolveParams, type RawParams } from '../../scenario/params.ts';
import { formatReport, type Report } from '../../scenario/report.ts';
import { runScenario, scenarioRecordsHistory, type RunOptions } from '../../scenario/runner.ts';
import { SCENARIOS } from '../../../scenarios/index.ts';
import { parseCommandLine, parseMaxEvents, parseSeed, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import type { CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { compareWithWorkerRun, formatDeterminismCheck, type DeterminismCheck, type PortableRunOptions } from '../determinism-check.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { parseExportOptions, runWithExports, writeExportSummary, type ExportedRun, type ExportPlan } from '../export-option.ts';
import { readFaultFile } from '../fault-file-input.ts';
import { HistoryFile } from '../history-file.ts';
import { hostEntropySeed } from '../host-seed.ts';
import { TraceFile } from '../trace-file.ts';
import { TraceFingerprints } from '../trace-fingerprints.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  'max-events': { type: 'string' },
  faults: { type: 'string' },
  'check-determinism': { type: 'boolean' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
  history: { type: 'string' },
  export: { type: 'string', multiple: true },
  window: { type: 'string' },
  'trace-sample': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A run request with every value checked (the fault file is read when the run starts). */
export interface RunRequest {
  readonly scenario: Scenario;
  readonly seed: Seed | undefined;
  readonly params: RawParams;
  readonly untilUs: Micros | undefined;
  readonly maxEvents: number | undefined;
  /** A fault file that replaces the scenario's own fault schedule. */
  readonly faultsPath: string | undefined;
  /** 'second-run-in-worker': run the seed again in a worker thread and compare the traces. */
  readonly determinism: 'unchecked' | 'second-run-in-worker';
  /** The trace hash the run must have (`replay --expect-hash`), lower case. */
  readonly expectedHash: string | undefined;
  readonly output: 'text' | 'json';
  readonly tracePath: string | undefined;
  /** `--history FILE`: write the clients' history as JSON Lines (scenarios that record one). */
  readonly historyPath?: string | undefined;
  /** `--export kind=file`: observe the run and write these files (absent: not observed). */
  readonly exports?: ExportPlan | undefined;
}

/** `replay --expect-hash`: the hash asked for, the one the run had, and whether they are equal. */
export interface HashCheck {
  readonly expected: string;
  readonly actual: string;
  readonly matches: boolean;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario from a seed and report the verdict',
  usage: [
    'usage: faultline run <scenario> [--seed N] [--set name=value ...] [--until 30s] [--max-events N]',
    '                      [--faults file.json] [--check-determinism] [--json] [--trace file.jsonl]',
    '                      [--history file.jsonl] [--export KIND=FILE ...] [--window 2s..3s]',
    '                      [--trace-sample RATIO]',
    '',
    'Runs one scenario in virtual time and prints its report: the verdict, any',
    'violations, the trace hash and a command that replays the run exactly.',
    '',
    'options',
    '  --seed N             root seed, 0 to 9007199254740991 (default: a fresh one, printed first)',
    '  --set name=value     set a scenario parameter; repeat for more (see faultline describe)',
    '  --until DURATION     run length in virtual time, e.g. 250ms, 30s, 2m (default: the scenario\'s)',
    '  --max-events N       stop with verdict fail once N events have been processed',
    '  --faults FILE        replace the scenario\'s fault schedule with the one saved in FILE',
    '                       (JSON, as a failing property test prints it); the replay line names FILE',
    '  --check-determinism  run the seed a second time in a worker thread and compare the traces',
    '                       event by event; if they differ, name the first event that differs',
    '                       in each run and exit 1',
    '  --json               print the report as one JSON object (the drawn seed goes to stderr);',
    '                       with --check-determinism it has a "determinism" object',
    '  --trace FILE         write every trace event to FILE as JSON Lines',
    '  --history FILE       write the clients\' history to FILE as JSON Lines, for scenarios that',
    '                       record one (kv-ap, kv-cp); check it with',
    '                       faultline check-history FILE --model auto',
    '  --export KIND=FILE   observe the run (metrics, spans, logs) and write FILE; repeat for more.',
    '                       KIND: perfetto (Chrome/Perfetto trace JSON), otlp (OpenTelemetry JSON Lines),',
    '                       prometheus (text format), mermaid (sequence diagram), html (one offline report)',
    '  --window START..END  the time window of a mermaid export, e.g. 2s..3s (default: the whole run)',
    '  --trace-sample RATIO head-based sampling for the exports: keep the spans (and, in perfetto,',
    '                       the messages) of this share of traces, decided per trace id, so a kept',
    '                       trace is whole; metrics and SLOs still count every request, and the',
    '                       ratio is written into the exports (default 1: every trace)',
    '  -h, --help           show this help',
    '',
    'exit codes: 0 pass, 1 a check failed or the determinism check diverged, 2 bad input, 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('run', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const request: RunRequest = {
      scenario: scenarioArgument('run', positionals),
      seed: values.seed === undefined ? undefined : parseSeed(values.seed),
      params: parseSetOptions(values.set ?? []),
      untilUs: values.until === undefined ? undefined : parseUntil(values.until),
      maxEvents: values['max-events'] === undefined ? undefined : parseMaxEvents(values['max-events']),
      faultsPath: values.faults,
      determinism: values['check-determinism'] === true ? 'second-run-in-worker' : 'unchecked',
      expectedHash: undefined,
      output: values.json === true ? 'json' : 'text',
      tracePath: values.trace,
      historyPath: values.history,
      exports: parseExportOptions(values.export ?? [], values.window, values['trace-sample']),
    };
    return executeRun(request, host);
  },
};

/** Runs a checked request: validates parameters and the fault file, announces a drawn seed, runs, checks, reports. */
export async function executeRun(request: RunRequest, host: CliHost): Promise<ExitCode> {
  checkParams(request.scenario, request.params);
  if (request.historyPath !== undefined) checkRecordsHistory(request.scenario, request.params);
  const faults = request.faultsPath === undefined ? undefined : readFaultFile(request.faultsPath, request.scenario, request.params);
  const historyFile = request.historyPath === undefined ? undefined : HistoryFile.create(request.historyPath);
  let history: readonly HistoryEvent[] = [];
  const traceFile = request.tracePath === undefined ? undefined : TraceFile.create(request.tracePath);
  const fingerprints = request.determinism === 'second-run-in-worker' ? new TraceFingerprints() : undefined;
  let options: PortableRunOptions;
  let report: Report;
  let exported: ExportedRun | undefined;
  try {
    options = portableOptions(request, request.seed ?? announceSeed(host, request.output), faults);
    const observers = [traceFile?.observer, fingerprints?.observer].filter((observer): observer is TraceObserver => observer !== undefined);
    const scenarioOptions: RunOptions = {
      ...runOptions(request, options, observers),
      onHistory: (recorded) => {
        history = recorded.events;
      },
    };
    exported = request.exports === undefined ? undefined : runWithExports(request.scenario, scenarioOptions, request.exports);
    report = exported?.report ?? runScenario(request.scenario, scenarioOptions);
    historyFile?.write(history);
  } finally {
    traceFile?.close();
    historyFile?.close();
  }
  const determinism =
    fingerprints === undefined
      ? undefined
      : await compareWithWorkerRun({ kind: 'registered', name: request.scenario.name }, options, { fingerprints: fingerprints.toArray(), traceHash: report.traceHash });
  const hashCheck = request.expectedHash === undefined ? undefined : checkHash(request.expectedHash, report.traceHash);
  const historyWritten = historyFile === undefined ? undefined : { file: historyFile.path, events: history.length };
  writeOutcome(host, request.output, report, determinism, hashCheck, historyWritten);
  if (exported !== undefined) writeExportSummary(host, request.output, exported);
  const passed = report.verdict === 'pass' && determinism?.outcome !== 'diverged' && hashCheck?.matches !== false;
  return passed ? EXIT_CODE.pass : EXIT_CODE.checkFailed;
}

/** `--history`: the file written and how many events it holds. */
interface HistoryWritten {
  readonly file: string;
  readonly events: number;
}

function writeOutcome(
  host: CliHost,
  output: RunRequest['output'],
  report: Report,
  determinism: DeterminismCheck | undefined,
  hashCheck: HashCheck | undefined,
  history: HistoryWritten | undefined,
): void {
  if (output === 'json') {
    const document = { ...report, ...(determinism === undefined ? {} : { determinism }), ...(hashCheck === undefined ? {} : { hashCheck }), ...(history === undefined ? {} : { history }) };
    host.stdout(`${JSON.stringify(document)}\n`);
    return;
  }
  const lines = [formatReport(report)];
  if (determinism !== undefined) lines.push(formatDeterminismCheck(determinism));
  if (hashCheck !== undefined) lines.push(formatHashCheck(hashCheck));
  if (history !== undefined) lines.push(`history   ${history.events} events written to ${history.file} (check: faultline check-history ${history.file} --model auto)`);
  host.stdout(`${lines.join('\n')}\n`);
}

function checkHash(expected: string, actual: string): HashCheck {
  return { expected, actual, matches: expected === actual };
}

export function formatHashCheck(check: HashCheck): string {
  return check.matches ? `trace hash matches: ${check.actual}, as expected` : `trace hash differs: expected ${check.expected}, got ${check.actual}`;
}

/** Throws ParamError (bad input) before a trace file is created or a seed drawn. */
function checkParams(scenario: Scenario, params: RawParams): void {
  resolveParams(scenario.params, params);
}

/** `--history` on a scenario that records none: bad input, naming those that do. */
function checkRecordsHistory(scenario: Scenario, params: RawParams): void {
  if (scenarioRecordsHistory(scenario, params)) return;
  const recording = SCENARIOS.filter((candidate) => scenarioRecordsHistory(candidate, {})).map((candidate) => candidate.name);
  throw new UsageError(`--history: scenario ${scenario.name} records no client history; scenarios that record one: ${recording.join(', ')}`);
}

/** Draws a seed and prints it before the run, so even a run that crashes can be replayed. */
function announceSeed(host: CliHost, output: RunRequest['output']): Seed {
  const seed = (host.randomSeed ?? hostEntropySeed)();
  const line = `seed ${seed}\n`;
  if (output === 'json') host.stderr(line);
  else host.stdout(line);
  return seed;
}

/** What decides the run: the same for the report's run and a determinism check's second run. */
function portableOptions(request: RunRequest, seed: Seed, faults: FaultSchedule | undefined): PortableRunOptions {
  return {
    seed,
    params: request.params,
    ...(request.untilUs === undefined ? {} : { untilUs: request.untilUs }),
    ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }),
    ...(faults === undefined ? {} : { faults }),
  };
}

function runOptions(request: RunRequest, options: PortableRunOptions, observers: readonly TraceObserver[]): RunOptions {
  return {
    ...options,
    ...(request.faultsPath === undefined ? {} : { faultsFile: request.faultsPath }),
    ...(observers.length === 0 ? {} : { observers }),
  };
}
