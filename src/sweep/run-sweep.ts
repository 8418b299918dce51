// Runs one sweep: many seeds of one scenario on a pool of worker threads, optionally one
// shard of it, appending each result to a results file and resuming from it.
// Rule: a seed's result depends only on (scenario, params, seed), never on the number of
// workers, shards or batches, and the summary depends only on the set of results.
import { findScenario, SCENARIOS } from '../../scenarios/index.ts';
import type { RawParams } from '../scenario/params.ts';
import { BatchPlanner, MAX_BATCH_SEEDS, type BatchSizing } from './batch-planner.ts';
import { freshStart, loadResume, type ResumeState } from './resume.ts';
import { ResultsAppender } from './results-file.ts';
import { formatSeedRange, parseSeedRange, type SeedRange } from './seed-range.ts';
import type { SeedResult } from './seed-result.ts';
import { SeedSelection } from './seed-selection.ts';
import { formatShard, parseShard, WHOLE_SWEEP, type Shard } from './shard.ts';
import { createSweepPool, type SweepPool } from './sweep-pool.ts';
import { ProgressMeter, type Clock, type SweepProgress } from './sweep-progress.ts';
import { resolveSweepSetup, type SweepSetup } from './sweep-setup.ts';
import type { SweepSummary } from './sweep-summary.ts';
import { MAX_LISTED_FAILURES } from './sweep-tally.ts';
import { checkWorkerCount, defaultWorkerCount } from './worker-count.ts';

export { MAX_BATCH_SEEDS };

export interface SweepOptions {
  /** A scenario name from scenarios/index.ts. */
  readonly scenario: string;
  /** From parseSeedRange. */
  readonly seeds: SeedRange;
  /** `--set` values, text or typed; validated before anything runs. */
  readonly params?: RawParams;
  /** Run length override in virtual microseconds (part of the params fingerprint). */
  readonly untilUs?: number;
  /** From parseShard; the whole range when absent. */
  readonly shard?: Shard;
  /** 1..256; defaults to os.availableParallelism(). Ignored when `pool` is given. */
  readonly workers?: number;
  /** Seeds per batch sent to a worker, 1..MAX_BATCH_SEEDS; by default batches are sized by measured time per seed (batch-planner.ts). */
  readonly batchSize?: number;
  /** Results file (JSON Lines), appended to as batches finish. */
  readonly outPath?: string;
  /** Skip seeds already in `outPath` (needs `outPath`). */
  readonly resume?: boolean;
  /** Stops the sweep: no new batches, running ones finish and are written. */
  readonly signal?: AbortSignal;
  /** Called after every batch. */
  readonly onProgress?: (progress: SweepProgress) => void;
  /** Called with every batch's results, in completion order (before onProgress). */
  readonly onResults?: (results: readonly SeedResult[]) => void;
  /** A pool the caller owns (tests, long-lived hosts); runSweep then neither creates nor destroys one. */
  readonly pool?: SweepPool;
  /** Milliseconds, for rates; performance.now by default. */
  readonly clock?: Clock;
  /** Milliseconds, for timing batches to size them (adaptive sizing only); performance.now by default. */
  readonly batchClock?: Clock;
}

/** Validates everything, then runs. Bad input throws (RangeError / ParamError) before any thread starts. */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const scenario = findScenario(options.scenario);
  if (scenario === undefined) {
    throw new RangeError(`unknown scenario ${JSON.stringify(options.scenario)}: expected one of ${SCENARIOS.map((known) => known.name).join(', ')}`);
  }
  const setup = resolveSweepSetup(scenario, options.params, options.untilUs);
  const seeds = parseSeedRange(formatSeedRange(options.seeds));
  const shard = options.shard === undefined ? WHOLE_SWEEP : parseShard(formatShard(options.shard));
  const workers = options.pool?.workers ?? checkWorkerCount(options.workers ?? defaultWorkerCount());
  if (options.batchSize !== undefined && !(Number.isSafeInteger(options.batchSize) && options.batchSize >= 1 && options.batchSize <= MAX_BATCH_SEEDS)) {
    throw new RangeError(`invalid batch size ${String(options.batchSize)}: expected an integer from 1 to ${MAX_BATCH_SEEDS}`);
  }
  if (options.resume === true && options.outPath === undefined) throw new RangeError('resume needs a results file (--out) to resume from');
  const selection = new SeedSelection(seeds, shard);
  const resumed = options.resume === true && options.outPath !== undefined ? loadResume(options.outPath, setup, selection) : freshStart(selection);
  return new SweepRunner(options, setup, selection, resumed, workers).run();
}

