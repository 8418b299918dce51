// Sweeps on real worker threads. Pools are costly to start (tsx loads in each thread), so
// the file starts two: the 1-worker baseline sweep creates and destroys its own, and one
// 2-worker pool is shared by every other test.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParamError } from '../../src/scenario/params.ts';
import { MAX_BATCH_SEEDS, PROBE_BATCH_SEEDS } from '../../src/sweep/batch-planner.ts';
import { readResultsFile } from '../../src/sweep/results-file.ts';
import { runSweep, type SweepOptions } from '../../src/sweep/run-sweep.ts';
import { parseSeedRange } from '../../src/sweep/seed-range.ts';
import { parseResultLine, type SeedResult } from '../../src/sweep/seed-result.ts';
import { parseShard } from '../../src/sweep/shard.ts';
import { createSweepPool, type SweepPool } from '../../src/sweep/sweep-pool.ts';
import type { SweepProgress } from '../../src/sweep/sweep-progress.ts';
import type { SweepSummary } from '../../src/sweep/sweep-summary.ts';

const POOL_TEST_TIMEOUT_MS = 30_000;
const directory = mkdtempSync(join(tmpdir(), 'faultline-sweep-'));
let fileCount = 0;
const newPath = (): string => join(directory, `results-${++fileCount}.jsonl`);

const ECHO_SEEDS = parseSeedRange('1..24');
const ECHO_PARAMS = { requests: '8' };

let twoPool: SweepPool;
/** The 1-worker run every other echo sweep is compared with, ordered by seed. */
let baseline: SeedResult[];
let baselineSummary: SweepSummary;

/** Runs a sweep and collects its results (ordered by seed) as they arrive. */
async function sweep(options: Partial<SweepOptions>): Promise<{ summary: SweepSummary; results: SeedResult[]; progress: SweepProgress[] }> {
  const results: SeedResult[] = [];
  const progress: SweepProgress[] = [];
  const summary = await runSweep({
    scenario: 'echo',
    seeds: ECHO_SEEDS,
    params: ECHO_PARAMS,
    onResults: (batch) => results.push(...batch),
    onProgress: (snapshot) => progress.push(snapshot),
    ...options,
  });
  results.sort((left, right) => left.seed - right.seed);
  return { summary, results, progress };
}

const fileSeeds = (path: string): number[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parseResultLine(line);
      if ('problem' in parsed) throw new Error(`bad line in ${path}: ${parsed.problem}`);
      return parsed.seed;
    });

beforeAll(async () => {
  twoPool = createSweepPool(2);
  const run = await sweep({ workers: 1 });
  baseline = run.results;
  baselineSummary = run.summary;
}, POOL_TEST_TIMEOUT_MS);

afterAll(async () => {
  await twoPool.destroy();
});

