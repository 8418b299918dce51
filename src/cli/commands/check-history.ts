// `faultline check-history <file> --model cas-register|kv|auto`: reads a client history (our
// JSON Lines, Jepsen EDN, or the jepsen.util log of the etcd test data) and checks it for
// linearizability. Rule: the search is bounded by --timeout through a deadline callback
// (the checker itself never reads a clock); a search that hits it reports unknown, which
// exits 1 like a failed check, never 0.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { assertNever } from '../../engine/assert-never.ts';
import { MICROS_PER_MS, parseDuration, type Micros } from '../../engine/time.ts';
import { HISTORY_FORMATS, parseHistory, type HistoryFormat, type ParsedHistory } from '../../check/history/history-format.ts';
import { checkHistoryEvents, type LinearizabilityResult } from '../../check/linearizability/check-linearizability.ts';
import { formatLinearizabilityResult, linearizabilityResultToJson } from '../../check/linearizability/linearizability-report.ts';
import type { Model } from '../../check/linearizability/model.ts';
import { MODEL_NAMES, modelNamed } from '../../check/linearizability/models.ts';
import { DEFAULT_MAX_MEMO_BYTES, type UnknownReason } from '../../check/linearizability/search-limits.ts';
import { parseCommandLine } from '../arguments.ts';
import type { CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { UsageError } from '../usage-error.ts';

const OPTIONS = {
  model: { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_CHECK_TIMEOUT = '10s';
/** The longest --timeout accepted. */
const MAX_TIMEOUT_US: Micros = 24 * 3600 * 1_000_000;
/**
 * Steps are not what bounds a CLI check (--timeout is), but every limit is finite: this
 * many steps take hours.
 */
const CLI_MAX_SEARCH_STEPS = 1_000_000_000_000;

type FormatChoice = HistoryFormat | 'auto';
const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', ...HISTORY_FORMATS];

export interface CheckHistoryRequest {
  readonly path: string;
  readonly model: Model;
  readonly format: FormatChoice;
  readonly timeoutUs: Micros;
  readonly output: 'text' | 'json';
}

export const checkHistoryCommand: Command = {
  name: 'check-history',
  summary: 'check a recorded history for linearizability',
  usage: [
    'usage: faultline check-history <file> --model cas-register|kv|auto [--format auto|jsonl|edn|jepsen-log]',
    '                                [--timeout 10s] [--json]',
    '',
    'Reads a client history, one event per invocation and completion (invoke, then ok, fail',
    'or info), pairs them into operations and searches for an order in which they take',
    'effect one at a time, each between its invocation and its completion, that the model',
    'allows. If there is none, it prints the longest linearizable prefix and the operations',
    'that cannot be ordered after it.',
    '',
    'models',
    '  cas-register  read, write and cas [expected new] on a value that starts as nil; a failed',
    '                cas returned false, a failed or timed-out read constrains nothing',
    '  kv            get, put and append on string values per key; a key never written reads',
    '                as "", append concatenates (Porcupine\'s kv model, MIT 6.5840)',
    '  auto          per key, kv for get/put/append and cas-register for read/write/cas (a',
    '                history with both kinds of key, such as kv-cp with cas-share > 0)',
    'An info (or never completed) write, cas, put or append may have taken effect at any time',
    'after its invocation, or never.',
    '',
    'options',
    '  --model NAME     cas-register, kv or auto (required)',
    '  --format NAME    auto (the default: judged by the first line), jsonl (our JSON Lines:',
    '                   {"process":0,"type":"invoke","f":"write","key":"x","value":3,"time":10}),',
    '                   edn (Jepsen maps: {:process 0, :type :invoke, :f :cas, :value [1 2]}) or',
    '                   jepsen-log (INFO  jepsen.util - 0 :invoke :read nil)',
    `  --timeout DUR    stop searching after this much wall-clock time, e.g. 500ms, 1m (default ${DEFAULT_CHECK_TIMEOUT});`,
    '                   the verdict is then unknown',
    '  --json           print the result as one JSON object',
    '  -h, --help       show this help',
    '',
    'exit codes: 0 linearizable, 1 not linearizable or unknown (the search hit --timeout; the',
    'output says which), 2 bad input (an unreadable file, or a line that does not parse: its',
    'number and what was expected), 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('check-history', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const request: CheckHistoryRequest = {
      path: fileArgument(positionals),
      model: modelOption(values.model),
      format: formatOption(values.format),
      timeoutUs: timeoutOption(values.timeout ?? DEFAULT_CHECK_TIMEOUT),
      output: values.json === true ? 'json' : 'text',
    };
    return executeCheckHistory(request, host);
  },
};

export function executeCheckHistory(request: CheckHistoryRequest, host: CliHost): ExitCode {
  const history = readHistory(request.path, request.format);
  const nowMs = host.nowMs ?? (() => performance.now());
  const deadlineMs = nowMs() + request.timeoutUs / MICROS_PER_MS;
  let result: LinearizabilityResult;
  try {
    result = checkHistoryEvents(history.events, request.model, { maxSteps: CLI_MAX_SEARCH_STEPS, isPastDeadline: () => nowMs() >= deadlineMs });
  } catch (error) {
    // The model could not read an operation (an unknown f, a malformed cas): bad input.
    if (error instanceof RangeError) throw new UsageError(`history file ${JSON.stringify(request.path)}: ${error.message}`);
    throw error;
  }
  if (request.output === 'json') {
    host.stdout(`${JSON.stringify({ file: request.path, format: history.format, ...linearizabilityResultToJson(result) })}\n`);
  } else {
    const hint = result.unknownReason === undefined ? '' : `\n${unknownHint(result.unknownReason)}`;
    host.stdout(`${request.path} (${history.format}, ${history.events.length.toLocaleString('en-US')} events): ${formatLinearizabilityResult(result)}${hint}\n`);
  }
  return result.verdict === 'linearizable' ? EXIT_CODE.pass : EXIT_CODE.checkFailed;
}

function unknownHint(reason: UnknownReason): string {
  switch (reason) {
    case 'deadline':
      return 'no verdict: give the search more time with --timeout, or check a shorter history';
    case 'memory-limit':
      return `no verdict: the search filled its memory budget (${DEFAULT_MAX_MEMO_BYTES / 1024 / 1024} MiB per key); a shorter history, or one with fewer operations of unknown outcome, checks with less`;
    case 'step-limit':
      return 'no verdict: the search reached its step limit; check a shorter history';
    default:
      return assertNever(reason);
  }
}

function readHistory(path: string, format: FormatChoice): ParsedHistory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read history file ${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseHistory(text, format);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`history file ${JSON.stringify(path)}: ${error.message}`);
    throw error;
  }
}

