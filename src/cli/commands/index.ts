// Every subcommand, in the order the global help lists them.
import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { describeCommand } from './describe.ts';
import { listCommand } from './list.ts';
import { runCommand } from './run.ts';

export const COMMANDS: readonly Command[] = [demoCommand, listCommand, describeCommand, runCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
