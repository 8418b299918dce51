// A retry budget: retries may be at most a fraction of requests over a sliding window
// (plus a small allowance), so a struggling service sees a bounded amplification instead
// of a retry storm. Rule: the window is RETRY_BUDGET_BUCKETS equal buckets of time; at
// the moment of every retry, the retries counted in the window (that one included) are at
// most floor(ratio * requests in the window) + minRetriesPerWindow.
import type { Micros } from '../engine/time.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { checkDuration, checkInteger, checkNumber } from './settings-check.ts';

export const RETRY_BUDGET_BUCKETS = 10;

export interface RetryBudgetSettings {
  /** Retries allowed per request in the window, from 0 to 1 (0.1: one retry per ten requests). */
  readonly ratio: number;
  /** Length of the sliding window; at least one microsecond per bucket. */
  readonly windowUs: Micros;
  /** Retries allowed in any window even with no traffic (so a quiet client can still retry). */
  readonly minRetriesPerWindow: number;
}

export interface RetryBudgetSnapshot {
  readonly requests: number;
  readonly retries: number;
  readonly allowedRetries: number;
  readonly refused: number;
}

export class RetryBudget {
  readonly ratio: number;
  readonly windowUs: Micros;
  readonly minRetriesPerWindow: number;
  readonly bucketUs: Micros;
  private readonly bucketIds = new Array<number>(RETRY_BUDGET_BUCKETS).fill(-1);
  private readonly requests = new Array<number>(RETRY_BUDGET_BUCKETS).fill(0);
  private readonly retries = new Array<number>(RETRY_BUDGET_BUCKETS).fill(0);
  private latestBucket = 0;
  private refusedCount = 0;

  constructor(settings: RetryBudgetSettings) {
    checkNumber('retry budget', 'ratio', settings.ratio, 0, 1);
    checkDuration('retry budget', 'windowUs', settings.windowUs, RETRY_BUDGET_BUCKETS);
    checkInteger('retry budget', 'minRetriesPerWindow', settings.minRetriesPerWindow, 0, PATTERN_LIMITS.maxRetriesPerWindow);
    this.ratio = settings.ratio;
    this.windowUs = settings.windowUs;
    this.minRetriesPerWindow = settings.minRetriesPerWindow;
    this.bucketUs = Math.ceil(settings.windowUs / RETRY_BUDGET_BUCKETS);
  }

  /** Counts a logical request (its first attempt). */
  recordRequest(nowUs: Micros): void {
    const slot = this.slot(nowUs);
    this.requests[slot] = (this.requests[slot] as number) + 1;
  }

  /** Counts and allows a retry if the budget has room; otherwise refuses it. */
  tryRetry(nowUs: Micros): boolean {
    const slot = this.slot(nowUs);
    const { requests, retries } = this.totals();
    if (retries >= this.allowed(requests)) {
      this.refusedCount++;
      return false;
    }
    this.retries[slot] = (this.retries[slot] as number) + 1;
    return true;
  }

  snapshot(nowUs: Micros): RetryBudgetSnapshot {
    this.slot(nowUs);
    const { requests, retries } = this.totals();
    return { requests, retries, allowedRetries: this.allowed(requests), refused: this.refusedCount };
  }

  private allowed(requests: number): number {
    return Math.floor(this.ratio * requests) + this.minRetriesPerWindow;
  }

  /** The slot of the current bucket, cleared if it held an older bucket. */
  private slot(nowUs: Micros): number {
    // A local clock stepped backwards must not reopen old buckets: time here only moves on.
    const bucket = Math.max(this.latestBucket, Math.floor(nowUs / this.bucketUs));
    this.latestBucket = bucket;
    const slot = bucket % RETRY_BUDGET_BUCKETS;
    if (this.bucketIds[slot] !== bucket) {
      this.bucketIds[slot] = bucket;
      this.requests[slot] = 0;
      this.retries[slot] = 0;
    }
    return slot;
  }

  private totals(): { requests: number; retries: number } {
    let requests = 0;
    let retries = 0;
    for (let slot = 0; slot < RETRY_BUDGET_BUCKETS; slot++) {
      if ((this.bucketIds[slot] as number) > this.latestBucket - RETRY_BUDGET_BUCKETS) {
        requests += this.requests[slot] as number;
        retries += this.retries[slot] as number;
      }
    }
    return { requests, retries };
  }
}

export function retryBudget(settings: RetryBudgetSettings): RetryBudget {
  return new RetryBudget(settings);
}
