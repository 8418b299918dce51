// Live progress figures for a sweep: the CLI formats them, this computes them.
// Rule: host code only; the clock is injected (performance.now by default) so the
// arithmetic is testable without waiting.
export interface SweepProgress {
  /** Seeds run by this sweep so far (resumed seeds are not counted here). */
  readonly done: number;
  /** Seeds this sweep has to run (the selection minus resumed seeds). */
  readonly total: number;
  /** Failures (and crashes) among `done`. */
  readonly failed: number;
  /** Seeds skipped because the results file already had them. */
  readonly skipped: number;
  readonly elapsedSeconds: number;
  /** Over the whole sweep so far, worker start-up included. */
  readonly seedsPerSec: number;
  /** Undefined until the first results arrive. */
  readonly etaSeconds: number | undefined;
}

export type Clock = () => number;

export class ProgressMeter {
  private done = 0;
  private failed = 0;
  private readonly startedMs: number;

  constructor(
    private readonly total: number,
    private readonly skipped: number,
    private readonly nowMs: Clock,
  ) {
    this.startedMs = nowMs();
  }

  record(doneNow: number, failedNow: number): void {
    this.done += doneNow;
    this.failed += failedNow;
  }

  snapshot(): SweepProgress {
    const elapsedSeconds = Math.max(0, this.nowMs() - this.startedMs) / 1000;
    const seedsPerSec = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const remaining = this.total - this.done;
    const etaSeconds = remaining === 0 ? 0 : seedsPerSec > 0 ? remaining / seedsPerSec : undefined;
    return { done: this.done, total: this.total, failed: this.failed, skipped: this.skipped, elapsedSeconds, seedsPerSec, etaSeconds };
  }
}
