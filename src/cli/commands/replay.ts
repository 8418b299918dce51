// `faultline replay <scenario> --seed N [--expect-hash H]`: reruns one seed exactly, as
// a report's replay line or a sweep's failure list names it, and with --expect-hash
// checks that the trace hash is the one recorded, so a script or CI job can tell when a
// code change altered a run. Rule: it is `run` with a required seed, sharing executeRun,
// so a replay prints the same report as the run it repeats.
import { parseCommandLine, parseMaxEvents, parseSeed, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import { showUsage, type Command } from '../command.ts';
import { UsageError } from '../usage-error.ts';
import { executeRun, type RunRequest } from './run.ts';

const OPTIONS = {
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  'max-events': { type: 'string' },
  faults: { type: 'string' },
  'expect-hash': { type: 'string' },
  json: { type: 'boolean' },
  trace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const TRACE_HASH = /^[0-9a-f]{16}$/i;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'rerun one seed exactly and check its trace hash',
  usage: [
    'usage: faultline replay <scenario> --seed N [--set name=value ...] [--until 30s] [--max-events N]',
    '                         [--faults file.json] [--expect-hash H] [--json] [--trace file.jsonl]',
    '',
    'Reruns one seed with the same inputs and prints its report, which is the same,',
    'byte for byte, as the report of the run it repeats. With --expect-hash it also',
    'checks the trace hash, so a script can tell when a change to the code changed the run.',
    '',
    'options',
    '  --seed N             the seed to replay (required)',
    '  --set name=value     set a scenario parameter; repeat for more (as in the run replayed)',
    '  --until DURATION     run length in virtual time (as in the run replayed)',
    '  --max-events N       stop with verdict fail once N events have been processed',
    '  --faults FILE        the fault schedule saved in FILE instead of the scenario\'s',
    '  --expect-hash H      the trace hash the run must have: 16 hex digits, as a report\'s',
    '                       "trace" line or a sweep\'s results file shows it; a different hash',
    '                       prints "trace hash differs: expected H, got G" and exits 1',
    '  --json               print the report as one JSON object (with "hashCheck" when asked)',
    '  --trace FILE         write every trace event to FILE as JSON Lines',
    '  -h, --help           show this help',
    '',
    'exit codes: 0 pass (and the hash matches), 1 a check failed or the hash differs,',
    '            2 bad input, 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('replay', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const scenario = scenarioArgument('replay', positionals);
    if (values.seed === undefined) throw new UsageError('replay needs --seed N: the seed of the run to replay');
    const request: RunRequest = {
      scenario,
      seed: parseSeed(values.seed),
      params: parseSetOptions(values.set ?? []),
      untilUs: values.until === undefined ? undefined : parseUntil(values.until),
      maxEvents: values['max-events'] === undefined ? undefined : parseMaxEvents(values['max-events']),
      faultsPath: values.faults,
      determinism: 'unchecked',
      expectedHash: values['expect-hash'] === undefined ? undefined : parseTraceHash(values['expect-hash']),
      output: values.json === true ? 'json' : 'text',
      tracePath: values.trace,
    };
    return executeRun(request, host);
  },
};

/** 16 hex digits, either case; returned in lower case, as reports print hashes. */
export function parseTraceHash(text: string): string {
  if (!TRACE_HASH.test(text)) {
    throw new UsageError(`invalid --expect-hash ${JSON.stringify(text)}: expected a trace hash of 16 hex digits (0-9, a-f), as the report's "trace" line shows`);
  }
  return text.toLowerCase();
}
