// `faultline experiment <name>`: runs a named experiment, many trials of one scenario,
// and prints its distribution beside published figures. One experiment so far:
// raft-election-timing (Figure 16 of the Raft paper).
// Rule: trials run in-process, in seed order, so the output for the same input is
// identical; progress goes to stderr, the result to stdout.
import { parseDuration } from '../../engine/time.ts';
import {
  DEFAULT_CAP_US,
  DEFAULT_TRIALS,
  formatElectionTimingTable,
  MAX_TRIALS,
  runElectionTimingExperiment,
  validateTrials,
} from '../../scenario/experiment-election-timing.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { parseCommandLine } from '../arguments.ts';
import type { CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE } from '../exit-code.ts';
import { asUsageError } from '../library-input.ts';
import { UsageError } from '../usage-error.ts';

export const EXPERIMENTS = ['raft-election-timing'] as const;

const OPTIONS = {
  trials: { type: 'string' },
  cap: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'run a named experiment (many trials) and compare with published figures',
  usage: [
    'usage: faultline experiment raft-election-timing [--trials 1000] [--cap 20s] [--json]',
    '',
    'raft-election-timing: Figure 16 of the Raft paper. For each election timeout range the',
    'paper tried (150-150, 150-151, 150-155, 150-175, 150-200, 150-300 and 12-24 ms), runs the',
    'raft-election-timing scenario once per seed 1..trials: five servers, a 15 ms broadcast, the',
    'leader crashed at a random moment of its heartbeat interval; measures the time from the crash',
    'until some server leads a higher term. Prints median, p90, p99 and max per range beside the',
    'paper\'s figures. A trial with no new leader within the cap counts as above it (">20000").',
    '',
    'options',
    `  --trials N       trials per range, 1 to ${MAX_TRIALS} (default ${DEFAULT_TRIALS})`,
    `  --cap DURATION   give a trial up this long after the crash (default ${DEFAULT_CAP_US / 1_000_000}s)`,
    '  --json           one JSON object per range, one per line: { range, minMs, spreadMs, trials,',
    '                   aboveCap, capMs, medianMs, p90Ms, p99Ms, maxMs, meanElectedMs, paper }',
    '                   (a percentile above the cap is null)',
    '  -h, --help       show this help',
    '',
    'exit codes: 0 done, 2 bad input, 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('experiment', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    experimentArgument(positionals);
    const trials = parseTrials(values.trials);
    const capUs = values.cap === undefined ? DEFAULT_CAP_US : asUsageError('--cap', () => parseDuration(values.cap ?? ''));
    if (capUs <= 0) throw new UsageError(`invalid --cap ${JSON.stringify(values.cap)}: expected a positive duration such as 20s`);
    const scenario = findScenario('raft-election-timing');
    if (scenario === undefined) throw new Error('scenario raft-election-timing is not registered');
    const results = runElectionTimingExperiment(scenario, { trials, capUs, onTrial: progressReporter(host) });
    if (values.json === true) host.stdout(results.map((result) => `${JSON.stringify(result)}\n`).join(''));
    else host.stdout(`raft-election-timing: ${trials} trials per range (seeds 1..${trials}), time from the leader's crash to a new leader\n${formatElectionTimingTable(results).join('\n')}\n`);
    return EXIT_CODE.pass;
  },
};

function experimentArgument(positionals: readonly string[]): void {
  const [name, extra] = positionals;
  const known = `known experiments: ${EXPERIMENTS.join(', ')}`;
  if (name === undefined) throw new UsageError(`experiment needs a name; ${known}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}: experiment takes one name`);
  if (!(EXPERIMENTS as readonly string[]).includes(name)) throw new UsageError(`unknown experiment ${JSON.stringify(name)}; ${known}`);
}

function parseTrials(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TRIALS;
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`invalid --trials ${JSON.stringify(text)}: expected an integer from 1 to ${MAX_TRIALS}`);
  const trials = Number(text);
  return asUsageError('--trials', () => {
    validateTrials(trials);
    return trials;
  });
}

/** A line per range when it finishes; on a terminal, a live line rewritten every 50 trials. */
function progressReporter(host: CliHost): (progress: { readonly range: { readonly label: string }; readonly trial: number; readonly trials: number }) => void {
  return ({ range, trial, trials }) => {
    const isDone = trial === trials;
    if (host.isStderrTerminal === true && (trial % 50 === 0 || isDone)) host.stderr(`\r${range.label}: ${trial}/${trials} trials${isDone ? '\n' : ''}`);
    else if (host.isStderrTerminal !== true && isDone) host.stderr(`${range.label}: ${trials} trials done\n`);
  };
}
