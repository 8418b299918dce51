// The discrete-event engine: a virtual clock, the pending-event queue, cancellable
// timers, named random streams and the trace. Rule: time only moves forward, to the
// time of the next event; nothing here knows about networks or nodes.
import { EventQueue, NOTHING_DUE, type EventHandler } from './event-queue.ts';
import { RandomStreams, type Seed } from './rng.ts';
import { Trace } from './trace.ts';
import type { Micros } from './time.ts';

/** Every run is bounded; reaching a bound ends the run with a reason instead of hanging. */
export interface RunLimits {
  /** Most events one run may process. */
  readonly maxEvents: number;
}

export const DEFAULT_LIMITS: RunLimits = { maxEvents: 50_000_000 };

/** Why a run loop returned. */
export type StopReason =
  | 'time-limit' // reached the requested virtual time
  | 'quiescent' // no events left
  | 'event-limit' // processed maxEvents events
  | 'stopped'; // simulation code called stop()

export interface RunOutcome {
  readonly reason: StopReason;
  readonly detail: string;
}

/** A cancellable timer. Cancelling is O(1): the event stays queued and is skipped. */
export class Timer<A = unknown> {
  cancelled = false;
  fired = false;
  constructor(
    readonly at: Micros,
    readonly handler: EventHandler<A>,
    readonly argument: A,
  ) {}
}

function throwBadScheduleTime(at: number, now: Micros): never {
  throw new RangeError(`cannot schedule at ${at}us: expected an integer time not before now (${now}us)`);
}

function fireTimer(timer: Timer): void {
  if (timer.cancelled) return;
  timer.fired = true;
  timer.handler(timer.argument);
}

export class Simulation {
  /** Current virtual time in microseconds. Read-only for everyone but the loop. */
  now: Micros = 0;
  readonly random: RandomStreams;
  readonly trace = new Trace();
  readonly limits: RunLimits;

  private readonly queue = new EventQueue();
  private processed = 0;
  private stopRequest: string | undefined;

  constructor(seed: Seed, limits: Partial<RunLimits> = {}) {
    this.random = new RandomStreams(seed);
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    if (!Number.isSafeInteger(this.limits.maxEvents) || this.limits.maxEvents < 1) {
      throw new RangeError(`invalid maxEvents ${this.limits.maxEvents}: expected a positive integer`);
    }
  }

  get seed(): Seed {
    return this.random.seed;
  }

  /** Events popped so far (a cancelled timer counts when its slot is popped). */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or Infinity. */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  /** Schedules `handler(argument)` at absolute virtual time `at` (not before now). */
  scheduleAt<A>(at: Micros, handler: EventHandler<A>, argument: A): void {
    // The error is a call: a short scheduleAt inlines into more callers (V8 inlines by bytecode size).
    if (!(at >= this.now) || !Number.isSafeInteger(at)) throwBadScheduleTime(at, this.now);
    this.queue.push(at, handler, argument);
  }

  /** Schedules `handler(argument)` after `delay` microseconds (0 runs after the current event). */
  scheduleAfter<A>(delay: Micros, handler: EventHandler<A>, argument: A): void {
    this.scheduleAt(this.now + delay, handler, argument);
  }

  /** A cancellable version of scheduleAfter. */
  setTimer<A>(delay: Micros, handler: EventHandler<A>, argument: A): Timer<A> {
    const timer = new Timer(this.now + delay, handler, argument);
    this.scheduleAt(timer.at, fireTimer as EventHandler<Timer<A>>, timer);
    return timer;
  }

  cancelTimer<A>(timer: Timer<A>): void {
    timer.cancelled = true;
  }

  /** Asks the loop to stop after the current event. */
  stop(detail = 'stopped by simulation code'): void {
    this.stopRequest = detail;
  }

  /** Processes exactly one event. Returns false when there was none. */
  step(): boolean {
    const queue = this.queue;
    const argument = queue.popDue(Infinity);
    if (argument === NOTHING_DUE) return false;
    this.now = queue.lastPoppedTime;
    this.processed++;
    queue.poppedHandler(argument);
    return true;
  }

  /**
   * Processes events up to and including virtual time `until`, then sets the clock
   * to `until`. Ends early on quiescence, the event limit, or stop().
   */
  runUntil(until: Micros): RunOutcome {
    const queue = this.queue;
    const maxEvents = this.limits.maxEvents;
    this.stopRequest = undefined;
    while (true) {
      if (this.stopRequest !== undefined) return { reason: 'stopped', detail: this.stopRequest };
      if (this.processed >= maxEvents) {
        if (queue.peekTime() > until) break;
        return { reason: 'event-limit', detail: `event limit of ${maxEvents} events reached at ${this.now}us` };
      }
      const argument = queue.popDue(until);
      if (argument === NOTHING_DUE) break;
      this.now = queue.lastPoppedTime;
      this.processed++;
      queue.poppedHandler(argument);
    }
    if (queue.size === 0) {
      this.now = Math.max(this.now, Number.isFinite(until) ? until : this.now);
      return { reason: 'quiescent', detail: `no events left at ${this.now}us` };
    }
    this.now = until;
    return { reason: 'time-limit', detail: `reached ${until}us` };
  }
}
