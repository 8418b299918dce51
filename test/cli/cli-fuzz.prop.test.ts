// Garbled command lines never crash the CLI: whatever argv it gets, runCli returns 0, 1
// or 2 (never throws, never 3), and a 2 comes with exactly one line on stderr and no
// stack. Every run it starts is bounded by a trailing --max-events, so cases stay tiny;
// sweeps (which start worker threads) are fuzzed only up to their argument checks: a
// trailing --workers=0 makes every one of them bad input before a pool could start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNever } from '../../src/engine/assert-never.ts';
import { formatDurationExact } from '../../src/engine/time.ts';
import { parseParam, type ParamSpec } from '../../src/scenario/params.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { isOneLine, runCapturing, STACK_FRAME, type CapturedRun } from './capture-host.ts';

const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Appended to every `run` and `replay` command line: no run may process more than this many events. */
const EVENT_BOUND = ['--max-events', '500'];
/** Appended to every `sweep` command line: refused before any worker thread starts. */
const NO_POOL = ['--workers=0'];
const FAULT_FILE = join(scratch, 'faults.json');
writeFileSync(FAULT_FILE, '{"faults": [{"atUs": 1000, "kind": "crash", "node": 1}, {"atUs": 9000, "kind": "restart", "node": 1}]}\n');
const GARBAGE_FAULT_FILE = join(scratch, 'garbage.json');
writeFileSync(GARBAGE_FAULT_FILE, '{"faults": [{"atUs": "soon"}\n');
const SCENARIO_NAMES = SCENARIOS.map((scenario) => scenario.name);
const PARAMS = SCENARIOS.flatMap((scenario) => Object.entries(scenario.params));

/** Short text with the characters that break naive messages: line breaks, control characters, quotes, '=' and '-'. */
const AWKWARD_CHARACTERS = Array.from('a0=-. "\'\n\n\n\r\t\u0000\u001b\u2028é💥');
const garbage = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.string({ maxLength }) },
    { weight: 3, arbitrary: fc.string({ maxLength, unit: fc.constantFrom(...AWKWARD_CHARACTERS) }) },
  );

