// Circuit breaker: stops calling a dependency that keeps failing, so callers fail fast
// instead of waiting, and the dependency gets room to recover. Closed: calls pass and
// outcomes are counted. Open: calls are refused at once. Half-open: a bounded number of
// probes pass; if all succeed the breaker closes, if one fails it opens again.
// Rule: the state machine (admit / record) takes the time as an argument and never
// waits, so it is tested on its own; execute() wraps it around a call. An outcome counts
// only in the state it was admitted in: results that come back after a transition are
// ignored, so a slow call from before the breaker opened can never close it.
import { assertNever } from '../engine/assert-never.ts';
import type { Micros } from '../engine/time.ts';
import { callError, type CallResult } from '../node/call-result.ts';
import { nodeContext, type Process } from '../node/process.ts';
import { checkCircuitBreakerSettings, type CircuitBreakerSettings, type CircuitState, type OpenDuration, type TripRule } from './circuit-breaker-settings.ts';
import { OutcomeWindow } from './outcome-window.ts';
import { emitPatternEvent, type BreakerTripReason, type PatternEvent } from './pattern-event.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from './policy.ts';
import { checkName, describePattern } from './settings-check.ts';

/** Proof that a call was let through, to hand back with its outcome. */
export interface BreakerTicket {
  readonly epoch: number;
  readonly isProbe: boolean;
}

export type Admission =
  | { readonly kind: 'admitted'; readonly ticket: BreakerTicket }
  | { readonly kind: 'rejected'; readonly state: 'open' | 'half-open' };

export type BreakerOutcome = 'success' | 'failure';

export interface CircuitBreakerSnapshot {
  readonly policy: string;
  readonly state: CircuitState;
  /** Trips since the breaker last closed (0 while it has not tripped). */
  readonly trips: number;
  readonly consecutiveFailures: number;
  /** Outcomes in the failure-rate window, and how many failed (both 0 for the consecutive rule). */
  readonly windowCalls: number;
  readonly windowFailures: number;
  readonly rejected: number;
}

type Emit = (event: PatternEvent) => void;

const CLOSED: CircuitState = { kind: 'closed' };
const ignoreEvent: Emit = () => {};
const isNotOk = (result: CallResult<unknown>): boolean => result.kind !== 'ok';

export class CircuitBreaker implements GenericPolicy {
  readonly name: string;
  readonly trip: TripRule;
  readonly openDuration: OpenDuration;
  readonly halfOpenProbes: number;
  private readonly isFailure: (result: CallResult<unknown>) => boolean;
  private readonly window: OutcomeWindow | undefined;
  private current: CircuitState = CLOSED;
  private epoch = 0;
  private consecutiveFailures = 0;
  private trips = 0;
  private lastOpenForUs: Micros = 0;
  private rejected = 0;

  constructor(settings: CircuitBreakerSettings) {
    this.name = settings.name ?? 'breaker';
    checkName('circuit breaker', this.name);
    checkCircuitBreakerSettings(describePattern('circuit breaker', settings.name), settings);
    this.trip = settings.trip;
    this.openDuration = settings.openDuration;
    this.halfOpenProbes = settings.halfOpenProbes;
    this.isFailure = settings.isFailure ?? isNotOk;
    this.window = settings.trip.kind === 'failure-rate' ? new OutcomeWindow(settings.trip.windowSize) : undefined;
  }

  /** The state at `nowUs` (an open breaker whose time is up reads as half-open). Changes nothing. */
  state(nowUs: Micros): CircuitState {
    if (this.current.kind === 'open' && nowUs >= this.current.halfOpenAtUs) return { kind: 'half-open', probesAdmitted: 0, probesSucceeded: 0 };
    return this.current;
  }

  /** Lets a call through, or refuses it. */
  admit(nowUs: Micros, emit: Emit = ignoreEvent): Admission {
    this.halfOpenIfDue(nowUs, emit);
    const state = this.current;
    switch (state.kind) {
      case 'closed':
        return { kind: 'admitted', ticket: { epoch: this.epoch, isProbe: false } };
      case 'half-open':
        if (state.probesAdmitted < this.halfOpenProbes) {
          this.current = { ...state, probesAdmitted: state.probesAdmitted + 1 };
          return { kind: 'admitted', ticket: { epoch: this.epoch, isProbe: true } };
        }
        return this.refuse('half-open', emit);
      case 'open':
        return this.refuse('open', emit);
      default:
        return assertNever(state);
    }
  }

