// One subcommand of `faultline`. Rule: a command reads only the arguments after its
// name, writes only through the host, and returns its exit code; bad input is thrown
// as a UsageError for the dispatcher to report.
import type { CliHost } from './cli-host.ts';
import { EXIT_CODE, type ExitCode } from './exit-code.ts';

export interface Command {
  readonly name: string;
  /** One line for the global help. */
  readonly summary: string;
  /** The full `faultline <name> --help` text, without a trailing newline. */
  readonly usage: string;
  execute(args: readonly string[], host: CliHost): ExitCode | Promise<ExitCode>;
}

/** Prints a command's help to stdout; asking for help always succeeds. */
export function showUsage(host: CliHost, usage: string): typeof EXIT_CODE.pass {
  host.stdout(`${usage}\n`);
  return EXIT_CODE.pass;
}
