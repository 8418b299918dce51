// The faultline command line, callable in-process: `runCli(argv, host)` dispatches to a
// subcommand and returns the exit code. Rule: it never throws and never touches
// `process`; main.ts wires it to the real process, tests call it directly.
import type { CliHost } from './cli-host.ts';
import { showUsage } from './command.ts';
import { COMMANDS, findCommand } from './commands/index.ts';
import { reportError } from './error-report.ts';
import { EXIT_CODE, type ExitCode } from './exit-code.ts';
import { globalUsage } from './global-usage.ts';
import { parseCommandLine } from './arguments.ts';
import { UsageError } from './usage-error.ts';
import { packageVersion } from './version.ts';

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export async function runCli(argv: readonly string[], host: CliHost): Promise<ExitCode> {
  try {
    return await dispatch(argv, host);
  } catch (error) {
    return reportError(error, host);
  }
}

function dispatch(argv: readonly string[], host: CliHost): ExitCode | Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) return showUsage(host, globalUsage());
  if (first.startsWith('-')) return runGlobalOptions(argv, host);
  const command = findCommand(first);
  if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(first)}: ${knownCommands()}`);
  return command.execute(rest, host);
}

/** `faultline --help`, `faultline --version`: options that come before any command. */
function runGlobalOptions(argv: readonly string[], host: CliHost): ExitCode {
  const { values } = parseCommandLine('faultline', argv, GLOBAL_OPTIONS);
  if (values.help === true) return showUsage(host, globalUsage());
  if (values.version === true) {
    host.stdout(`${packageVersion()}\n`);
    return EXIT_CODE.pass;
  }
  throw new UsageError(`missing command: ${knownCommands()}`);
}

function knownCommands(): string {
  return `expected one of ${COMMANDS.map((command) => command.name).join(', ')} (see faultline --help)`;
}
