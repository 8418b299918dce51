// `faultline tui [scenario]` (what `npm start` runs): the live view of one run in the
// terminal, where faults can be injected by hand; on q it prints the seed and the
// command that replays the session. Rule: with no terminal (piped, CI) it does not
// wait for keys: it runs the scenario to its end and prints the report, saying why.
import { UsageError } from '../usage-error.ts';
import { flagshipScenario, FLAGSHIP_SEED } from '../../tui/flagship.ts';
import { runTui, TUI_OPTION_HELP } from '../../tui/run-tui.ts';
import { parseSpeed, type Speed } from '../../tui/speed.ts';
import { parseCommandLine, parseMaxEvents, parseSeed, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE } from '../exit-code.ts';
import { readFaultFile } from '../fault-file-input.ts';
import { hostEntropySeed } from '../host-seed.ts';

const OPTIONS = {
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  'max-events': { type: 'string' },
  faults: { type: 'string' },
  speed: { type: 'string' },
  paused: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const tuiCommand: Command = {
  name: 'tui',
  summary: 'watch a run live in the terminal and inject faults by hand (what npm start runs)',
  usage: [
    'usage: faultline tui [scenario] [--seed N] [--set name=value ...] [--until 30s] [--max-events N]',
    '                     [--faults file.json] [--speed S] [--paused]',
    '',
    'Shows one run live: the nodes and the sides of a partition, the network, metrics,',
    'the checks and the latest events. Press ? for the keys: pause, step, speed, partition,',
    'heal, crash, restart, loss. On q it prints the seed, the trace hash and the command',
    'that replays the session, faults injected by hand included (written to a file).',
    'With no scenario it opens the flagship from a fixed seed. When standard input or',
    'output is not a terminal it runs the scenario to its end and prints the report.',
    '',
    'options',
    '  --seed N             root seed (default: a fresh one; the flagship\'s is fixed)',
    '  --set name=value     set a scenario parameter; repeat for more (see faultline describe)',
    '  --until DURATION     run length in virtual time, e.g. 30s (default: the scenario\'s)',
    '  --max-events N       stop with verdict fail once N events have been processed',
    '  --faults FILE        replace the scenario\'s fault schedule with the one saved in FILE',
    ...TUI_OPTION_HELP,
    '  -h, --help           show this help',
    '',
    'exit codes: 0 no check failed, 1 a check failed, 2 bad input, 3 internal error',
  ].join('\n'),
  async execute(args, host) {
    const { values, positionals } = parseCommandLine('tui', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const isFlagship = positionals.length === 0;
    const scenario = isFlagship ? flagshipScenario() : scenarioArgument('tui', positionals);
    const params = parseSetOptions(values.set ?? []);
    const seed = values.seed !== undefined ? parseSeed(values.seed) : isFlagship ? FLAGSHIP_SEED : (host.randomSeed ?? hostEntropySeed)();
    const result = await runTui({
      scenario,
      seed,
      params,
      ...(values.until === undefined ? {} : { untilUs: parseUntil(values.until) }),
      ...(values['max-events'] === undefined ? {} : { maxEvents: parseMaxEvents(values['max-events']) }),
      ...(values.faults === undefined ? {} : { faults: readFaultFile(values.faults, scenario, params), faultsFile: values.faults }),
      ...(values.speed === undefined ? {} : { speed: speedOption(values.speed) }),
      start: values.paused === true ? 'paused' : 'running',
      ...(host.terminal === undefined ? {} : { stdin: host.terminal.stdin, stdout: host.terminal.stdout }),
      write: host.stdout,
    });
    return result.verdict === 'fail' ? EXIT_CODE.checkFailed : EXIT_CODE.pass;
  },
};

function speedOption(text: string): Speed {
  try {
    return parseSpeed(text);
  } catch (error) {
    throw new UsageError(`--speed: ${(error as Error).message}`);
  }
}
