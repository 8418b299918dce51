// Fallback: a cheaper answer (a cached value, a default, a degraded reply) when the call
// fails or a breaker refuses it. Rule: a fallback knows the reply type, so it is a
// Policy<Reply>, normally the outermost one: wrap(fallback, retry, breaker, ...).
import type { CallFailure, CallResult } from '../node/call-result.ts';
import { nodeContext, type Process } from '../node/process.ts';
import { describeOutcome } from '../node/call-result.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type Operation, type Policy } from './policy.ts';
import { checkName, describePattern } from './settings-check.ts';

export interface FallbackSettings<Reply> {
  /** The answer to give instead of the failure (it may be another failure, a degraded one). */
  readonly answer: (failure: CallFailure) => CallResult<Reply>;
  /** Which failures to replace (default: all of them). */
  readonly shouldReplace?: (failure: CallFailure) => boolean;
  /** Shown in trace lines (default 'fallback'). */
  readonly name?: string;
}

export interface FallbackSnapshot {
  readonly policy: string;
  readonly used: number;
}

export class FallbackPolicy<Reply> implements Policy<Reply> {
  readonly name: string;
  private readonly answer: (failure: CallFailure) => CallResult<Reply>;
  private readonly shouldReplace: (failure: CallFailure) => boolean;
  private used = 0;

  constructor(settings: FallbackSettings<Reply>) {
    this.name = settings.name ?? 'fallback';
    checkName('fallback', this.name);
    if (typeof settings.answer !== 'function') throw new RangeError(`${describePattern('fallback', settings.name)}: invalid answer: expected a function of the failure`);
    this.answer = settings.answer;
    this.shouldReplace = settings.shouldReplace ?? (() => true);
  }

  *execute(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const result = yield* operation(execution);
    if (result.kind === 'ok' || !this.shouldReplace(result)) return result;
    this.used++;
    emitPatternEvent(yield* nodeContext(), { kind: 'fallback-used', policy: this.name, outcome: describeOutcome(result) });
    return this.answer(result);
  }

  snapshot(): FallbackSnapshot {
    return { policy: this.name, used: this.used };
  }

  toJSON(): FallbackSnapshot {
    return this.snapshot();
  }
}

export function fallback<Reply>(settings: FallbackSettings<Reply>): FallbackPolicy<Reply> {
  return new FallbackPolicy(settings);
}
