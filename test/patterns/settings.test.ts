// Bad pattern settings are rejected when the pattern is built, with a RangeError that
// names the setting, the value and what is allowed.
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/node/call-result.ts';
import { bulkhead } from '../../src/patterns/bulkhead.ts';
import { circuitBreaker } from '../../src/patterns/circuit-breaker.ts';
import type { CircuitBreakerSettings } from '../../src/patterns/circuit-breaker-settings.ts';
import { fallback } from '../../src/patterns/fallback.ts';
import { hedge } from '../../src/patterns/hedge.ts';
import { idempotencyStore } from '../../src/patterns/idempotency.ts';
import { loadShedder } from '../../src/patterns/load-shedder.ts';
import { definePolicy } from '../../src/patterns/policy.ts';
import { rateLimiter } from '../../src/patterns/rate-limiter.ts';
import { retry, type RetrySettings } from '../../src/patterns/retry.ts';
import { retryBudget } from '../../src/patterns/retry-budget.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';

const RETRY: RetrySettings = { maxAttempts: 3, backoff: { initialDelayUs: 100, maxDelayUs: 1_000, multiplier: 2, jitter: 'full' } };
const BREAKER: CircuitBreakerSettings = {
  trip: { kind: 'consecutive-failures', failures: 5 },
  openDuration: { kind: 'fixed', durationUs: 1_000 },
  halfOpenProbes: 1,
};

describe('pattern settings', () => {
  it.each<[string, () => unknown, string]>([
    ['zero attempts', () => retry({ ...RETRY, maxAttempts: 0 }), 'retry: invalid maxAttempts 0: expected an integer from 1 to 100'],
    ['unlimited attempts', () => retry({ ...RETRY, maxAttempts: Infinity }), 'invalid maxAttempts Infinity'],
    ['a negative delay', () => retry({ ...RETRY, backoff: { ...RETRY.backoff, initialDelayUs: -5 } }), 'invalid backoff.initialDelayUs -5'],
    ['a cap below the first delay', () => retry({ ...RETRY, backoff: { ...RETRY.backoff, maxDelayUs: 50 } }), 'invalid backoff.maxDelayUs 50: expected at least backoff.initialDelayUs (100)'],
    ['a shrinking backoff', () => retry({ ...RETRY, backoff: { ...RETRY.backoff, multiplier: 0.5 } }), 'invalid backoff.multiplier 0.5: expected a number from 1 to 100'],
    ['an unknown jitter', () => retry({ ...RETRY, backoff: { ...RETRY.backoff, jitter: 'random' as never } }), 'invalid backoff.jitter "random": expected one of "none", "full", "equal", "decorrelated"'],
    ['a budget ratio above 1', () => retryBudget({ ratio: 1.5, windowUs: 1_000_000, minRetriesPerWindow: 1 }), 'retry budget: invalid ratio 1.5: expected a number from 0 to 1'],
    ['a budget window shorter than its buckets', () => retryBudget({ ratio: 0.1, windowUs: 5, minRetriesPerWindow: 1 }), 'invalid windowUs 5'],
    ['a window smaller than the minimum volume', () => circuitBreaker({ ...BREAKER, trip: { kind: 'failure-rate', threshold: 0.5, windowSize: 10, minimumVolume: 20 } }), 'invalid trip.windowSize 10: expected at least trip.minimumVolume (20)'],
    ['a failure threshold of 0', () => circuitBreaker({ ...BREAKER, trip: { kind: 'failure-rate', threshold: 0, windowSize: 10, minimumVolume: 5 } }), 'invalid trip.threshold 0'],
    ['zero consecutive failures', () => circuitBreaker({ ...BREAKER, trip: { kind: 'consecutive-failures', failures: 0 } }), 'invalid trip.failures 0'],
    ['zero half-open probes', () => circuitBreaker({ ...BREAKER, halfOpenProbes: 0 }), 'invalid halfOpenProbes 0'],
    ['a negative open time', () => circuitBreaker({ ...BREAKER, openDuration: { kind: 'fixed', durationUs: -1 } }), 'invalid openDuration.durationUs -1'],
    ['an adaptive cap below its start', () => circuitBreaker({ ...BREAKER, openDuration: { kind: 'adaptive', initialUs: 2_000, maxUs: 1_000, multiplier: 2, driver: 'trips' } }), 'invalid openDuration.maxUs 1000'],
    ['success-rate growth without a window', () => circuitBreaker({ ...BREAKER, openDuration: { kind: 'adaptive', initialUs: 1_000, maxUs: 9_000, multiplier: 2, driver: 'success-rate' } }), 'it needs trip.kind "failure-rate"'],
    ['a bulkhead with no slots', () => bulkhead({ maxConcurrent: 0, maxQueued: 1 }), 'bulkhead: invalid maxConcurrent 0'],
    ['a bulkhead with a negative queue', () => bulkhead({ maxConcurrent: 1, maxQueued: -1 }), 'invalid maxQueued -1'],
    ['a timeout of zero', () => timeout({ durationUs: 0 }), 'timeout: invalid durationUs 0'],
    ['a fractional timeout', () => timeout({ durationUs: 1.5 }), 'invalid durationUs 1.5'],
    ['an empty token bucket', () => rateLimiter({ capacity: 0, tokenIntervalUs: 10 }), 'invalid capacity 0'],
    ['a shedder with a negative target', () => loadShedder({ maxConcurrent: 1, maxQueued: 1, targetWaitUs: -1 }), 'invalid targetWaitUs -1'],
    ['a hedge with no copies', () => hedge({ delayUs: 10, maxHedges: 0 }), 'invalid maxHedges 0: expected an integer from 1 to 10'],
    ['results that never expire', () => idempotencyStore({ maxEntries: 10, expiryUs: 0, retention: 'volatile' }), 'invalid expiryUs 0'],
    ['an unknown retention', () => idempotencyStore({ maxEntries: 10, expiryUs: 10, retention: 'forever' as never }), 'invalid retention "forever"'],
    ['a fallback without an answer', () => fallback({ answer: undefined as never }), 'fallback: invalid answer'],
    ['a name with spaces', () => timeout({ durationUs: 5, name: 'my timeout' }), 'timeout: invalid name "my timeout"'],
    ['an empty wrap', () => wrap(), 'wrap: expected at least one policy'],
  ])('rejects %s', (_what, build, message) => {
    expect(build).toThrow(RangeError);
    expect(build).toThrow(message);
  });

  it('names the policy in the message, so a scenario with several can tell them apart', () => {
    expect(() => retry({ ...RETRY, maxAttempts: 0, name: 'to-payments' })).toThrow('retry to-payments: invalid maxAttempts 0');
  });

  it('checks settings when a policy is defined, before any node builds one', () => {
    let built = 0;
    const define = (): (() => unknown) =>
      definePolicy(() => {
        built++;
        return wrap(retry({ ...RETRY, maxAttempts: 0 }), timeout({ durationUs: 10 }));
      });
    expect(define).toThrow('invalid maxAttempts 0');
    expect(built).toBe(1);
    const good = definePolicy(() => fallback({ answer: () => ok('cached') }));
    expect(good()).not.toBe(good());
  });
});