class SweepRunner {
  private readonly toRun: number;
  private readonly sizing: BatchSizing;
  private readonly planner: BatchPlanner;
  private readonly meter: ProgressMeter;
  private readonly batchClock: Clock;
  private nextPosition = 0;
  private handedOut = 0;
  private runs = 0;
  private workersUsed = 0;

  constructor(
    private readonly options: SweepOptions,
    private readonly setup: SweepSetup,
    private readonly selection: SeedSelection,
    private readonly resumed: ResumeState,
    private readonly workers: number,
  ) {
    this.toRun = selection.count - resumed.skipped;
    this.sizing = options.batchSize === undefined ? { kind: 'adaptive' } : { kind: 'fixed', seeds: options.batchSize };
    this.planner = new BatchPlanner(this.sizing, workers);
    this.batchClock = options.batchClock ?? (() => performance.now());
    this.meter = new ProgressMeter(this.toRun, resumed.skipped, options.clock ?? (() => performance.now()));
  }

  async run(): Promise<SweepSummary> {
    const shouldStart = this.toRun > 0 && this.options.signal?.aborted !== true;
    const appender = this.options.outPath === undefined || !shouldStart ? undefined : ResultsAppender.open(this.options.outPath);
    let pool: SweepPool | undefined;
    try {
      if (shouldStart) {
        const batchesAtMost = this.sizing.kind === 'fixed' ? Math.ceil(this.toRun / this.sizing.seeds) : this.toRun;
        pool = this.options.pool ?? createSweepPool(Math.min(this.workers, batchesAtMost));
        this.workersUsed = pool.workers;
        await this.driveBatches(pool, (results) => this.record(results, appender));
      }
    } finally {
      appender?.close();
      if (this.options.pool === undefined) await pool?.destroy();
    }
    return this.summary();
  }

  /** One lane per worker thread; each takes the next batch as soon as its last one is in. */
  private async driveBatches(pool: SweepPool, onBatch: (results: SeedResult[]) => void): Promise<void> {
    let failure: { readonly error: unknown } | undefined;
    const lane = async (): Promise<void> => {
      while (failure === undefined && this.options.signal?.aborted !== true) {
        const seeds = this.nextBatch();
        if (seeds.length === 0) return;
        try {
          const sentMs = this.batchClock();
          const results = await pool.runBatch({ setup: this.setup, seeds });
          this.planner.record(seeds.length, this.batchClock() - sentMs);
          onBatch(results);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: pool.workers }, lane));
    if (failure !== undefined) throw failure.error;
  }

  /** The next seeds not yet done, in seed order; empty when none are left. */
  private nextBatch(): number[] {
    const seeds: number[] = [];
    const { done } = this.resumed;
    const size = this.planner.nextSize(this.toRun - this.handedOut);
    this.handedOut += size;
    while (seeds.length < size && this.nextPosition < this.selection.count) {
      if (done[this.nextPosition] === 0) seeds.push(this.selection.seedAt(this.nextPosition));
      this.nextPosition++;
    }
    return seeds;
  }

  private record(results: SeedResult[], appender: ResultsAppender | undefined): void {
    appender?.append(results);
    let failed = 0;
    for (const result of results) {
      this.resumed.tally.add(result);
      if (result.verdict !== 'pass') failed++;
    }
    this.runs += results.length;
    this.meter.record(results.length, failed);
    this.options.onResults?.(results);
    this.options.onProgress?.(this.meter.snapshot());
  }

  private summary(): SweepSummary {
    const tally = this.resumed.tally;
    const progress = this.meter.snapshot();
    return {
      scenario: this.setup.scenario,
      paramsFingerprint: this.setup.paramsFingerprint,
      seeds: formatSeedRange(this.selection.range),
      shard: formatShard(this.selection.shard),
      runs: this.runs,
      skipped: this.resumed.skipped,
      passed: tally.passed,
      failed: tally.failed,
      crashed: tally.crashed,
      failures: tally.listedFailures(),
      failuresNotListed: Math.max(0, tally.failed - MAX_LISTED_FAILURES),
      seedsPerSec: Math.round(progress.seedsPerSec * 10) / 10,
      elapsedSeconds: Math.round(progress.elapsedSeconds * 1000) / 1000,
      workers: this.workersUsed,
      interrupted: this.runs < this.toRun,
      warnings: this.resumed.warnings,
    };
  }
}
