// The real executable, as a user runs it: `node bin/faultline.js`, from another working
// directory. Two processes, started together, to keep the file fast (exit 1 and the
// rest are covered in-process).
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { STACK_FRAME } from './capture-host.ts';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runBin(argv: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const environment = { ...process.env };
    delete environment['FAULTLINE_DEBUG'];
    execFile(process.execPath, [BIN, ...argv], { cwd: tmpdir(), env: environment, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('bin/faultline.js', () => {
  let passing: ProcessResult;
  let badInput: ProcessResult;

  beforeAll(async () => {
    [passing, badInput] = await Promise.all([
      runBin(['run', 'echo', '--seed', '11', '--json']),
      runBin(['run', 'broadcast', '--set', 'nodes=abc']),
    ]);
  }, 60_000);

  it('exits 0 with one JSON report on stdout, the same run as in-process', () => {
    expect(passing.stderr).toBe('');
    expect(passing.code).toBe(0);
    const report = JSON.parse(passing.stdout) as Report;
    expect(report).toMatchObject({ scenario: 'echo', seed: 11, verdict: 'pass' });
    expect(report.traceHash).toBe(runScenario(findScenario('echo')!, { seed: 11 }).traceHash);
  });

  it('exits 2 with one line on stderr and no stack trace for bad input', () => {
    expect(badInput.code).toBe(2);
    expect(badInput.stdout).toBe('');
    expect(badInput.stderr).toBe('faultline: invalid value "abc" for parameter "nodes": expected an integer from 1 to 1000000\n');
    expect(badInput.stderr).not.toMatch(STACK_FRAME);
  });
});
