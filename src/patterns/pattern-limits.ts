// Every limit the resilience patterns accept, named in one place. Rule: a setting
// outside these bounds is rejected with a RangeError when the pattern is built, so an
// unbounded retry loop or queue can never reach a run.
import { MICROS_PER_SECOND, type Micros } from '../engine/time.ts';

export const PATTERN_LIMITS = {
  /** Attempts of one logical call, the first included. */
  maxAttempts: 100,
  /** The longest delay, timeout, window or expiry any pattern accepts: one day. */
  maxDurationUs: 24 * 3600 * MICROS_PER_SECOND as Micros,
  /** Calls running at once in a bulkhead or shedder. */
  maxConcurrent: 1_000_000,
  /** Calls waiting in a bulkhead or shedder queue. */
  maxQueued: 1_000_000,
  /** Outcomes a circuit breaker's sliding window holds. */
  maxWindowSize: 100_000,
  /** Probes admitted in one half-open period. */
  maxHalfOpenProbes: 1_000,
  /** Growth factor of backoff and adaptive open time. */
  maxMultiplier: 100,
  /** Extra copies a hedged call may send. */
  maxHedges: 10,
  /** Results an idempotency store keeps. */
  maxStoreEntries: 1_000_000,
  /** Tokens a rate limiter's bucket holds. */
  maxBucketTokens: 1_000_000,
  /** Retries a budget allows per window regardless of traffic. */
  maxRetriesPerWindow: 1_000_000,
} as const;
