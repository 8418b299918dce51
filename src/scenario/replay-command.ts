// The copy-pasteable command that reruns one run exactly. Rule: it names every
// input that differs from the defaults, quoted for a POSIX shell.
import { formatDurationExact, type Micros } from '../engine/time.ts';
import type { Scenario } from './define-scenario.ts';

export interface ReplayInputs {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly params: Readonly<Record<string, string>>;
  readonly untilUs?: Micros | undefined;
  readonly maxEvents?: number | undefined;
  readonly faultsFile?: string | undefined;
}

export const CLI_PREFIX = 'npm run --silent faultline --';

export function replayCommand(inputs: ReplayInputs): string {
  const words = [CLI_PREFIX, 'run', inputs.scenario.name, '--seed', String(inputs.seed)];
  for (const [name, value] of Object.entries(inputs.params)) words.push('--set', shellQuote(`${name}=${value}`));
  if (inputs.untilUs !== undefined) words.push('--until', formatDurationExact(inputs.untilUs));
  if (inputs.maxEvents !== undefined) words.push('--max-events', String(inputs.maxEvents));
  if (inputs.faultsFile !== undefined) words.push('--faults', shellQuote(inputs.faultsFile));
  return words.join(' ');
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.,:=/@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}
