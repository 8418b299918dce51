// The text of `faultline --help`. Rule: built from the command list, so a new command
// appears here by being registered.
import { CLI_PREFIX } from '../scenario/replay-command.ts';
import { COMMANDS } from './commands/index.ts';
import { formatTable } from '../scenario/text-table.ts';

export function globalUsage(): string {
  return [
    'faultline: a deterministic distributed-system simulator; every run is reproducible from its seed',
    '',
    'usage: faultline <command> [options]',
    `       (from this repository: ${CLI_PREFIX} <command> [options])`,
    '',
    'commands',
    ...formatTable(COMMANDS.map((command) => [command.name, command.summary]), '  '),
    '',
    'options',
    ...formatTable(
      [
        ['-h, --help', 'show this help (faultline <command> --help: help for one command)'],
        ['--version', 'print the version'],
      ],
      '  ',
    ),
    '',
    'exit codes: 0 pass, 1 a check failed, 2 bad input, 3 internal error (FAULTLINE_DEBUG=1 shows its stack),',
    '            130 stopped by Ctrl-C (sweep)',
  ].join('\n');
}
