// Load shedder: graceful degradation under overload. Like a bulkhead it runs at most
// maxConcurrent calls and queues at most maxQueued, but it serves critical calls first,
// and once the queue's wait (how long its oldest call has waited) passes targetWaitUs it
// sheds normal calls early: new ones are refused at once, and queued ones that waited
// past the target are dropped when their turn comes. Critical calls are never shed for
// waiting; when the queue is full a critical call takes the place of the newest normal one.
// Rule: a shed call is answered at once with 'shed', which is cheap, instead of late,
// which is useless; the queue's wait, not its length, says when to shed.
import type { Micros } from '../engine/time.ts';
import { callError, type CallResult } from '../node/call-result.ts';
import type { NodeContext } from '../node/node-api.ts';
import { nodeContext, waitFor, type Process } from '../node/process.ts';
import { Signal } from '../node/signal.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent, type ShedReason } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation, type Priority } from './policy.ts';
import { checkDuration, checkInteger, checkName, describePattern } from './settings-check.ts';

export interface LoadShedderSettings {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  /** The queue wait above which normal calls are shed. */
  readonly targetWaitUs: Micros;
  /** Shown in trace lines (default 'shedder'). */
  readonly name?: string;
}

export type ShedTicketState = 'queued' | 'running' | 'shed' | 'left';

export class ShedTicket {
  state: ShedTicketState;
  shedReason: ShedReason = 'queue-full';
  waitedUs: Micros = 0;
  readonly turn = new Signal('shedder turn');
  constructor(
    readonly priority: Priority,
    readonly enqueuedAtUs: Micros,
    state: ShedTicketState,
  ) {
    this.state = state;
  }
}

export type ShedderEntry =
  | { readonly kind: 'running' | 'queued'; readonly ticket: ShedTicket }
  | { readonly kind: 'shed'; readonly reason: ShedReason };

export interface LoadShedderSnapshot {
  readonly policy: string;
  readonly active: number;
  readonly queuedCritical: number;
  readonly queuedNormal: number;
  /** How long the oldest queued call has waited (0 with an empty queue). */
  readonly queueWaitUs: Micros;
  readonly served: Readonly<Record<Priority, number>>;
  readonly shed: Readonly<Record<Priority, number>>;
}

export class LoadShedder implements GenericPolicy {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly targetWaitUs: Micros;
  private active = 0;
  private readonly critical: ShedTicket[] = [];
  private readonly normal: ShedTicket[] = [];
  private readonly served: Record<Priority, number> = { critical: 0, normal: 0 };
  private readonly shed: Record<Priority, number> = { critical: 0, normal: 0 };

  constructor(settings: LoadShedderSettings) {
    this.name = settings.name ?? 'shedder';
    checkName('load shedder', this.name);
    const where = describePattern('load shedder', settings.name);
    checkInteger(where, 'maxConcurrent', settings.maxConcurrent, 1, PATTERN_LIMITS.maxConcurrent);
    checkInteger(where, 'maxQueued', settings.maxQueued, 0, PATTERN_LIMITS.maxQueued);
    checkDuration(where, 'targetWaitUs', settings.targetWaitUs, 0);
    this.maxConcurrent = settings.maxConcurrent;
    this.maxQueued = settings.maxQueued;
    this.targetWaitUs = settings.targetWaitUs;
  }

  /** How long the oldest queued call has waited. */
  queueWaitUs(nowUs: Micros): Micros {
    const oldest = Math.min(this.critical[0]?.enqueuedAtUs ?? Infinity, this.normal[0]?.enqueuedAtUs ?? Infinity);
    return oldest === Infinity ? 0 : Math.max(0, nowUs - oldest);
  }

  arrive(priority: Priority, nowUs: Micros): ShedderEntry {
    if (this.active < this.maxConcurrent) {
      this.active++;
      this.served[priority]++;
      return { kind: 'running', ticket: new ShedTicket(priority, nowUs, 'running') };
    }
    if (priority === 'normal' && this.queueWaitUs(nowUs) > this.targetWaitUs) return this.refuse(priority, 'wait-over-target');
    if (this.critical.length + this.normal.length >= this.maxQueued) {
      const evicted = priority === 'critical' ? this.normal.pop() : undefined;
      if (evicted === undefined) return this.refuse(priority, 'queue-full');
      this.drop(evicted, 'evicted', nowUs);
    }
    const ticket = new ShedTicket(priority, nowUs, 'queued');
    (priority === 'critical' ? this.critical : this.normal).push(ticket);
    return { kind: 'queued', ticket };
  }

  /** Gives back a slot (to the next critical call, else the next normal one that has not waited too long) or a place. */
  leave(ticket: ShedTicket, nowUs: Micros): void {
    const previous = ticket.state;
    ticket.state = 'left';
    if (previous === 'queued') {
      const queue = ticket.priority === 'critical' ? this.critical : this.normal;
      queue.splice(queue.indexOf(ticket), 1);
      return;
    }
    if (previous !== 'running') return;
    for (;;) {
      const next = this.critical.shift() ?? this.normal.shift();
      if (next === undefined) {
        this.active--;
        return;
      }
      if (next.priority === 'normal' && nowUs - next.enqueuedAtUs > this.targetWaitUs) {
        this.drop(next, 'wait-over-target', nowUs);
        continue;
      }
      next.state = 'running';
      next.waitedUs = nowUs - next.enqueuedAtUs;
      this.served[next.priority]++;
      next.turn.notify();
      return;
    }
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    const entry = this.arrive(execution.priority, context.now);
    if (entry.kind === 'shed') return this.shedResult(context, execution.priority, entry.reason, 0);
    const ticket = entry.ticket;
    try {
      while (ticket.state === 'queued') yield* waitFor(ticket.turn);
      if (ticket.state === 'shed') return this.shedResult(context, ticket.priority, ticket.shedReason, ticket.waitedUs);
      return yield* operation(execution);
    } finally {
      this.leave(ticket, context.now);
    }
  }

  snapshot(nowUs: Micros): LoadShedderSnapshot {
    return {
      policy: this.name,
      active: this.active,
      queuedCritical: this.critical.length,
      queuedNormal: this.normal.length,
      queueWaitUs: this.queueWaitUs(nowUs),
      served: { ...this.served },
      shed: { ...this.shed },
    };
  }

  private refuse(priority: Priority, reason: ShedReason): ShedderEntry {
    this.shed[priority]++;
    return { kind: 'shed', reason };
  }

  private drop(ticket: ShedTicket, reason: ShedReason, nowUs: Micros): void {
    ticket.state = 'shed';
    ticket.shedReason = reason;
    ticket.waitedUs = nowUs - ticket.enqueuedAtUs;
    this.shed[ticket.priority]++;
    ticket.turn.notify();
  }

  private shedResult<Reply>(context: NodeContext, priority: Priority, reason: ShedReason, waitedUs: Micros): CallResult<Reply> {
    emitPatternEvent(context, { kind: 'request-shed', policy: this.name, priority, reason, waitedUs });
    return callError('shed', context.id, `load shedder ${this.name} shed a ${priority} call (${reason})`);
  }
}

export function loadShedder(settings: LoadShedderSettings): LoadShedder {
  return new LoadShedder(settings);
}
