// The text summary of a sweep: counts, speed, at most MAX_SHOWN_FAILURES failures with
// their replay commands, crashes, and what to do after Ctrl-C.
import { describe, expect, it } from 'vitest';
import { formatSweepSummary, MAX_SHOWN_FAILURES } from '../../src/cli/sweep-summary-text.ts';
import type { SeedFailure, SweepSummary } from '../../src/sweep/index.ts';

const failure = (seed: number, overrides: Partial<SeedFailure> = {}): SeedFailure => ({
  seed,
  verdict: 'fail',
  property: 'every node sees every value',
  message: `node 0 has not seen value ${seed}`,
  replay: `npm run --silent faultline -- run broadcast --seed ${seed}`,
  ...overrides,
});

const summary = (overrides: Partial<SweepSummary> = {}): SweepSummary => ({
  scenario: 'broadcast',
  paramsFingerprint: '0123456789abcdef',
  seeds: '1..100',
  shard: '2/4',
  runs: 20,
  skipped: 5,
  passed: 25,
  failed: 0,
  crashed: 0,
  failures: [],
  failuresNotListed: 0,
  seedsPerSec: 41.5,
  elapsedSeconds: 0.482,
  workers: 2,
  interrupted: false,
  warnings: [],
  ...overrides,
});

describe('formatSweepSummary', () => {
  it('names the sweep, the runs, resumed seeds, the speed, the verdicts and the results file', () => {
    expect(formatSweepSummary(summary(), { outPath: 'results-2.jsonl' })).toEqual([
      'sweep     broadcast, seeds 1..100, shard 2/4, params fingerprint 0123456789abcdef',
      'runs      20 run now, 5 already in results-2.jsonl',
      'speed     41.5 seeds/s (2 workers, 0.482s)',
      'verdicts  25 passed, 0 failed',
      'results   results-2.jsonl',
    ]);
  });

  it(`shows the first ${MAX_SHOWN_FAILURES} failures, each with its replay command, and counts the rest`, () => {
    const failures = [failure(3, { verdict: 'crash', property: 'crash', message: 'TypeError: boom' }), ...Array.from({ length: 11 }, (_, index) => failure(10 + index))];
    const lines = formatSweepSummary(summary({ failed: 40, crashed: 1, passed: 0, failures, failuresNotListed: 0 }), { outPath: undefined });
    expect(lines[3]).toBe('verdicts  0 passed, 40 failed (1 crashed)');
    expect(lines[4]).toBe('failures  lowest seeds first, each with the command that replays it:');
    expect(lines.slice(5, 9)).toEqual([
      '  seed 3   crashed: TypeError: boom',
      '           npm run --silent faultline -- run broadcast --seed 3',
      '  seed 10  every node sees every value: node 0 has not seen value 10',
      '           npm run --silent faultline -- run broadcast --seed 10',
    ]);
    expect(lines.filter((line) => line.startsWith('  seed '))).toHaveLength(MAX_SHOWN_FAILURES);
    expect(lines.at(-1)).toBe('  and 30 more (--json lists the first 1000; a results file, --out, has every seed)');
  });

  it('cuts long messages to one short line', () => {
    const lines = formatSweepSummary(summary({ failed: 1, failures: [failure(1, { message: `first line\n${'x'.repeat(300)}` })] }), { outPath: undefined });
    const shown = lines.find((line) => line.startsWith('  seed 1'))!;
    expect(shown).toMatch(/^ {2}seed 1 {2}every node sees every value: first line x+\.\.\.$/);
    expect(shown.length).toBeLessThan(120);
  });

  it('says how to finish a sweep stopped by Ctrl-C', () => {
    expect(formatSweepSummary(summary({ interrupted: true }), { outPath: 'r.jsonl' }).at(-1)).toBe(
      'stopped   by Ctrl-C before every seed had a result; run the same command with --resume to run only the rest',
    );
    expect(formatSweepSummary(summary({ interrupted: true, skipped: 0 }), { outPath: undefined }).at(-1)).toBe(
      'stopped   by Ctrl-C before every seed had a result; use --out FILE, then --resume, to keep results across runs',
    );
  });
});
