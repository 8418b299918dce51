// The real executable, as a user runs it: `node bin/faultline.js`, from another working
// directory. Three processes, started together, to keep the file fast (exit 1 and the
// rest are covered in-process): a run, bad input, and a sweep stopped by a real SIGINT.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-bin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const SWEEP_RESULTS = join(scratch, 'results.jsonl');

/** Runs the executable; `onStart` may watch it (and signal it) while it runs. */
function runBin(argv: readonly string[], onStart?: (signal: (name: NodeJS.Signals) => void) => void): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const environment = { ...process.env };
    delete environment['FAULTLINE_DEBUG'];
    const child = execFile(process.execPath, [BIN, ...argv], { cwd: tmpdir(), env: environment, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
    onStart?.((name) => void child.kill(name));
  });
}

/** Presses Ctrl-C (SIGINT) as soon as the sweep has written its first results. */
function interruptOnFirstResults(signal: (name: NodeJS.Signals) => void): void {
  const watcher = watch(scratch, () => {
    if (!existsSync(SWEEP_RESULTS) || statSync(SWEEP_RESULTS).size === 0) return;
    watcher.close();
    signal('SIGINT');
  });
}

describe('bin/faultline.js', () => {
  let passing: ProcessResult;
  let badInput: ProcessResult;
  let interrupted: ProcessResult;

  beforeAll(async () => {
    [passing, badInput, interrupted] = await Promise.all([
      runBin(['run', 'echo', '--seed', '11', '--json']),
      runBin(['run', 'broadcast', '--set', 'nodes=abc']),
      runBin(['sweep', 'echo', '--seeds', '1..1000000', '--workers', '1', '--out', SWEEP_RESULTS], interruptOnFirstResults),
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

  it('stops a sweep on SIGINT with exit 130, keeping every finished seed and printing the summary', () => {
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('faultline: stopping: running batches finish and are kept (Ctrl-C again quits at once)\n');
    expect(interrupted.stdout).toContain('stopped   by Ctrl-C before every seed had a result; run the same command with --resume to run only the rest\n');
    const lines = readFileSync(SWEEP_RESULTS, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const seeds = lines.map((line) => (JSON.parse(line) as { seed: number }).seed);
    // One worker takes batches in seed order, so what was kept is a prefix of the range.
    expect(seeds).toEqual(seeds.map((_, index) => index + 1));
    expect(seeds.length).toBeGreaterThan(0);
    expect(seeds.length).toBeLessThan(1_000_000);
    expect(interrupted.stdout).toContain(`runs      ${seeds.length} run now\n`);
  });
});
