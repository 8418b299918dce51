// The TUI on the process's own terminal, as `faultline tui <scenario> --seed N` runs
// it, for the tmux test:
//   node --import tsx test/tui/tui-entry.ts <scenario> <seed> <directory> [name=value,...] [speed]
// (the directory receives the session's fault file). Exit code 0, or 1 when a check failed.
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runTui } from '../../src/tui/run-tui.ts';
import { parseSpeed } from '../../src/tui/speed.ts';
import { findScenario } from '../../scenarios/index.ts';

const [scenarioName = 'broadcast', seedText = '1', directory = process.cwd(), settings = '', speed = 'x1'] = process.argv.slice(2);
const scenario = findScenario(scenarioName) as Scenario;
const params = Object.fromEntries(settings.split(',').filter((setting) => setting !== '').map((setting) => setting.split('=') as [string, string]));
const result = await runTui({ scenario, seed: Number(seedText), params, speed: parseSpeed(speed), stdin: process.stdin, stdout: process.stdout, sessionDirectory: directory });
process.exitCode = result.verdict === 'fail' ? 1 : 0;
