// How many seeds the next batch of a sweep carries. Rule: it only groups seeds, never
// chooses or orders them, so a sweep's results never depend on it. Adaptive sizing
// follows the time per seed measured in the host (batch round trips), so that a batch
// takes about TARGET_BATCH_MS: cheap seeds (a broadcast seed is ~0.3 ms) travel in large
// batches that amortise the fixed cost of a round trip, costly ones (a Raft seed is
// ~10 ms) in small ones that keep the workers' shares even at the end.

/** The most seeds one batch carries, fixed or adaptive. */
export const MAX_BATCH_SEEDS = 500;
/** What an adaptive batch aims to take, round trip included. */
export const TARGET_BATCH_MS = 50;
/** Seeds in each worker's first batches, before any time per seed is known. */
export const PROBE_BATCH_SEEDS = 2;
/** Weight of the newest batch in the time-per-seed estimate (the rest is the earlier estimate). */
const NEWEST_WEIGHT = 0.5;

/** `fixed`: every batch has `seeds` seeds (the last may have fewer); `adaptive`: sized by measured time. */
export type BatchSizing = { readonly kind: 'fixed'; readonly seeds: number } | { readonly kind: 'adaptive' };

export class BatchPlanner {
  private msPerSeed: number | undefined;

  constructor(
    private readonly sizing: BatchSizing,
    private readonly workers: number,
  ) {}

  /** The size of the next batch, given the seeds still to hand out (0 when none are left). */
  nextSize(remaining: number): number {
    if (remaining <= 0) return 0;
    if (this.sizing.kind === 'fixed') return Math.min(this.sizing.seeds, remaining);
    // Near the end a batch takes at most a worker's share of the seeds left, so no worker idles while one finishes a large batch.
    const fairShare = Math.ceil(remaining / this.workers);
    const wanted = this.msPerSeed === undefined ? PROBE_BATCH_SEEDS : Math.round(TARGET_BATCH_MS / this.msPerSeed);
    return Math.min(remaining, fairShare, Math.max(1, Math.min(MAX_BATCH_SEEDS, wanted)));
  }

  /** A batch of `seeds` seeds came back `elapsedMs` after it was sent. */
  record(seeds: number, elapsedMs: number): void {
    if (seeds <= 0 || !(elapsedMs >= 0)) return;
    const newest = Math.max(elapsedMs, 1e-3) / seeds;
    this.msPerSeed = this.msPerSeed === undefined ? newest : NEWEST_WEIGHT * newest + (1 - NEWEST_WEIGHT) * this.msPerSeed;
  }

  /** The current estimate, for reports; undefined before the first batch is back. */
  get estimatedMsPerSeed(): number | undefined {
    return this.msPerSeed;
  }
}