  /** Hands back the outcome of an admitted call. Outcomes from before the last transition are ignored. */
  record(ticket: BreakerTicket, outcome: BreakerOutcome, nowUs: Micros, emit: Emit = ignoreEvent): void {
    if (ticket.epoch !== this.epoch) return;
    const state = this.current;
    const isFailure = outcome === 'failure';
    this.window?.push(isFailure);
    if (state.kind === 'half-open') {
      if (isFailure) this.open('probe-failed', nowUs, emit);
      else if (state.probesSucceeded + 1 >= this.halfOpenProbes) this.close(emit);
      else this.current = { ...state, probesSucceeded: state.probesSucceeded + 1 };
      return;
    }
    if (!isFailure) {
      this.consecutiveFailures = 0;
      return;
    }
    this.consecutiveFailures++;
    const reason = this.tripReason();
    if (reason !== undefined) this.open(reason, nowUs, emit);
  }

  *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
    const context = yield* nodeContext();
    const emit: Emit = (event) => emitPatternEvent(context, event);
    const admission = this.admit(context.now, emit);
    if (admission.kind === 'rejected') {
      return callError('circuit-open', context.id, `circuit breaker ${this.name} is ${admission.state}`);
    }
    let isRecorded = false;
    try {
      const result = yield* operation(execution);
      isRecorded = true;
      this.record(admission.ticket, this.isFailure(result) ? 'failure' : 'success', context.now, emit);
      return result;
    } finally {
      // Cancelled (an outer timeout gave up on it): a call that never finished is a failure.
      if (!isRecorded) this.record(admission.ticket, 'failure', context.now, emit);
    }
  }

  snapshot(nowUs: Micros): CircuitBreakerSnapshot {
    return this.describe(this.state(nowUs));
  }

  /** The snapshot as of the last call (an open breaker past its time still reads open). */
  toJSON(): CircuitBreakerSnapshot {
    return this.describe(this.current);
  }

  private describe(state: CircuitState): CircuitBreakerSnapshot {
    return {
      policy: this.name,
      state,
      trips: this.trips,
      consecutiveFailures: this.consecutiveFailures,
      windowCalls: this.window?.count ?? 0,
      windowFailures: this.window?.failures ?? 0,
      rejected: this.rejected,
    };
  }

  private refuse(state: 'open' | 'half-open', emit: Emit): Admission {
    this.rejected++;
    emit({ kind: 'breaker-rejected', policy: this.name, state });
    return { kind: 'rejected', state };
  }

  private tripReason(): BreakerTripReason | undefined {
    const trip = this.trip;
    if (trip.kind === 'consecutive-failures') return this.consecutiveFailures >= trip.failures ? 'consecutive-failures' : undefined;
    const window = this.window as OutcomeWindow;
    return window.count >= trip.minimumVolume && window.failureRate >= trip.threshold ? 'failure-rate' : undefined;
  }

  private halfOpenIfDue(nowUs: Micros, emit: Emit): void {
    if (this.current.kind !== 'open' || nowUs < this.current.halfOpenAtUs) return;
    this.current = { kind: 'half-open', probesAdmitted: 0, probesSucceeded: 0 };
    this.epoch++;
    emit({ kind: 'breaker-half-opened', policy: this.name });
  }

  private open(reason: BreakerTripReason, nowUs: Micros, emit: Emit): void {
    this.trips++;
    const openForUs = this.nextOpenDuration();
    this.lastOpenForUs = openForUs;
    this.current = { kind: 'open', openedAtUs: nowUs, halfOpenAtUs: nowUs + openForUs, openForUs };
    this.epoch++;
    this.consecutiveFailures = 0;
    emit({ kind: 'breaker-opened', policy: this.name, reason, openForUs });
  }

  private close(emit: Emit): void {
    this.current = CLOSED;
    this.epoch++;
    this.trips = 0;
    this.consecutiveFailures = 0;
    this.window?.clear();
    emit({ kind: 'breaker-closed', policy: this.name });
  }

  /** The open time of the trip being made now (this.trips already counts it). */
  private nextOpenDuration(): Micros {
    const open = this.openDuration;
    if (open.kind === 'fixed') return open.durationUs;
    if (this.trips === 1) return open.initialUs;
    const failureRate = open.driver === 'success-rate' ? (this.window as OutcomeWindow).failureRate : 1;
    const grown = Math.round(this.lastOpenForUs * (1 + (open.multiplier - 1) * failureRate));
    return Math.min(open.maxUs, grown);
  }
}

export function circuitBreaker(settings: CircuitBreakerSettings): CircuitBreaker {
  return new CircuitBreaker(settings);
}
