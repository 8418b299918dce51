// Every subcommand, in the order the global help lists them.
import type { Command } from '../command.ts';
import { capCommand } from './cap.ts';
import { checkHistoryCommand } from './check-history.ts';
import { compareCommand } from './compare.ts';
import { demoCommand } from './demo.ts';
import { describeCommand } from './describe.ts';
import { experimentCommand } from './experiment.ts';
import { listCommand } from './list.ts';
import { replayCommand } from './replay.ts';
import { runCommand } from './run.ts';
import { spofCommand } from './spof.ts';
import { sweepCommand } from './sweep.ts';
import { tuiCommand } from './tui.ts';

export const COMMANDS: readonly Command[] = [tuiCommand, demoCommand, listCommand, describeCommand, runCommand, replayCommand, sweepCommand, compareCommand, capCommand, spofCommand, experimentCommand, checkHistoryCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
