// Hedged requests: when a call is slow, send another copy and take the first successful
// answer, cancelling the rest. It trades extra load for a shorter tail. Rule: hedging is
// for latency, retry is for errors: copy n+1 leaves delayUs after copy n, only while no
// copy has succeeded; a copy that fails sends no new copy early, and when every copy sent
// has failed the last failure is the result. The copies are the same request, so the
// server must be idempotent (see idempotency.ts) or it will act on it twice.
import type { Micros } from '../engine/time.ts';
import type { CallResult } from '../node/call-result.ts';
import { firstEnded, nodeContext, spawn, type Process, type Task } from '../node/process.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import { checkDuration, checkInteger, checkName, describePattern } from './settings-check.ts';

export interface HedgeSettings {
  /** How long to wait for a copy before sending the next. */
  readonly delayUs: Micros;
  /** Extra copies at most: 1 to 10. */
  readonly maxHedges: number;
  /** Shown in trace lines (default 'hedge'). */
  readonly name?: string;
}

export interface HedgeSnapshot {
  readonly policy: string;
  readonly calls: number;
  readonly hedgesSent: number;
}

export class HedgePolicy implements GenericPolicy {
  readonly name: string;
  readonly delayUs: Micros;
  readonly maxHedges: number;
  private calls = 0;
  private hedgesSent = 0;

  constructor(settings: HedgeSettings) {
    this.name = settings.name ?? 'hedge';
    checkName('hedge', this.name);
    checkDuration(describePattern('hedge', settings.name), 'delayUs', settings.delayUs, 0);
    checkInteger(describePattern('hedge', settings.name), 'maxHedges', settings.maxHedges, 1, PATTERN_LIMITS.maxHedges);
    this.delayUs = settings.delayUs;
    this.maxHedges = settings.maxHedges;
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    this.calls++;
    const running: Task<CallResult<Reply>>[] = [yield* spawn(operation(execution), `${this.name} copy 1`)];
    let sent = 1;
    let nextCopyAtUs = context.now + this.delayUs;
    try {
      for (;;) {
        const mayHedge = sent <= this.maxHedges;
        const ended = yield* firstEnded(running, mayHedge ? { timeoutUs: Math.max(0, nextCopyAtUs - context.now) } : {});
        if (ended === undefined) {
          sent++;
          this.hedgesSent++;
          emitPatternEvent(context, { kind: 'hedge-sent', policy: this.name, copy: sent });
          running.push(yield* spawn(operation(execution), `${this.name} copy ${sent}`));
          nextCopyAtUs = context.now + this.delayUs;
          continue;
        }
        running.splice(running.indexOf(ended), 1);
        const result = ended.value as CallResult<Reply>;
        if (result.kind === 'ok' || running.length === 0) return result;
      }
    } finally {
      for (const copy of running) copy.cancel();
    }
  }

  snapshot(): HedgeSnapshot {
    return { policy: this.name, calls: this.calls, hedgesSent: this.hedgesSent };
  }

  toJSON(): HedgeSnapshot {
    return this.snapshot();
  }
}

export function hedge(settings: HedgeSettings): HedgePolicy {
  return new HedgePolicy(settings);
}
