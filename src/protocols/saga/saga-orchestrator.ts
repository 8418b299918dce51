// The saga orchestrator: books a trip step by step (flight, hotel, car), each step a
// local transaction at its service; when a step fails or gets no answer, it runs the
// compensations of the steps that may have happened, last first. Every decision goes to
// the saga log before it is acted on, so an orchestrator that crashes picks up every
// unfinished saga where the log says it was, after its restart.
// Rule: steps and compensations are retried with the same trip id (the services are
// idempotent), and a compensation is retried until it succeeds: a saga may end booked
// or compensated, never half-way.
import { ms, type Micros } from '../../engine/time.ts';
import { ok, type CallResult } from '../../node/call-result.ts';
import type { NodeBehavior, NodeContext, NodeId } from '../../node/node-api.ts';
import { call, type Process } from '../../node/process.ts';
import type { ProcessHost } from '../../node/process-host.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import type { RetryPolicy } from '../../patterns/retry.ts';
import { askInRounds } from './ask-in-rounds.ts';
import type { BookingLedger } from './booking-ledger.ts';
import { applySagaEntry, stepsToCompensate, type CompensationScope, type SagaLogEntry, type SagaState } from './saga-log.ts';
import type { SagaServiceReply, SagaServiceRequest } from './saga-service.ts';
import type { BeginTrip, TripAccepted } from './travel-agent.ts';
import { SERVICES, type ServiceName, type Trip } from './trip.ts';
import { TripJournal } from './trip-journal.ts';
import type { LogRetention } from './write-ahead-log.ts';

/** Rounds of compensation retries before the orchestrator gives up on one (a person must step in). */
export const MAX_COMPENSATION_ROUNDS = 20;
/** Pause between two rounds of compensation retries. */
export const COMPENSATION_ROUND_PAUSE_US: Micros = ms(500);

export interface SagaOrchestratorSettings {
  readonly services: Readonly<Record<ServiceName, NodeId>>;
  readonly ledger: BookingLedger;
  /** 'volatile' is a deliberate bug: the saga log dies with the orchestrator. */
  readonly logRetention: LogRetention;
  readonly compensationScope: CompensationScope;
  /** How long one attempt at a step or a compensation waits for its answer. */
  readonly stepTimeoutUs: Micros;
  /** How long the disk takes to confirm a log append. */
  readonly logForceUs: Micros;
  /** Fresh policies per incarnation, for steps and for compensations. */
  readonly buildStepRetry: () => RetryPolicy;
  readonly buildCompensationRetry: () => RetryPolicy;
}

export const SAGA_LOG_KEY = 'saga-log';

export function sagaOrchestratorNode(settings: SagaOrchestratorSettings): NodeBehavior<unknown, unknown> {
  let orchestrator: SagaOrchestrator | undefined;
  return rpcNode<BeginTrip, TripAccepted>({
    onStart: (host, context) => {
      orchestrator = new SagaOrchestrator(settings, host, context);
      orchestrator.resume();
    },
    serve: (request) => (orchestrator as SagaOrchestrator).begin(request.trip),
  });
}

class SagaOrchestrator {
  private readonly journal: TripJournal<SagaLogEntry, SagaState>;
  private readonly stepRetry: RetryPolicy;
  private readonly compensationRetry: RetryPolicy;

  constructor(
    private readonly settings: SagaOrchestratorSettings,
    private readonly host: ProcessHost<BeginTrip, TripAccepted>,
    private readonly context: NodeContext,
  ) {
    this.journal = new TripJournal(context, { storageKey: SAGA_LOG_KEY, retention: settings.logRetention, logForceUs: settings.logForceUs, apply: applySagaEntry });
    this.stepRetry = settings.buildStepRetry();
    this.compensationRetry = settings.buildCompensationRetry();
  }

  /** After a restart: every saga the log holds that has not ended goes on from where it was. */
  resume(): void {
    for (const state of this.journal.states.values()) {
      if (state.outcome !== undefined) continue;
      this.settings.ledger.begun(state.trip, this.context.id, this.context.now);
      this.host.spawn(this.run(state), `saga ${state.trip.id}`);
    }
  }

  *begin(trip: Trip): Process<CallResult<TripAccepted>> {
    const state = yield* this.journal.begin({ kind: 'begun', trip });
    if (state !== undefined) {
      this.settings.ledger.begun(trip, this.context.id, this.context.now);
      this.host.spawn(this.run(state), `saga ${trip.id}`);
    }
    return ok<TripAccepted>({ type: 'trip-accepted', tripId: trip.id });
  }

  private *run(state: SagaState): Process<void> {
    const tripId = state.trip.id;
    if (state.failed === undefined) yield* this.forward(state);
    if (state.failed === undefined) {
      // Noted in the same step as the entry is written: it is durable from that moment.
      this.settings.ledger.ended(tripId, 'committed', this.context.now);
      yield* this.journal.append({ kind: 'ended', tripId, outcome: 'committed' });
      return;
    }
    for (const service of stepsToCompensate(state, this.settings.compensationScope)) {
      if (!(yield* this.compensate(state.trip, service))) return;
      yield* this.journal.append({ kind: 'compensated', tripId, service });
    }
    this.settings.ledger.ended(tripId, 'aborted', this.context.now);
    yield* this.journal.append({ kind: 'ended', tripId, outcome: 'aborted' });
  }

  /** Runs the steps not yet done, in order, until one fails. A step begun before a crash is asked again. */
  private *forward(state: SagaState): Process<void> {
    const tripId = state.trip.id;
    for (const service of SERVICES) {
      if (state.done.has(service)) continue;
      if (!state.begun.has(service)) yield* this.journal.append({ kind: 'step-begun', tripId, service });
      const result = yield* this.callService(state.trip, service, 'book', this.stepRetry);
      if (result.kind === 'ok' && result.reply.type === 'booked') {
        if (state.done.size === 0) this.settings.ledger.afterPrepare(this.context.id, tripId);
        yield* this.journal.append({ kind: 'step-done', tripId, service });
        continue;
      }
      yield* this.journal.append({ kind: 'step-failed', tripId, service, failure: result.kind === 'ok' ? 'refused' : 'no-answer' });
      return;
    }
  }

  /** True once the service confirms the cancel; false if it never does (the saga stays open). */
  private compensate(trip: Trip, service: ServiceName): Process<boolean> {
    return askInRounds(MAX_COMPENSATION_ROUNDS, COMPENSATION_ROUND_PAUSE_US, () => this.callService(trip, service, 'cancel', this.compensationRetry));
  }

  private *callService(trip: Trip, service: ServiceName, type: SagaServiceRequest['type'], policy: RetryPolicy): Process<CallResult<SagaServiceReply>> {
    const record = this.settings.ledger.service(trip.id, service);
    const request: SagaServiceRequest = { type, trip };
    return yield* policy.execute(() => {
      if (type === 'book') record.stepRequests++;
      else record.compensationRequests++;
      return call<SagaServiceReply>(this.settings.services[service], request, { timeoutUs: this.settings.stepTimeoutUs });
    });
  }
}
