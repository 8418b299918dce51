// The resilience patterns, in one import for scenarios. Rule: nothing is defined here;
// each pattern lives in its own file, which says what it is for.
export { backoffBounds, backoffDelay, exponentialDelay, JITTER_MODES, type BackoffSettings, type JitterMode } from './backoff.ts';
export { bulkhead, Bulkhead, type BulkheadSettings, type BulkheadSnapshot } from './bulkhead.ts';
export { circuitBreaker, CircuitBreaker, type CircuitBreakerSnapshot } from './circuit-breaker.ts';
export type { AdaptiveDriver, CircuitBreakerSettings, CircuitState, OpenDuration, TripRule } from './circuit-breaker-settings.ts';
export { fallback, FallbackPolicy, type FallbackSettings } from './fallback.ts';
export { hedge, HedgePolicy, type HedgeSettings } from './hedge.ts';
export { idempotencyStore, IdempotencyStore, type IdempotencyRetention, type IdempotencySettings } from './idempotency.ts';
export { loadShedder, LoadShedder, type LoadShedderSettings, type LoadShedderSnapshot } from './load-shedder.ts';
export { PATTERN_LIMITS } from './pattern-limits.ts';
export { formatPatternEvent, parsePatternEvent, PATTERN_LOG_PREFIX, type PatternEvent, type PatternEventKind } from './pattern-event.ts';
export { definePolicy, FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation, type Policy, type Priority } from './policy.ts';
export { rateLimiter, RateLimiter, type RateLimiterSettings } from './rate-limiter.ts';
export { retry, RetryPolicy, type RetrySettings, type RetrySnapshot } from './retry.ts';
export { retryBudget, RetryBudget, type RetryBudgetSettings } from './retry-budget.ts';
export { timeout, TimeoutPolicy, type TimeoutSettings } from './timeout.ts';
export { wrap, type WrappedGenericPolicy, type WrappedPolicy } from './wrap.ts';
