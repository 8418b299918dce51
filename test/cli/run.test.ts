// `faultline run`: reports, JSON, seeds, traces, run bounds and every kind of bad input.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport, type Report } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { isOneLine, runCapturing, KNOWN_SCENARIOS } from './capture-host.ts';

const REPORT_KEYS = ['scenario', 'seed', 'params', 'verdict', 'violations', 'events', 'virtualTimeMs', 'traceHash', 'stopReason', 'faults', 'summary', 'replay'];
const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function runJson(argv: readonly string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await runCapturing([...argv, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('faultline run: reports', () => {
  it('prints the same report as the library, exit 0 on pass', async () => {
    const result = await runCapturing(['run', 'echo', '--seed', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${formatReport(runScenario(findScenario('echo')!, { seed: 3 }))}\n`);
    expect(result.stderr).toBe('');
  });

  it('exits 1 with the violation and the replay line when a check fails', async () => {
    const result = await runCapturing(['run', 'broadcast', '--seed', '42', '--set', 'retransmit=false']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('verdict   FAIL');
    expect(result.stdout).toContain('VIOLATION every node sees every value (atEnd)');
    expect(result.stdout).toContain('replay    npm run --silent faultline -- run broadcast --seed 42 --set retransmit=false\n');
  });

  it('prints exactly one JSON object, the Report, with --json', async () => {
    const result = await runCapturing(['run', 'echo', '--seed', '5', '--json']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of REPORT_KEYS) expect(report).toHaveProperty(key);
    expect(report).toMatchObject({ scenario: 'echo', seed: 5, verdict: 'pass', violations: [] });
    expect(report['params']).toEqual({ clients: 3, requests: 20, interval: '100ms', loss: 0.1, duplicate: 0.05, ordering: 'reorder' });
    expect(report['traceHash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('applies --set values, including one that holds "="', async () => {
    const { code, report } = await runJson(['run', 'broadcast', '--seed', '2', '--set', 'nodes=3', '--set', 'topology=ring', '--set', 'gossipInterval=50ms']);
    expect(code).toBe(0);
    expect(report.params).toMatchObject({ nodes: 3, topology: 'ring', gossipInterval: '50ms' });
    expect(report.replay).toBe('npm run --silent faultline -- run broadcast --seed 2 --set nodes=3 --set topology=ring --set gossipInterval=50ms');
    const withEquals = await runCapturing(['run', 'echo', '--seed', '1', '--set', 'ordering=fifo=x']);
    expect(withEquals.stderr).toBe('faultline: invalid value "fifo=x" for parameter "ordering": expected one of reorder, fifo\n');
  });
});

describe('faultline run: seeds', () => {
  it('gives the same trace hash for the same seed, and another for another seed', async () => {
    const first = await runJson(['run', 'broadcast', '--seed', '77']);
    const second = await runJson(['run', 'broadcast', '--seed', '77']);
    const other = await runJson(['run', 'broadcast', '--seed', '78']);
    expect(second.report.traceHash).toBe(first.report.traceHash);
    expect(second.report.events).toBe(first.report.events);
    expect(other.report.traceHash).not.toBe(first.report.traceHash);
  });

  it('prints a drawn seed first, on stdout, and runs from it', async () => {
    const result = await runCapturing(['run', 'echo'], { randomSeed: () => 4_000_000_000 });
    const [first, second] = result.stdout.split('\n');
    expect(first).toBe('seed 4000000000');
    expect(second).toBe('scenario  echo');
    expect(result.stdout).toContain('seed      4000000000\n');
    expect(result.stdout).toContain('replay    npm run --silent faultline -- run echo --seed 4000000000\n');
  });

  it('prints a drawn seed on stderr with --json, so stdout stays one JSON object', async () => {
    const { report, stderr } = await runJson(['run', 'echo', '--until', '50ms']);
    expect(stderr).toMatch(/^seed \d+\n$/);
    const seed = Number(/\d+/.exec(stderr)?.[0]);
    expect(seed).toBe(report.seed);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 32);
  });

  it('does not print a seed that was given', async () => {
    const result = await runCapturing(['run', 'echo', '--seed', '9', '--json'], { randomSeed: () => 1 });
    expect(result.stderr).toBe('');
  });

  it.each([
    ['0', 0],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('accepts seed %s', async (text, seed) => {
    const { code, report } = await runJson(['run', 'echo', '--seed', text, '--until', '20ms']);
    expect(code).toBe(0);
    expect(report.seed).toBe(seed);
  });

  it.each(['1.5', 'abc', '1e3', '0x10', '+1', ' 1', '', '9007199254740992', '-1'])('rejects seed %j with exit 2', async (text) => {
    const result = await runCapturing(['run', 'echo', `--seed=${text}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`faultline: invalid seed ${JSON.stringify(text)}: expected an integer from 0 to 9007199254740991, in plain decimal digits\n`);
    expect(result.stdout).toBe('');
  });
});

describe('faultline run: bounds', () => {
  it('stops at --until and names it in the replay command', async () => {
    const { code, report } = await runJson(['run', 'broadcast', '--seed', '1', '--until', '300ms']);
    expect(code).toBe(0);
    expect(report.stopReason).toBe('time-limit');
    expect(report.virtualTimeMs).toBe(300);
    expect(report.replay).toBe('npm run --silent faultline -- run broadcast --seed 1 --until 300ms');
  });

  it('ends with verdict fail, exit 1 and stop reason event-limit at --max-events', async () => {
    const { code, report } = await runJson(['run', 'broadcast', '--seed', '1', '--max-events', '40']);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.stopReason).toBe('event-limit');
    expect(report.violations.map((violation) => violation.property)).toEqual(['event-limit']);
  });

  it.each([
    [['--until', '0ms'], 'faultline: invalid --until "0ms": expected a duration above zero (for example 250ms or 30s)'],
    [['--until', '30'], 'faultline: --until: invalid duration "30": expected a number with a unit, one of us, ms, s, m, h (for example 250ms or 30s)'],
    [['--max-events', '0'], 'faultline: invalid --max-events "0": expected an integer from 1 to 9007199254740991'],
    [['--max-events', '1.5'], 'faultline: invalid --max-events "1.5": expected an integer from 1 to 9007199254740991'],
    [['--seed'], 'faultline: option --seed needs a value (write --seed=VALUE when the value starts with "-")'],
    [['--bogus'], 'faultline: unknown option "--bogus" for run: known options are --seed, --set, --until, --max-events, --faults, --check-determinism, --json, --trace, --history, --export, --window, --trace-sample, --help'],
  ])('rejects %j with exit 2', async (options, line) => {
    const result = await runCapturing(['run', 'echo', ...options]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});

describe('faultline run: bad scenarios and parameters', () => {
  it.each([
    [['run'], `faultline: run needs a scenario name; ${KNOWN_SCENARIOS}`],
    [['run', 'nope'], `faultline: unknown scenario "nope"; ${KNOWN_SCENARIOS}`],
    [['run', 'echo', 'broadcast'], 'faultline: unexpected argument "broadcast": run takes one scenario'],
    [['run', 'broadcast', '--set', 'nodes=abc'], 'faultline: invalid value "abc" for parameter "nodes": expected an integer from 1 to 1000000'],
    [['run', 'broadcast', '--set', 'nodes=0'], 'faultline: invalid value "0" for parameter "nodes": expected an integer from 1 to 1000000'],
    [['run', 'broadcast', '--set', 'retransmit=yes'], 'faultline: invalid value "yes" for parameter "retransmit": expected true or false'],
    [['run', 'broadcast', '--set', 'gossipInterval=0ms'], 'faultline: invalid value "0ms" for parameter "gossipInterval": expected a duration from 1ms to 60s (for example 250ms or 2s)'],
    [['run', 'broadcast', '--set', 'colour=red'], 'faultline: unknown parameter "colour": known parameters: nodes, values, topology, loss, gossipInterval, retransmit, faults'],
    [['run', 'broadcast', '--set', '__proto__=1'], 'faultline: unknown parameter "__proto__": known parameters: nodes, values, topology, loss, gossipInterval, retransmit, faults'],
    [['run', 'broadcast', '--set', 'nodes'], 'faultline: invalid --set "nodes": expected name=value (for example nodes=7)'],
    [['run', 'broadcast', '--set', '=3'], 'faultline: invalid --set "=3": expected name=value (for example nodes=7)'],
    [['run', 'broadcast', '--set', 'nodes=3', '--set', 'nodes=4'], 'faultline: parameter "nodes" is set twice by --set'],
  ])('rejects %j with exit 2 and one line', async (argv, line) => {
    const result = await runCapturing(argv, { randomSeed: () => 1 });
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});

describe('faultline run --trace', () => {
  const readLines = (path: string): Record<string, unknown>[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes one JSON line per trace event, as many as the report counts, in order', async () => {
    const path = join(scratch, 'pass.jsonl');
    const { code, report } = await runJson(['run', 'broadcast', '--seed', '3', '--trace', path]);
    expect(code).toBe(0);
    const events = readLines(path);
    expect(events).toHaveLength(report.events);
    expect(events.map((event) => event['index'])).toEqual(events.map((_, index) => index));
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('writes fields in a stable order and leaves the trace hash unchanged', async () => {
    const path = join(scratch, 'order.jsonl');
    const traced = await runJson(['run', 'echo', '--seed', '4', '--trace', path]);
    const plain = await runJson(['run', 'echo', '--seed', '4']);
    expect(traced.report.traceHash).toBe(plain.report.traceHash);
    const order = ['index', 'timeUs', 'kind', 'node', 'from', 'to', 'messageId', 'reason', 'detail'];
    const kinds = new Set<unknown>();
    for (const event of readLines(path)) {
      kinds.add(event['kind']);
      const keys = Object.keys(event);
      expect(keys.slice(0, 3)).toEqual(['index', 'timeUs', 'kind']);
      expect(keys).toEqual(order.filter((key) => keys.includes(key)));
    }
    expect([...kinds]).toEqual(expect.arrayContaining(['start', 'send', 'deliver', 'drop', 'timer']));
  });

  it('writes exactly the failing run, once, when the run fails', async () => {
    const path = join(scratch, 'fail.jsonl');
    const { code, report } = await runJson(['run', 'broadcast', '--seed', '42', '--set', 'retransmit=false', '--trace', path]);
    expect(code).toBe(1);
    expect(readLines(path)).toHaveLength(report.events);
  });

  it('rejects a trace file it cannot create with exit 2, before drawing a seed', async () => {
    const path = join(scratch, 'missing-folder', 'trace.jsonl');
    const result = await runCapturing(['run', 'echo', '--trace', path], { randomSeed: () => 1 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toContain(`faultline: cannot write trace file ${JSON.stringify(path)}: ENOENT`);
  });
});
