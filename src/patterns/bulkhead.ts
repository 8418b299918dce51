// Bulkhead: at most maxConcurrent calls run at once, at most maxQueued wait, in arrival
// order, and the next one is refused at once. One slow dependency then ties up only its
// own bulkhead's slots, not every thread of the caller.
// Rule: admission (enter / leave) is a small state machine that never waits, tested on
// its own; a freed slot passes straight to the oldest waiter, so nobody can overtake the
// queue, and a waiter that is cancelled gives its place (or its slot) back.
import { callError, type CallResult } from '../node/call-result.ts';
import { nodeContext, waitFor, type Process } from '../node/process.ts';
import { Signal } from '../node/signal.ts';
import { PATTERN_LIMITS } from './pattern-limits.ts';
import { emitPatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import { checkInteger, checkName, describePattern } from './settings-check.ts';

export interface BulkheadSettings {
  /** Calls running at once: 1 or more. */
  readonly maxConcurrent: number;
  /** Calls waiting for a slot: 0 (refuse as soon as all slots are busy) or more. */
  readonly maxQueued: number;
  /** Shown in trace lines (default 'bulkhead'). */
  readonly name?: string;
}

export type BulkheadTicketState = 'running' | 'queued' | 'left';

/** One call's place in the bulkhead. */
export class BulkheadTicket {
  state: BulkheadTicketState;
  readonly granted = new Signal('bulkhead slot');
  constructor(state: BulkheadTicketState) {
    this.state = state;
  }
}

export type BulkheadEntry = { readonly kind: 'running' | 'queued'; readonly ticket: BulkheadTicket } | { readonly kind: 'rejected' };

export interface BulkheadSnapshot {
  readonly policy: string;
  readonly active: number;
  readonly queued: number;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly rejected: number;
}

export class Bulkhead implements GenericPolicy {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  private active = 0;
  private readonly queue: BulkheadTicket[] = [];
  private rejected = 0;

  constructor(settings: BulkheadSettings) {
    this.name = settings.name ?? 'bulkhead';
    checkName('bulkhead', this.name);
    checkInteger(describePattern('bulkhead', settings.name), 'maxConcurrent', settings.maxConcurrent, 1, PATTERN_LIMITS.maxConcurrent);
    checkInteger(describePattern('bulkhead', settings.name), 'maxQueued', settings.maxQueued, 0, PATTERN_LIMITS.maxQueued);
    this.maxConcurrent = settings.maxConcurrent;
    this.maxQueued = settings.maxQueued;
  }

  get activeCount(): number {
    return this.active;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** A slot if one is free, else a place in the queue if there is room, else a refusal. */
  enter(): BulkheadEntry {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return { kind: 'running', ticket: new BulkheadTicket('running') };
    }
    if (this.queue.length < this.maxQueued) {
      const ticket = new BulkheadTicket('queued');
      this.queue.push(ticket);
      return { kind: 'queued', ticket };
    }
    this.rejected++;
    return { kind: 'rejected' };
  }

  /**
   * Gives back a running call's slot (to the oldest waiter, whose signal is notified) or a
   * waiting call's place. Returns the ticket that got the slot, if any.
   */
  leave(ticket: BulkheadTicket): BulkheadTicket | undefined {
    const previous = ticket.state;
    ticket.state = 'left';
    if (previous === 'queued') {
      this.queue.splice(this.queue.indexOf(ticket), 1);
      return undefined;
    }
    if (previous === 'left') return undefined;
    const next = this.queue.shift();
    if (next === undefined) {
      this.active--;
      return undefined;
    }
    next.state = 'running';
    next.granted.notify();
    return next;
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const entry = this.enter();
    if (entry.kind === 'rejected') {
      const context = yield* nodeContext();
      emitPatternEvent(context, { kind: 'bulkhead-rejected', policy: this.name, active: this.active, queued: this.queue.length });
      return callError('bulkhead-full', context.id, `bulkhead ${this.name} is full (${this.active} running, ${this.queue.length} waiting)`);
    }
    const ticket = entry.ticket;
    try {
      while (ticket.state === 'queued') yield* waitFor(ticket.granted);
      return yield* operation(execution);
    } finally {
      this.leave(ticket);
    }
  }

  snapshot(): BulkheadSnapshot {
    return {
      policy: this.name,
      active: this.active,
      queued: this.queue.length,
      maxConcurrent: this.maxConcurrent,
      maxQueued: this.maxQueued,
      rejected: this.rejected,
    };
  }

  toJSON(): BulkheadSnapshot {
    return this.snapshot();
  }
}

export function bulkhead(settings: BulkheadSettings): Bulkhead {
  return new Bulkhead(settings);
}
