// `faultline demo`: a plain-text tour (the live view is `faultline tui`, what `npm start` runs): broadcast, from a
// fixed seed, with a line before the report saying what to watch for and a line after
// saying how to run it yourself. Rule: the demo is a plain run, so its report and trace
// hash are exactly those of the replay command it prints.
import { CLI_PREFIX } from '../../scenario/replay-command.ts';
import { formatReport } from '../../scenario/report.ts';
import { runScenario } from '../../scenario/runner.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { expectNoArguments, parseCommandLine } from '../arguments.ts';
import { writeLines } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE } from '../exit-code.ts';

export const DEMO_SCENARIO = 'broadcast';
export const DEMO_SEED = 1;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
} as const;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'watch a gossip broadcast survive a network partition (plain text; npm start opens the live view)',
  usage: [
    'usage: faultline demo',
    '',
    `Runs the ${DEMO_SCENARIO} scenario with its defaults from seed ${DEMO_SEED}: nodes gossip values`,
    'while the network splits in two (at 1s) and heals (at 4s), then prints the report.',
    '',
    'options',
    '  -h, --help  show this help',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('demo', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    expectNoArguments('demo', positionals);
    const scenario = findScenario(DEMO_SCENARIO);
    if (scenario === undefined) throw new Error(`the demo scenario "${DEMO_SCENARIO}" is missing from scenarios/index.ts`);
    const report = runScenario(scenario, { seed: DEMO_SEED });
    const command = `${CLI_PREFIX} run ${DEMO_SCENARIO} --seed ${DEMO_SEED}`;
    const nodes = String(report.params['nodes']);
    writeLines(host.stdout, [
      `Faultline demo: ${nodes} nodes gossip values while the network splits in two and heals; every node must still see every value (seed ${DEMO_SEED}: same seed, same run).`,
      '',
      formatReport(report),
      '',
      `Run it yourself: ${command}  (add --set retransmit=false to see it fail)`,
    ]);
    return report.verdict === 'pass' ? EXIT_CODE.pass : EXIT_CODE.checkFailed;
  },
};
