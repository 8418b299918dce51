// `faultline spof <scenario>`: the single-point-of-failure audit (src/scenario/spof.ts):
// a fault-free run, then one run per node crash and one per cut link, from one seed,
// each measured against the scenario's objective. Text or --json.
// Rule: every option is checked before the first run; the exit code says whether the
// audit found a single point of failure, so it can gate a design in CI.
import type { Seed } from '../../engine/rng.ts';
import { parseDuration } from '../../engine/time.ts';
import { parseObjectiveClause, type Objective } from '../../scenario/objective.ts';
import { runSpofAudit, type SpofAudit, type SpofAuditOptions } from '../../scenario/spof.ts';
import { resolveParams } from '../../scenario/params.ts';
import { parseCommandLine, parseSeed, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import { writeLines } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { asUsageError } from '../library-input.ts';
import { formatSpofAudit } from '../spof-table.ts';

/** The seed audited when --seed is not given: an audit is a fixed experiment, repeated exactly. */
export const DEFAULT_SPOF_SEED: Seed = 1;

const OPTIONS = {
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  'fault-at': { type: 'string' },
  objective: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const spofCommand: Command = {
  name: 'spof',
  summary: 'crash each node and cut each link, one at a time, to find single points of failure',
  usage: [
    'usage: faultline spof <scenario> [--seed N] [--set name=value ...] [--until 10s] [--fault-at 2s]',
    '                       [--objective "figure>=number" ...] [--json]',
    '',
    'The single-point-of-failure audit. One run with no fault, then, from the same seed, one',
    'run per node in which that node crashes and stays down, and one run per link (two nodes',
    'that exchanged messages in the fault-free run) in which that link is cut both ways and',
    'stays cut. The scenario\'s own fault schedule is left out: each run has exactly one fault.',
    'A fault that breaks the objective while the fault-free run meets it is a single point of',
    'failure; its blast radius is the services it degrades: those whose own figure, named',
    '"<figure> <service>" (availability db), breaks the same bound.',
    '',
    'The objective: --objective if given, else the one the scenario declares in its summary',
    `figure "objective" (for example "availability>=0.99; latency p99 ms<=250"), else availability>=0.99.`,
    'A scenario may name its nodes in the summary figure "node names" (names in id order, joined by ",").',
    '',
    'options',
    `  --seed N            root seed for every run (default ${DEFAULT_SPOF_SEED})`,
    '  --set name=value    set a scenario parameter; repeat for more',
    '  --until DURATION    run length in virtual time, e.g. 5s (default: the scenario\'s)',
    '  --fault-at DURATION when each fault strikes (default: 20% into the run)',
    '  --objective CLAUSE  FIGURE>=NUMBER or FIGURE<=NUMBER; repeat for more (all must hold)',
    '  --json              print the audit as one JSON object: { scenario, seed, params, objective,',
    '                      objectiveSource, runLengthMs, faultAtMs, nodes, baseline, runs,',
    '                      singlePointsOfFailure }',
    '  -h, --help          show this help',
    '',
    'exit codes: 0 no single point of failure, 1 one found, the fault-free run misses the',
    '            objective, or a run crashed (threw), 2 bad input, 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('spof', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const scenario = scenarioArgument('spof', positionals);
    const objective: Objective = (values.objective ?? []).map((text) => asUsageError('--objective', () => parseObjectiveClause(text)));
    const options: SpofAuditOptions = {
      scenario,
      seed: values.seed === undefined ? DEFAULT_SPOF_SEED : parseSeed(values.seed),
      params: parseSetOptions(values.set ?? []),
      ...(values.until === undefined ? {} : { untilUs: parseUntil(values.until) }),
      ...(values['fault-at'] === undefined ? {} : { faultAtUs: asUsageError('--fault-at', () => parseDuration(values['fault-at'] ?? '')) }),
      ...(objective.length === 0 ? {} : { objective }),
    };
    resolveParams(scenario.params, options.params); // ParamError: bad input, before any run
    const audit = asUsageError(undefined, () => runSpofAudit(options));
    if (values.json === true) host.stdout(`${JSON.stringify(audit)}\n`);
    else writeLines(host.stdout, formatSpofAudit(audit));
    return exitCodeOf(audit);
  },
};

function exitCodeOf(audit: SpofAudit): ExitCode {
  const isClean = audit.baseline.status === 'meets' && audit.singlePointsOfFailure.length === 0 && audit.runs.every((run) => run.status !== 'crashed');
  return isClean ? EXIT_CODE.pass : EXIT_CODE.checkFailed;
}
