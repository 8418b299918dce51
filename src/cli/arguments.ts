// Reading the command line: util.parseArgs in strict mode, and the parsers for the
// values options carry (seed, durations, event limits, --set name=value).
// Rule: every mistake becomes a UsageError with one line that names the value given and
// what is allowed; library RangeErrors are caught here, where the input is known.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { assertValidSeed, MAX_SEED, type Seed } from '../engine/rng.ts';
import { parseDuration, type Micros } from '../engine/time.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import type { RawParams } from '../scenario/params.ts';
import { findScenario, SCENARIOS } from '../../scenarios/index.ts';
import { UsageError } from './usage-error.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` against `options` (strict, positionals allowed); `command` names the command in messages. */
export function parseCommandLine<const O extends OptionsConfig>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(command, Object.keys(options), error));
  }
}

/** Turns parseArgs' messages (some span several lines) into one line that names the option. */
function describeParseError(command: string, optionNames: readonly string[], error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /^(?:Unknown option|Option) '([\s\S]*?)(?: <value>)?'/.exec(message)?.[1];
  const known = optionNames.map((name) => `--${name}`).join(', ');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    return `unknown option ${JSON.stringify(option)} for ${command}: known options are ${known}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    if (message.includes('does not take an argument')) return `option ${option} takes no value`;
    return `option ${option} needs a value (write ${option}=VALUE when the value starts with "-")`;
  }
  return `${command}: ${message.split('\n')[0] ?? message}`;
}

/** No positional arguments allowed. */
export function expectNoArguments(command: string, positionals: readonly string[]): void {
  const [first] = positionals;
  if (first !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(first)}: ${command} takes none`);
}

/** The one scenario named by the positionals. */
export function scenarioArgument(command: string, positionals: readonly string[]): Scenario {
  const [name, extra] = positionals;
  const known = `known scenarios: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`;
  if (name === undefined) throw new UsageError(`${command} needs a scenario name; ${known}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}: ${command} takes one scenario`);
  const scenario = findScenario(name);
  if (scenario === undefined) throw new UsageError(`unknown scenario ${JSON.stringify(name)}; ${known}`);
  return scenario;
}

const DECIMAL_DIGITS = /^[0-9]+$/;

/** A seed: plain decimal digits (no sign, exponent, fraction or hex), 0 to MAX_SEED. */
export function parseSeed(text: string): Seed {
  const allowed = `expected an integer from 0 to ${MAX_SEED}, in plain decimal digits`;
  if (!DECIMAL_DIGITS.test(text)) throw new UsageError(`invalid seed ${JSON.stringify(text)}: ${allowed}`);
  const seed = Number(text);
  try {
    assertValidSeed(seed);
  } catch {
    throw new UsageError(`invalid seed ${JSON.stringify(text)}: ${allowed}`);
  }
  return seed;
}

/** The most events one run may process: plain decimal digits, at least 1. */
export function parseMaxEvents(text: string): number {
  const value = DECIMAL_DIGITS.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`invalid --max-events ${JSON.stringify(text)}: expected an integer from 1 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return value;
}

/** A positive run length such as 250ms, 30s or 2m. */
export function parseUntil(text: string): Micros {
  let untilUs: Micros;
  try {
    untilUs = parseDuration(text);
  } catch (error) {
    throw new UsageError(`--until: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (untilUs <= 0) throw new UsageError(`invalid --until ${JSON.stringify(text)}: expected a duration above zero (for example 250ms or 30s)`);
  return untilUs;
}

/** `--set name=value`, repeated; the value may itself contain "=". Each name at most once. */
export function parseSetOptions(settings: readonly string[]): RawParams {
  const entries: [string, string][] = [];
  for (const setting of settings) {
    const equals = setting.indexOf('=');
    if (equals <= 0) throw new UsageError(`invalid --set ${JSON.stringify(setting)}: expected name=value (for example nodes=7)`);
    const name = setting.slice(0, equals);
    if (entries.some(([seen]) => seen === name)) throw new UsageError(`parameter ${JSON.stringify(name)} is set twice by --set`);
    entries.push([name, setting.slice(equals + 1)]);
  }
  // fromEntries defines own properties, so a name such as "__proto__" stays an ordinary (unknown) key.
  return Object.fromEntries(entries);
}