describe('sweeps on worker threads', () => {
  it('runs every seed once and summarises them', () => {
    expect(baseline.map((result) => result.seed)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    expect(new Set(baseline.map((result) => result.traceHash)).size).toBe(24);
    expect(baselineSummary).toMatchObject({ scenario: 'echo', seeds: '1..24', shard: '1/1', runs: 24, skipped: 0, passed: 24, failed: 0, workers: 1, interrupted: false, warnings: [] });
  });

  it('gives the same verdicts and trace hashes with 1 and 2 workers', async () => {
    const path = newPath();
    const run = await sweep({ pool: twoPool, outPath: path });
    expect(run.results).toEqual(baseline);
    expect(run.summary.workers).toBe(2);
    expect(readResultsFile(path).results).toEqual(baseline);
    const last = run.progress.at(-1);
    expect(last).toMatchObject({ done: 24, total: 24, failed: 0, skipped: 0, etaSeconds: 0 });
    expect(run.progress.map((snapshot) => snapshot.done)).toEqual([...run.progress.map((snapshot) => snapshot.done)].sort((left, right) => left - right));
  }, POOL_TEST_TIMEOUT_MS);

  it('gives the unsharded results when shards 1/3, 2/3 and 3/3 are merged', async () => {
    const paths = [newPath(), newPath(), newPath()];
    for (const [index, path] of paths.entries()) {
      const run = await sweep({ pool: twoPool, shard: parseShard(`${index + 1}/3`), outPath: path });
      expect(run.summary.runs).toBe(8);
      expect(run.summary.shard).toBe(`${index + 1}/3`);
      expect(run.results.every((result) => (result.seed - 1) % 3 === index)).toBe(true);
    }
    const merged = newPath();
    writeFileSync(merged, paths.map((path) => readFileSync(path, 'utf8')).join(''));
    expect(readResultsFile(merged).results).toEqual(baseline);
  }, POOL_TEST_TIMEOUT_MS);

  it('resumes an aborted sweep so that every seed is written exactly once with the same hashes', async () => {
    const path = newPath();
    const controller = new AbortController();
    const first = await sweep({ pool: twoPool, outPath: path, batchSize: 3, signal: controller.signal, onResults: () => controller.abort() });
    expect(first.summary.interrupted).toBe(true);
    expect(first.summary.runs).toBeGreaterThan(0);
    expect(first.summary.runs).toBeLessThan(24);
    expect(fileSeeds(path)).toHaveLength(first.summary.runs);

    const second = await sweep({ pool: twoPool, outPath: path, resume: true });
    expect(second.summary).toMatchObject({ runs: 24 - first.summary.runs, skipped: first.summary.runs, passed: 24, failed: 0, interrupted: false });
    expect(second.progress.at(-1)).toMatchObject({ done: 24 - first.summary.runs, total: 24 - first.summary.runs, skipped: first.summary.runs });
    expect([...fileSeeds(path)].sort((left, right) => left - right)).toEqual(baseline.map((result) => result.seed));
    expect(readResultsFile(path).results).toEqual(baseline);
  }, POOL_TEST_TIMEOUT_MS);

  it('tolerates and reports a last line cut short by a kill, and runs that seed again', async () => {
    const path = newPath();
    const lines = baseline.map((result) => JSON.stringify(result));
    writeFileSync(path, `${lines.slice(0, 20).join('\n')}\n${lines[20]?.slice(0, 30)}`);
    const run = await sweep({ pool: twoPool, outPath: path, resume: true });
    expect(run.summary.warnings).toEqual([
      `${path} line 21, the last line, is cut short (no newline at the end), most likely a write cut short when a sweep was killed: removed it (30 bytes); its seed runs again`,
    ]);
    expect(run.summary).toMatchObject({ runs: 4, skipped: 20, passed: 24 });
    expect(run.results.map((result) => result.seed)).toEqual([21, 22, 23, 24]);
    expect(readResultsFile(path)).toEqual({ results: baseline, warnings: [] });
  }, POOL_TEST_TIMEOUT_MS);

  it('runs nothing and starts no pool when the results file already has every seed', async () => {
    const path = newPath();
    writeFileSync(path, baseline.map((result) => `${JSON.stringify(result)}\n`).join(''));
    const run = await sweep({ outPath: path, resume: true, workers: 2 });
    expect(run.summary).toMatchObject({ runs: 0, skipped: 24, passed: 24, workers: 0, interrupted: false });
    expect(run.results).toEqual([]);
  });

  it('gives the same results whether batches are sized by measured time or fixed', async () => {
    // A clock that barely moves makes every seed look almost free, so adaptive batches
    // grow from the probe size to the largest the end-of-sweep split allows.
    let fakeMs = 0;
    const clock = (): number => (fakeMs += 0.001);
    const seeds = parseSeedRange('1..400');
    const adaptive = await sweep({ pool: twoPool, seeds, batchClock: clock });
    const adaptiveSizes = adaptive.progress.map((snapshot, index) => snapshot.done - (adaptive.progress[index - 1]?.done ?? 0));
    const fixed = await sweep({ pool: twoPool, seeds, batchSize: 7 });
    expect(adaptive.results).toEqual(fixed.results);
    expect(adaptive.results.map((result) => result.seed)).toEqual(Array.from({ length: 400 }, (_, index) => index + 1));
    expect(adaptiveSizes.slice(0, 2)).toEqual([PROBE_BATCH_SEEDS, PROBE_BATCH_SEEDS]);
    expect(Math.max(...adaptiveSizes)).toBeGreaterThan(32);
    expect(Math.max(...adaptiveSizes)).toBeLessThanOrEqual(MAX_BATCH_SEEDS);
    expect(adaptive.summary).toMatchObject({ runs: 400, passed: 400, failed: 0, workers: 2 });
  }, POOL_TEST_TIMEOUT_MS);

  it('lists failing seeds by seed with their property, message and replay command', async () => {
    const run = await sweep({ scenario: 'broadcast', seeds: parseSeedRange('1..6'), params: { retransmit: 'false' }, pool: twoPool });
    const failing = run.results.filter((result) => result.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    expect(run.summary).toMatchObject({ scenario: 'broadcast', runs: 6, failed: failing.length, passed: 6 - failing.length, crashed: 0, workers: 2 });
    expect(run.summary.failures).toEqual(
      failing.map((result) => ({ seed: result.seed, verdict: 'fail', property: result.property, message: result.message, replay: result.replay })),
    );
    for (const failure of run.summary.failures) {
      expect(failure.property).toBe('every node sees every value');
      expect(failure.replay).toBe(`npm run --silent faultline -- run broadcast --seed ${failure.seed} --set retransmit=false`);
    }
  }, POOL_TEST_TIMEOUT_MS);
});

describe('sweep input checks (before any thread starts)', () => {
  it('refuses a broken line in the middle of the results file, naming it', async () => {
    const path = newPath();
    writeFileSync(path, `${JSON.stringify(baseline[0])}\n{"seed":\n${JSON.stringify(baseline[1])}\n`);
    await expect(sweep({ outPath: path, resume: true })).rejects.toThrow(new RangeError(`${path} line 2 is not a result (not valid JSON) and is not the last line: fix or remove it (only a last line cut short by a killed sweep is tolerated)`));
  });

  it('refuses to resume a file written with other parameters', async () => {
    const path = newPath();
    writeFileSync(path, `${JSON.stringify(baseline[0])}\n`);
    await expect(sweep({ outPath: path, resume: true, params: { requests: '9' } })).rejects.toThrow(`${path} line 1: a result for scenario echo with params fingerprint`);
  });

  it.each([
    [{ workers: 0 }, 'invalid worker count 0: expected an integer from 1 to 256'],
    [{ workers: 257 }, 'invalid worker count 257: expected an integer from 1 to 256'],
    [{ scenario: 'nope' }, 'unknown scenario "nope": expected one of broadcast, echo'],
    [{ seeds: { first: 10, last: 1 } }, 'invalid seed range "10..1": the first seed is after the last'],
    [{ shard: { index: 4, count: 3 } }, 'invalid shard "4/3"'],
    [{ batchSize: 0 }, `invalid batch size 0: expected an integer from 1 to ${MAX_BATCH_SEEDS}`],
    [{ resume: true }, 'resume needs a results file (--out) to resume from'],
  ] as const)('rejects %j with a RangeError', async (options, message) => {
    await expect(sweep(options)).rejects.toThrow(RangeError);
    await expect(sweep(options)).rejects.toThrow(message);
  });

  it('rejects bad parameters with the runner\'s ParamError', async () => {
    await expect(sweep({ params: { requests: '0' } })).rejects.toThrow(ParamError);
  });
});