/** Mostly well-formed pieces (so that many cases get as far as a run), some garbage. */
const seedText = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 2 ** 32 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', 'abc', '', ' 7', '9007199254740991', '9007199254740992') },
  { weight: 1, arbitrary: garbage(6) },
);
const durationText = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('us', 'ms')).map(([count, unit]) => `${count}${unit}`) },
  { weight: 1, arbitrary: fc.constantFrom('1.5ms', '0s', '2h', '30', 's', '-5ms', '1e3ms', '5 ms', ' 10ms ', '99999999999999999h') },
  { weight: 1, arbitrary: garbage(6) },
);
const setText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PARAMS).chain(([name, spec]) => valueFor(spec).map((value) => `${name}=${value}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'toString', '', 'x'), garbage(6)).map(([name, value]) => `${name}=${value}`) },
  { weight: 1, arbitrary: garbage(10) },
);
/** Options every command may get: run's own, help and garbage. */
const commonOption = fc.oneof(
  { weight: 3, arbitrary: seedText.map((text) => ['--seed', text]) },
  { weight: 1, arbitrary: seedText.map((text) => [`--seed=${text}`]) },
  { weight: 4, arbitrary: setText.map((text) => ['--set', text]) },
  { weight: 2, arbitrary: durationText.map((text) => ['--until', text]) },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((count) => ['--max-events', String(count)]) },
  { weight: 2, arbitrary: fc.constant(['--json']) },
  { weight: 1, arbitrary: fc.constantFrom(['--trace', join(scratch, 'fuzz.jsonl')], ['--trace', join(scratch, 'no-such-folder', 'x.jsonl')]) },
  { weight: 1, arbitrary: fc.constantFrom(['--help'], ['-h'], ['--version'], ['--'], ['-'], ['--bogus'], ['-x'], ['--json=1'], ['--seed']) },
  { weight: 1, arbitrary: garbage(8).map((text) => [text]) },
);
/** What `run` and `replay` add: a fault file (good, garbled, missing, a folder) and an expected hash. */
const runOption = fc.oneof(
  { weight: 8, arbitrary: commonOption },
  { weight: 1, arbitrary: fc.constantFrom(FAULT_FILE, GARBAGE_FAULT_FILE, join(scratch, 'missing.json'), scratch).map((path) => ['--faults', path]) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('0123456789abcdef', 'ABCDEF0123456789', '123', ''), garbage(16)).map((hash) => [`--expect-hash=${hash}`]) },
);
/** What `sweep` takes (besides --set, --until, --json and help). */
const sweepOption = fc.oneof(
  { weight: 4, arbitrary: commonOption },
  { weight: 3, arbitrary: fc.oneof(fc.constantFrom('1..10', '10..1', '5', '1..', '..3', '1..2..3', '0..99999999'), garbage(6)).map((range) => ['--seeds', range]) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('1/3', '4/3', '0/1', '3', '1/0'), garbage(4)).map((shard) => ['--shard', shard]) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('1', '2', '0', '257', 'x'), garbage(3)).map((workers) => ['--workers', workers]) },
  { weight: 1, arbitrary: fc.constantFrom(['--resume'], ['--out', join(scratch, 'sweep.jsonl')], ['--out', join(scratch, 'no-such-folder', 'sweep.jsonl')]) },
);
const command = fc.oneof(
  { weight: 12, arbitrary: fc.constant('run') },
  { weight: 4, arbitrary: fc.constant('replay') },
  { weight: 3, arbitrary: fc.constant('sweep') },
  { weight: 3, arbitrary: fc.constantFrom('list', 'describe', '--help', '--version') },
  { weight: 1, arbitrary: fc.constantFrom('demo', 'help', 'Run', '', '-h') },
  { weight: 1, arbitrary: garbage(6) },
);
const scenarioName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SCENARIO_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom('nope', '', 'ECHO') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
function optionFor(name: string): fc.Arbitrary<readonly string[]> {
  if (name === 'run' || name === 'replay') return runOption;
  return name === 'sweep' ? sweepOption : commonOption;
}
const commandLine = command
  .chain((name) => fc.tuple(fc.constant(name), scenarioName, fc.array(optionFor(name), { maxLength: 5 })))
  .map(([name, scenario, options]) => [
    name,
    ...(scenario === undefined ? [] : [scenario]),
    ...options.flat(),
    // Only `run` and `replay` take --max-events; sweeps stop at --workers=0; the other
    // commands do a fixed, small amount of work.
    ...(name === 'run' || name === 'replay' ? EVENT_BOUND : []),
    ...(name === 'sweep' ? NO_POOL : []),
  ]);

function expectWellBehaved(result: CapturedRun): void {
  expect([0, 1, 2]).toContain(result.code);
  if (result.code === 2) {
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr.startsWith('faultline: ')).toBe(true);
  }
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
}

describe('faultline with garbled command lines', () => {
  it('returns 0, 1 or 2, and reports bad input in one line without a stack', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, fc.nat({ max: 2 ** 32 - 1 }), async (argv, drawnSeed) => {
        expectWellBehaved(await runCapturing(argv, { randomSeed: () => drawnSeed }));
      }),
      { numRuns: 200 },
    );
  });
});

/** Values for one parameter: mostly allowed ones (kept small so runs stay cheap), some not. */
function valueFor(spec: ParamSpec): fc.Arbitrary<string> {
  const junk = fc.oneof(fc.constantFrom('', ' ', 'abc', 'NaN', 'Infinity', '1e400', '-', 'true', '1'), garbage(5));
  switch (spec.type) {
    case 'int':
      return fc.oneof(fc.integer({ min: spec.min, max: Math.min(spec.max, spec.min + 12) }).map(String), fc.constantFrom(String(spec.min - 1), String(spec.max + 1), `${spec.min}.5`), junk);
    case 'number':
      return fc.oneof(fc.double({ min: spec.min, max: spec.max, noNaN: true }).map(String), fc.constantFrom(String(spec.min - 1), String(spec.max + 1)), junk);
    case 'duration':
      return fc.oneof(fc.integer({ min: spec.min, max: Math.min(spec.max, spec.min + 20_000) }).map(formatDurationExact), fc.constantFrom('0us', '5', formatDurationExact(spec.max + 1)), junk);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false'), fc.constantFrom('TRUE', 'yes', '0'), junk);
    case 'enum':
      return fc.oneof(fc.constantFrom(...spec.values), fc.constantFrom(...spec.values.map((value) => value.toUpperCase()), 'other'), junk);
    default:
      return assertNever(spec);
  }
}

function isAllowed(name: string, spec: ParamSpec, value: string): boolean {
  try {
    parseParam(name, spec, value);
    return true;
  } catch {
    return false;
  }
}

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('faultline run %s with fuzzed --set values', (name, scenario) => {
  // Settings as typed after --set ("nodes=3"), so a shrunk counterexample reads as a command line.
  const settings = fc
    .subarray(Object.entries(scenario.params))
    .chain((chosen) => fc.tuple(...chosen.map(([param, spec]) => valueFor(spec).map((value) => `${param}=${value}`))));
  const isRejected = (setting: string): boolean => {
    const [param, value] = [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)];
    return !isAllowed(param, scenario.params[param] as ParamSpec, value);
  };

  it('runs when every value is allowed and names the parameter when one is not', async () => {
    await fc.assert(
      fc.asyncProperty(settings, fc.nat({ max: 1_000_000 }), async (chosen, seed) => {
        const argv = ['run', name, '--seed', String(seed), '--until', '50ms', '--json', ...chosen.flatMap((setting) => ['--set', setting]), ...EVENT_BOUND];
        const result = await runCapturing(argv);
        expectWellBehaved(result);
        const rejected = chosen.filter(isRejected).map((setting) => setting.slice(0, setting.indexOf('=')));
        if (rejected.length === 0) {
          // Every value is in range, but a scenario may still refuse a combination (a backoff
          // cap below its base, more replicas than nodes): then it names a parameter it refuses.
          if (result.code === 2) expect(result.stderr).toMatch(/^faultline: invalid (parameters )?[\w-]+[= ]/);
          else expect(JSON.parse(result.stdout)).toMatchObject({ scenario: name, seed });
        } else {
          expect(result.code).toBe(2);
          expect(rejected.some((param) => result.stderr.includes(`parameter "${param}"`))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
