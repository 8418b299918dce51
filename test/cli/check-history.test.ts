// `faultline check-history`: verdicts and exit codes on real files, the text and JSON
// reports, bad input (exit 2, one line naming the line number), and a search the
// --timeout deadline ends (unknown, exit 1). The command is run through execute() with
// errors reported the way the dispatcher reports them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliHost } from '../../src/cli/cli-host.ts';
import { checkHistoryCommand } from '../../src/cli/commands/check-history.ts';
import { reportError } from '../../src/cli/error-report.ts';
import { isOneLine, type CapturedRun } from './capture-host.ts';

const ETCD = fileURLToPath(new URL('../../../shared/testdata/jepsen-etcd/', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'faultline-check-history-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const path = join(directory, name);
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}

async function checkHistory(args: readonly string[], nowMs?: () => number): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const host: CliHost = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    ...(nowMs === undefined ? {} : { nowMs }),
  };
  let code: number;
  try {
    code = await checkHistoryCommand.execute(args, host);
  } catch (error) {
    code = reportError(error, host);
  }
  return { code, stdout, stderr };
}

describe('check-history', () => {
  it('exits 0 for a linearizable history and says so', async () => {
    const run = await checkHistory([join(ETCD, 'etcd_002.log'), '--model', 'cas-register']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/etcd_002\.log \(jepsen-log, 154 events\): linearizable \(cas-register model, 77 operations/);
    expect(run.stderr).toBe('');
  });

  it('exits 1 for a history that is not, with the prefix and the operations that cannot be ordered', async () => {
    const run = await checkHistory([join(ETCD, 'etcd_000.log'), '--model', 'cas-register', '--format', 'jepsen-log']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not linearizable (cas-register model');
    expect(run.stdout).toContain('longest linearizable prefix:');
    expect(run.stdout).toContain('  process 11: read -> ok 2 (lines 85-86)');
  });

  it('prints one JSON object with --json', async () => {
    const run = await checkHistory([join(ETCD, 'etcd_000.log'), '--model=cas-register', '--json']);
    expect(run.code).toBe(1);
    expect(isOneLine(run.stdout)).toBe(true);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { explanation: { blocked: { invokeLine: number }; unorderable: unknown[] } };
    expect(report).toMatchObject({ format: 'jepsen-log', model: 'cas-register', verdict: 'not-linearizable', operations: 85 });
    expect(report.explanation.blocked.invokeLine).toBe(85);
    expect(report.explanation.unorderable.length).toBeGreaterThan(0);
  });

  it('reads our JSON Lines and Jepsen EDN, telling them apart by themselves', async () => {
    const jsonl = file('kv.jsonl', [
      '{"process":0,"type":"invoke","f":"append","key":"a","value":"x","time":0}',
      '{"process":1,"type":"invoke","f":"get","key":"a","value":null,"time":1}',
      '{"process":0,"type":"ok","f":"append","key":"a","value":"x","time":2}',
      '{"process":1,"type":"ok","f":"get","key":"a","value":"x","time":3}',
    ]);
    const jsonlRun = await checkHistory([jsonl, '--model', 'kv']);
    expect(jsonlRun.code).toBe(0);
    expect(jsonlRun.stdout).toContain('(jsonl, 4 events): linearizable (kv model');
    const edn = file('register.edn', ['{:process 0, :type :invoke, :f :write, :value 3}', '{:process 0, :type :ok, :f :write, :value 3}', '{:process 1, :type :invoke, :f :read, :value nil}', '{:process 1, :type :ok, :f :read, :value 4}']);
    const ednRun = await checkHistory([edn, '--model', 'cas-register', '--json']);
    expect(ednRun.code).toBe(1);
    expect(JSON.parse(ednRun.stdout)).toMatchObject({ format: 'edn', verdict: 'not-linearizable' });
  });

  it('reports a search the --timeout deadline ended as unknown, exit 1', async () => {
    const writers = Array.from({ length: 12 }, (_, index) => index + 1);
    const path = file('hopeless.edn', [
      ...writers.map((process) => `{:process ${process}, :type :invoke, :f :write, :value ${process}}`),
      ...writers.map((process) => `{:process ${process}, :type :ok, :f :write, :value ${process}}`),
      '{:process 0, :type :invoke, :f :read, :value nil}',
      '{:process 0, :type :ok, :f :read, :value 99}',
    ]);
    let clockMs = 0;
    const run = await checkHistory([path, '--model', 'cas-register', '--timeout', '50ms'], () => (clockMs += 10));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(': unknown: the search stopped at its deadline before reaching a verdict');
    expect(run.stdout).toContain('give the search more time with --timeout');
  });

  it.each([
    [['{"process":0,"type":"invoke","f":"read","time":0}', '{"process":0,"type":"ok","f":"read","value":1,"time":1}', '{"process":0,"type":"invoke","f":"read"}'], /: line 3: expected "time" to be an integer from 0/],
    [['{"process":0,"type":"invoke","f":"read","time":0}', 'INFO  jepsen.util - 0\t:ok\t:read\tnil'], /: line 2: expected a JSON object, got invalid JSON/],
    [['{"process":0,"type":"invoke","f":"delete","value":1,"time":0}'], /: line 1: the cas-register model has no operation "delete": expected read, write or cas/],
    [['{"process":0,"type":"ok","f":"read","value":1,"time":0}'], /: line 1: process 0 completes read \(ok\) with no open invocation/],
  ])('exits 2 for a line that does not parse or make sense, naming its number (%#)', async (lines, message) => {
    const path = file('bad.jsonl', lines);
    const run = await checkHistory([path, '--model', 'cas-register']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(isOneLine(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(/^faultline: history file ".*bad\.jsonl"/);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    [[], /needs a history file/],
    [['a.jsonl', 'b.jsonl', '--model', 'kv'], /unexpected argument "b.jsonl": check-history takes one history file/],
    [['x.jsonl'], /check-history needs --model: one of cas-register, kv, auto/],
    [['x.jsonl', '--model', 'queue'], /--model: unknown model "queue": expected one of cas-register, kv, auto/],
    [['x.jsonl', '--model', 'kv', '--format', 'csv'], /invalid --format "csv": expected one of auto, jsonl, edn, jepsen-log/],
    [['x.jsonl', '--model', 'kv', '--timeout', 'soon'], /--timeout: invalid duration "soon"/],
    [['x.jsonl', '--model', 'kv', '--timeout', '0s'], /invalid --timeout "0s": expected a duration above zero/],
    [[join(directory, 'missing.jsonl'), '--model', 'kv'], /cannot read history file ".*missing\.jsonl"/],
  ])('exits 2 for bad arguments: %j', async (args, message) => {
    const run = await checkHistory(args);
    expect(run.code).toBe(2);
    expect(isOneLine(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(message);
  });

  it('shows its help and exits 0', async () => {
    const run = await checkHistory(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: faultline check-history <file> --model cas-register\|kv/);
    expect(run.stdout).toContain('exit codes: 0 linearizable, 1 not linearizable or unknown');
  });
});
