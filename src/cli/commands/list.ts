// `faultline list`: every scenario with its one-line summary, as a table or as JSON.
import { SCENARIOS } from '../../../scenarios/index.ts';
import { parseCommandLine, expectNoArguments } from '../arguments.ts';
import { writeLines } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE } from '../exit-code.ts';
import { formatTable } from '../../scenario/text-table.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ScenarioListing {
  readonly name: string;
  readonly summary: string;
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list the scenarios you can run',
  usage: [
    'usage: faultline list [--json]',
    '',
    'Lists every scenario with a one-line summary.',
    '',
    'options',
    '  --json      print a JSON array of {name, summary}',
    '  -h, --help  show this help',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('list', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    expectNoArguments('list', positionals);
    const listing: ScenarioListing[] = SCENARIOS.map((scenario) => ({ name: scenario.name, summary: scenario.summary }));
    if (values.json === true) {
      host.stdout(`${JSON.stringify(listing)}\n`);
    } else {
      writeLines(host.stdout, [
        ...formatTable(listing.map((entry) => [entry.name, entry.summary])),
        '',
        'faultline describe <scenario> shows its parameters; faultline run <scenario> runs it.',
      ]);
    }
    return EXIT_CODE.pass;
  },
};
