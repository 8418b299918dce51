// Timeout: gives up on the wrapped operation after a fixed time of the node's clock, and
// cancels it. Rule: the operation runs as a child process; when the deadline passes it
// is cancelled (its finally blocks run, so a bulkhead inside gets its permit back, and a
// reply that comes later is ignored), and the result is a timeout at exactly the deadline.
import type { Micros } from '../engine/time.ts';
import { timedOut, type CallResult } from '../node/call-result.ts';
import { join, nodeContext, spawn, type Process } from '../node/process.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import { checkDuration, checkName, describePattern } from './settings-check.ts';

export interface TimeoutSettings {
  /** How long the wrapped operation may take; at least 1 us. */
  readonly durationUs: Micros;
  /** Shown in trace lines (default 'timeout'). */
  readonly name?: string;
}

export interface TimeoutSnapshot {
  readonly policy: string;
  readonly durationUs: Micros;
  readonly timeouts: number;
}

export class TimeoutPolicy implements GenericPolicy {
  readonly name: string;
  readonly durationUs: Micros;
  private timeouts = 0;

  constructor(settings: TimeoutSettings) {
    this.name = settings.name ?? 'timeout';
    checkName('timeout', this.name);
    checkDuration(describePattern('timeout', settings.name), 'durationUs', settings.durationUs, 1);
    this.durationUs = settings.durationUs;
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const task = yield* spawn(operation(execution), this.name);
    const outcome = yield* join(task, { timeoutUs: this.durationUs });
    if (outcome.kind === 'done') return outcome.value;
    // Only this process could have cancelled its own child, so this is the deadline.
    task.cancel();
    this.timeouts++;
    emitPatternEvent(yield* nodeContext(), { kind: 'timeout-fired', policy: this.name, afterUs: this.durationUs });
    return timedOut(this.durationUs);
  }

  snapshot(): TimeoutSnapshot {
    return { policy: this.name, durationUs: this.durationUs, timeouts: this.timeouts };
  }

  toJSON(): TimeoutSnapshot {
    return this.snapshot();
  }
}

export function timeout(settings: TimeoutSettings): TimeoutPolicy {
  return new TimeoutPolicy(settings);
}
