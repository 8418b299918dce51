// Counts verdicts and keeps the failures a summary lists. Rule: what it reports depends
// only on which results it was given, never on their order, so the summary is the same
// whatever the number of workers and whichever batch finished first.
import type { SeedResult } from './seed-result.ts';

/** The most failures a summary lists (the lowest seeds); the rest are only counted. */
export const MAX_LISTED_FAILURES = 1_000;

export interface SeedFailure {
  readonly seed: number;
  readonly verdict: 'fail' | 'crash';
  readonly property: string;
  readonly message: string;
  readonly replay: string;
}

export class SweepTally {
  passed = 0;
  /** Includes crashes. */
  failed = 0;
  crashed = 0;
  private failures: SeedFailure[] = [];

  add(result: SeedResult): void {
    if (result.verdict === 'pass') {
      this.passed++;
      return;
    }
    this.failed++;
    if (result.verdict === 'crash') this.crashed++;
    this.failures.push({
      seed: result.seed,
      verdict: result.verdict,
      property: result.property ?? '',
      message: result.message ?? '',
      replay: result.replay ?? '',
    });
    if (this.failures.length >= 2 * MAX_LISTED_FAILURES) this.trim();
  }

  get count(): number {
    return this.passed + this.failed;
  }

  /** Ordered by seed, at most MAX_LISTED_FAILURES. */
  listedFailures(): SeedFailure[] {
    this.trim();
    return this.failures.slice();
  }

  private trim(): void {
    // Seeds are distinct within a sweep, so this order has no ties.
    this.failures.sort((left, right) => left.seed - right.seed);
    if (this.failures.length > MAX_LISTED_FAILURES) this.failures.length = MAX_LISTED_FAILURES;
  }
}
