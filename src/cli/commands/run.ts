// `faultline run <scenario>`: one run from one seed, reported as text or JSON, with the
// trace optionally written as JSON Lines. Rule: all input is checked before the run
// starts, and a run given no seed prints the seed it drew first, before anything runs.
import type { Seed } from '../../engine/rng.ts';
import type { Micros } from '../../engine/time.ts';
import type { Scenario } from '../../scenario/define-scenario.ts';
import { resolveParams, type RawParams } from '../../scenario/params.ts';
import { formatReport, type Report } from '../../scenario/report.ts';
import { runScenario, type RunOptions } from '../../scenario/runner.ts';
import { parseCommandLine, parseMaxEvents, parseSeed, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import type { CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { hostEntropySeed } from '../host-seed.ts';
import { TraceFile } from '../trace-file.ts';

const OPTIONS = {
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  'max-events': { type: 'string' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A run request with every value checked. */
export interface RunRequest {
  readonly scenario: Scenario;
  readonly seed: Seed | undefined;
  readonly params: RawParams;
  readonly untilUs: Micros | undefined;
  readonly maxEvents: number | undefined;
  readonly output: 'text' | 'json';
  readonly tracePath: string | undefined;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario from a seed and report the verdict',
  usage: [
    'usage: faultline run <scenario> [--seed N] [--set name=value ...] [--until 30s]',
    '                      [--max-events N] [--json] [--trace file.jsonl]',
    '',
    'Runs one scenario in virtual time and prints its report: the verdict, any',
    'violations, the trace hash and a command that replays the run exactly.',
    '',
    'options',
    '  --seed N             root seed, 0 to 9007199254740991 (default: a fresh one, printed first)',
    '  --set name=value     set a scenario parameter; repeat for more (see faultline describe)',
    '  --until DURATION     run length in virtual time, e.g. 250ms, 30s, 2m (default: the scenario\'s)',
    '  --max-events N       stop with verdict fail once N events have been processed',
    '  --json               print the report as one JSON object (the drawn seed goes to stderr)',
    '  --trace FILE         write every trace event to FILE as JSON Lines',
    '  -h, --help           show this help',
    '',
    'exit codes: 0 pass, 1 a check failed, 2 bad input, 3 internal error',
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
      output: values.json === true ? 'json' : 'text',
      tracePath: values.trace,
    };
    return executeRun(request, host);
  },
};

/** Runs a checked request: validates parameters, announces a drawn seed, runs, reports. */
export function executeRun(request: RunRequest, host: CliHost): ExitCode {
  checkParams(request.scenario, request.params);
  const traceFile = request.tracePath === undefined ? undefined : TraceFile.create(request.tracePath);
  let report: Report;
  try {
    const seed = request.seed ?? announceSeed(host, request.output);
    report = runScenario(request.scenario, runOptions(request, seed, traceFile));
  } finally {
    traceFile?.close();
  }
  if (request.output === 'json') host.stdout(`${JSON.stringify(report)}\n`);
  else host.stdout(`${formatReport(report)}\n`);
  return report.verdict === 'pass' ? EXIT_CODE.pass : EXIT_CODE.checkFailed;
}

/** Throws ParamError (bad input) before a trace file is created or a seed drawn. */
function checkParams(scenario: Scenario, params: RawParams): void {
  resolveParams(scenario.params, params);
}

/** Draws a seed and prints it before the run, so even a run that crashes can be replayed. */
function announceSeed(host: CliHost, output: RunRequest['output']): Seed {
  const seed = (host.randomSeed ?? hostEntropySeed)();
  const line = `seed ${seed}\n`;
  if (output === 'json') host.stderr(line);
  else host.stdout(line);
  return seed;
}

function runOptions(request: RunRequest, seed: Seed, traceFile: TraceFile | undefined): RunOptions {
  return {
    seed,
    params: request.params,
    ...(request.untilUs === undefined ? {} : { untilUs: request.untilUs }),
    ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }),
    ...(traceFile === undefined ? {} : { observers: [traceFile.observer] }),
  };
}