function fileArgument(positionals: readonly string[]): string {
  const [path, extra] = positionals;
  if (path === undefined) throw new UsageError('check-history needs a history file: faultline check-history <file> --model cas-register|kv|auto');
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}: check-history takes one history file`);
  return path;
}

function modelOption(name: string | undefined): Model {
  if (name === undefined) throw new UsageError(`check-history needs --model: one of ${MODEL_NAMES.join(', ')}`);
  try {
    return modelNamed(name);
  } catch (error) {
    throw new UsageError(`--model: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function formatOption(name: string | undefined): FormatChoice {
  if (name === undefined) return 'auto';
  if ((FORMAT_CHOICES as readonly string[]).includes(name)) return name as FormatChoice;
  throw new UsageError(`invalid --format ${JSON.stringify(name)}: expected one of ${FORMAT_CHOICES.join(', ')}`);
}

function timeoutOption(text: string): Micros {
  let timeoutUs: Micros;
  try {
    timeoutUs = parseDuration(text);
  } catch (error) {
    throw new UsageError(`--timeout: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (timeoutUs <= 0 || timeoutUs > MAX_TIMEOUT_US) {
    throw new UsageError(`invalid --timeout ${JSON.stringify(text)}: expected a duration above zero and at most 24h (for example 500ms or 10s)`);
  }
  return timeoutUs;
}
