// `faultline describe <scenario>`: what the scenario shows, how long it runs, and every
// parameter with its type, default and allowed values, as text or as JSON.
import { formatDurationExact } from '../../engine/time.ts';
import type { Scenario } from '../../scenario/define-scenario.ts';
import { parseCommandLine, scenarioArgument } from '../arguments.ts';
import { writeLines } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE } from '../exit-code.ts';
import { describeParam, type ParamDescription } from '../param-description.ts';
import { formatTable } from '../../scenario/text-table.ts';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ScenarioDescription {
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  /** The default run length as typed after --until (`10s`). */
  readonly duration: string;
  readonly durationUs: number;
  readonly params: readonly ParamDescription[];
}

export const describeCommand: Command = {
  name: 'describe',
  summary: 'explain a scenario and list its parameters',
  usage: [
    'usage: faultline describe <scenario> [--json]',
    '',
    'Shows what a scenario does, how long it runs by default, and each parameter:',
    'its type, default, the values it allows and what it means.',
    '',
    'options',
    '  --json      print one JSON object instead of text',
    '  -h, --help  show this help',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('describe', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const description = describeScenario(scenarioArgument('describe', positionals));
    if (values.json === true) host.stdout(`${JSON.stringify(description)}\n`);
    else writeLines(host.stdout, formatDescription(description));
    return EXIT_CODE.pass;
  },
};

export function describeScenario(scenario: Scenario): ScenarioDescription {
  return {
    name: scenario.name,
    summary: scenario.summary,
    description: scenario.description,
    duration: formatDurationExact(scenario.durationUs),
    durationUs: scenario.durationUs,
    params: Object.entries(scenario.params).map(([name, spec]) => describeParam(name, spec)),
  };
}

function formatDescription(description: ScenarioDescription): string[] {
  const lines = [`${description.name}: ${description.summary}`, '', ...description.description.split('\n').map((line) => `  ${line}`), ''];
  lines.push(`duration   ${description.duration} of virtual time by default (change it with --until)`, '');
  if (description.params.length === 0) {
    lines.push('parameters (none)');
  } else {
    const header = ['parameter', 'type', 'default', 'allowed', 'description'];
    const rows = description.params.map((param) => [param.name, param.type, String(param.default), param.allowed, param.description]);
    lines.push(...formatTable([header, ...rows]));
  }
  lines.push('', `run it: faultline run ${description.name} [--seed N] [--set name=value ...] [--until ${description.duration}]`);
  return lines;
}
