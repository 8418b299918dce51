// Retry: tries the wrapped operation again after a failure, waiting a backoff delay in
// between, up to a maximum number of attempts and, optionally, within a retry budget.
// Rule: maxAttempts counts every attempt, the first included, and is required and
// finite; when attempts or budget run out, the last failure is returned as it was.
import type { Random } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { CallResult } from '../node/call-result.ts';
import { nodeContext, sleep, type Process } from '../node/process.ts';
import { backoffDelay, checkBackoff, type BackoffSettings } from './backoff.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import type { RetryBudget } from './retry-budget.ts';
import { checkInteger, checkName, describePattern } from './settings-check.ts';

export interface RetrySettings {
  /** Attempts of one call, the first included: 1 (no retry) to 100. */
  readonly maxAttempts: number;
  readonly backoff: BackoffSettings;
  /** Shared by every policy given the same budget object (one per client node, typically). */
  readonly budget?: RetryBudget;
  /** Which results deserve another attempt (default: every one that is not ok). */
  readonly shouldRetry?: (result: CallResult<unknown>) => boolean;
  /** Where jitter is drawn from (default: the node's own stream). */
  readonly random?: Random;
  /** Shown in trace lines (default 'retry'). */
  readonly name?: string;
}

export interface RetrySnapshot {
  readonly policy: string;
  /** Logical calls started. */
  readonly calls: number;
  /** Attempts made, first attempts included: attempts / calls is the retry amplification. */
  readonly attempts: number;
  readonly exhausted: number;
  readonly refusedByBudget: number;
}

const isNotOk = (result: CallResult<unknown>): boolean => result.kind !== 'ok';

export class RetryPolicy implements GenericPolicy {
  readonly name: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffSettings;
  readonly budget: RetryBudget | undefined;
  private readonly shouldRetry: (result: CallResult<unknown>) => boolean;
  private readonly random: Random | undefined;
  private calls = 0;
  private attempts = 0;
  private exhausted = 0;
  private refusedByBudget = 0;

  constructor(settings: RetrySettings) {
    this.name = settings.name ?? 'retry';
    checkName('retry', this.name);
    checkInteger(describePattern('retry', settings.name), 'maxAttempts', settings.maxAttempts, 1, PATTERN_LIMITS.maxAttempts);
    checkBackoff(describePattern('retry', settings.name), settings.backoff);
    this.maxAttempts = settings.maxAttempts;
    this.backoff = settings.backoff;
    this.budget = settings.budget;
    this.shouldRetry = settings.shouldRetry ?? isNotOk;
    this.random = settings.random;
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    this.calls++;
    this.budget?.recordRequest(context.now);
    let previousDelayUs: Micros = 0;
    for (let attempt = 1; ; attempt++) {
      this.attempts++;
      const result = yield* operation({ ...execution, attempt });
      if (!this.shouldRetry(result)) return result;
      if (attempt >= this.maxAttempts) {
        this.exhausted++;
        if (this.maxAttempts > 1) emitPatternEvent(context, { kind: 'retry-exhausted', policy: this.name, attempts: attempt });
        return result;
      }
      if (this.budget !== undefined && !this.budget.tryRetry(context.now)) {
        this.refusedByBudget++;
        emitPatternEvent(context, { kind: 'retry-budget-exhausted', policy: this.name, attempt: attempt + 1 });
        return result;
      }
      const delayUs = backoffDelay(this.backoff, attempt, previousDelayUs, this.random ?? context.random);
      previousDelayUs = delayUs;
      emitPatternEvent(context, { kind: 'retry-scheduled', policy: this.name, attempt: attempt + 1, delayUs });
      yield* sleep(delayUs);
    }
  }

  snapshot(): RetrySnapshot {
    return { policy: this.name, calls: this.calls, attempts: this.attempts, exhausted: this.exhausted, refusedByBudget: this.refusedByBudget };
  }

  toJSON(): RetrySnapshot {
    return this.snapshot();
  }
}

export function retry(settings: RetrySettings): RetryPolicy {
  return new RetryPolicy(settings);
}
