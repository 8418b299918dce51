// The observability overhead case: its arguments, its table's verdict against issue 8's 3x,
// and one real (tiny) measurement's shape. No timing bound is asserted: the figures are the
// bench's to report, not a test's to judge.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatObsOverheadTable, measureObsOverhead, OBS_OVERHEAD_CASES, OBS_OVERHEAD_TARGET, parseObsOverheadArguments, type ObsOverheadMeasurement } from '../../bench/obs-overhead.ts';

function measurement(scenario: string, ratio: number): ObsOverheadMeasurement {
  return { scenario, traceSampleRatio: 1, plainMs: 20, observedMs: 20 * ratio, ratio, minRatio: ratio - 0.5, maxRatio: ratio + 0.5, exportBytes: 1_200_000, runs: 9, repeats: 1 };
}

describe('bench/obs-overhead', () => {
  it('measures the default cases with nine rounds when given no arguments', () => {
    const options = parseObsOverheadArguments([]);
    expect(options).toEqual({ mode: 'ratio', json: false, runs: 9, cases: OBS_OVERHEAD_CASES });
  });

  it('reads scenario@ratio, a default ratio for the rest, and the mode', () => {
    const options = parseObsOverheadArguments(['--phases', '--trace-sample', '0.5', 'retry-storm@0.1', 'raft', '--runs', '3']);
    expect(options.mode).toBe('phases');
    expect(options.runs).toBe(3);
    expect(options.cases).toEqual([
      { scenario: 'retry-storm', traceSampleRatio: 0.1 },
      { scenario: 'raft', traceSampleRatio: 0.5 },
    ]);
  });

  it.each([
    [['no-such-scenario'], 'unknown scenario "no-such-scenario"'],
    [['raft@0'], 'invalid trace sample ratio in "raft@0": expected a number above 0 and at most 1'],
    [['--trace-sample', '2'], 'invalid --trace-sample 2: expected a number above 0 and at most 1'],
    [['--runs', '0'], 'invalid --runs 0: expected an integer from 1 to 100'],
    [['--bogus'], 'unknown option "--bogus"'],
  ])('refuses %j naming the bad value', (argumentsList, message) => {
    expect(() => parseObsOverheadArguments(argumentsList)).toThrow(message);
  });

  it('says met at or under the target and NOT met above it', () => {
    const table = formatObsOverheadTable([measurement('raft', OBS_OVERHEAD_TARGET), measurement('retry-storm', OBS_OVERHEAD_TARGET + 0.01)]);
    const rows = table.trim().split('\n').slice(-2);
    expect(rows[0]).toMatch(/^raft .* 3\.00x .* met$/);
    expect(rows[1]).toMatch(/^retry-storm .* 3\.01x .* NOT met$/);
  });

  it('times a plain and an observed run of the same seed, and counts the bytes the exports wrote', () => {
    const result = measureObsOverhead({ scenario: 'echo', traceSampleRatio: 1 }, 1);
    expect(result.runs).toBe(1);
    // echo runs in well under a millisecond: a round repeats it to fill 40 ms.
    expect(result.repeats).toBeGreaterThan(10);
    expect(result.plainMs).toBeGreaterThan(0);
    expect(result.observedMs).toBeGreaterThan(0);
    expect(result.ratio).toBe(result.minRatio);
    expect(result.exportBytes).toBeGreaterThan(10_000);
  });

  it('as a script, refuses bad input in one line with exit 2', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/obs-overhead.ts', 'raft@7'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr.trimEnd().split('\n')).toEqual(['obs-overhead: invalid trace sample ratio in "raft@7": expected a number above 0 and at most 1']);
  });
});
