// Dispatch, global options and exit codes of runCli, in-process.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { isOneLine, runCapturing, STACK_FRAME } from './capture-host.ts';

const COMMAND_NAMES = COMMANDS.map((command) => command.name).join(', ');
const SCENARIO_NAMES = SCENARIOS.map((scenario) => scenario.name).join(', ');

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('faultline global options', () => {
  it('prints the version from package.json', async () => {
    const result = await runCapturing(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h'], []])('prints the usage listing every command for %j', async (...argv: string[]) => {
    const result = await runCapturing(argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const { name: command } of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toContain('exit codes: 0 pass, 1 a check failed, 2 bad input, 3 internal error');
    expect(result.stdout).toContain('130 stopped by Ctrl-C (sweep)');
  });

  it.each(['list', 'describe', 'run', 'demo', 'replay', 'sweep'])('prints help for %s with --help and -h', async (command) => {
    for (const flag of ['--help', '-h']) {
      const result = await runCapturing([command, flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(`usage: faultline ${command}`)).toBe(true);
      expect(result.stderr).toBe('');
    }
  });
});

describe('faultline bad input', () => {
  it.each([
    [['frob'], `faultline: unknown command "frob": expected one of ${COMMAND_NAMES} (see faultline --help)`],
    [['--bogus'], 'faultline: unknown option "--bogus" for faultline: known options are --help, --version'],
    [['--json'], 'faultline: unknown option "--json" for faultline: known options are --help, --version'],
    [['list', '--bogus'], 'faultline: unknown option "--bogus" for list: known options are --json, --help'],
    [['list', 'extra'], 'faultline: unexpected argument "extra": list takes none'],
    [['list', '--json=yes'], 'faultline: option --json takes no value'],
    [['describe'], `faultline: describe needs a scenario name; known scenarios: ${SCENARIO_NAMES}`],
    [['describe', 'nope'], `faultline: unknown scenario "nope"; known scenarios: ${SCENARIO_NAMES}`],
    [['demo', 'now'], 'faultline: unexpected argument "now": demo takes none'],
    [['--', 'list'], `faultline: missing command: expected one of ${COMMAND_NAMES} (see faultline --help)`],
  ])('rejects %j with exit 2 and one line on stderr', async (argv, line) => {
    const result = await runCapturing(argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('keeps a message one line when the input itself holds a line break', async () => {
    const result = await runCapturing(['run', 'echo', '--seed', '1', '--until', '5\nms']);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toContain('invalid duration "5\\nms"');
  });
});

describe('faultline internal errors', () => {
  it('reports an unexpected error in one line with exit 3 and no stack', async () => {
    const result = await runCapturing(['list'], { failingStdout: new Error('disk on fire') });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('faultline: internal error: disk on fire (set FAULTLINE_DEBUG=1 to see the stack)\n');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('shows the stack of an unexpected error in debug mode', async () => {
    const result = await runCapturing(['list'], { failingStdout: new Error('disk on fire'), debug: true });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^faultline: internal error: Error: disk on fire\n/);
    expect(result.stderr).toMatch(STACK_FRAME);
  });
});
