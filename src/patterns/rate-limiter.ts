// Rate limiter: a token bucket. Each call takes a token; a token comes back every
// tokenIntervalUs, up to capacity (the largest burst). A call that finds the bucket empty
// is refused at once with 'rate-limited'. Rule: tokens are whole numbers refilled from
// elapsed virtual time, so there is no timer and no rounding drift.
import type { Micros } from '../engine/time.ts';
import { callError, type CallResult } from '../node/call-result.ts';
import { nodeContext, type Process } from '../node/process.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import { checkDuration, checkInteger, checkName, describePattern } from './settings-check.ts';

export interface RateLimiterSettings {
  /** Tokens the bucket holds: the largest burst. It starts full. */
  readonly capacity: number;
  /** One token is added every this long (10 ms: 100 calls a second, sustained). */
  readonly tokenIntervalUs: Micros;
  /** Shown in trace lines (default 'rate-limiter'). */
  readonly name?: string;
}

export interface RateLimiterSnapshot {
  readonly policy: string;
  readonly tokens: number;
  readonly capacity: number;
  readonly limited: number;
}

export class RateLimiter implements GenericPolicy {
  readonly name: string;
  readonly capacity: number;
  readonly tokenIntervalUs: Micros;
  private tokens: number;
  private refilledAtUs: Micros | undefined;
  private limited = 0;

  constructor(settings: RateLimiterSettings) {
    this.name = settings.name ?? 'rate-limiter';
    checkName('rate limiter', this.name);
    checkInteger(describePattern('rate limiter', settings.name), 'capacity', settings.capacity, 1, PATTERN_LIMITS.maxBucketTokens);
    checkDuration(describePattern('rate limiter', settings.name), 'tokenIntervalUs', settings.tokenIntervalUs, 1);
    this.capacity = settings.capacity;
    this.tokenIntervalUs = settings.tokenIntervalUs;
    this.tokens = settings.capacity;
  }

  /** Takes a token if there is one. */
  tryTake(nowUs: Micros): boolean {
    this.refill(nowUs);
    if (this.tokens === 0) {
      this.limited++;
      return false;
    }
    this.tokens--;
    return true;
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    if (!this.tryTake(context.now)) {
      emitPatternEvent(context, { kind: 'rate-limited', policy: this.name });
      return callError('rate-limited', context.id, `rate limiter ${this.name} has no tokens left`);
    }
    return yield* operation(execution);
  }

  snapshot(nowUs: Micros): RateLimiterSnapshot {
    this.refill(nowUs);
    return { policy: this.name, tokens: this.tokens, capacity: this.capacity, limited: this.limited };
  }

  private refill(nowUs: Micros): void {
    if (this.refilledAtUs === undefined || nowUs < this.refilledAtUs) {
      // First use, or a local clock stepped backwards: count from here.
      this.refilledAtUs = nowUs;
      return;
    }
    const earned = Math.floor((nowUs - this.refilledAtUs) / this.tokenIntervalUs);
    if (earned === 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + earned);
    this.refilledAtUs = this.tokens === this.capacity ? nowUs : this.refilledAtUs + earned * this.tokenIntervalUs;
  }
}

export function rateLimiter(settings: RateLimiterSettings): RateLimiter {
  return new RateLimiter(settings);
}
