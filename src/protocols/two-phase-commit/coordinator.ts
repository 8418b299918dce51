// The 2PC coordinator. Phase one: ask every participant to prepare and collect the
// votes. Decide: commit if all voted yes, else abort; force the decision to the log.
// Phase two: tell every participant, again and again until each acknowledges.
// Rule: once a participant has voted yes, only this log can free it; if the coordinator
// is down, the participant waits, holding its lock, until the coordinator is back. That
// is why two-phase commit blocks. After a restart the coordinator reads its log: trips
// decided are told again, trips undecided are aborted (presumed abort).
import { ms, type Micros } from '../../engine/time.ts';
import { ok, type CallResult } from '../../node/call-result.ts';
import type { NodeBehavior, NodeContext, NodeId } from '../../node/node-api.ts';
import { call, join, spawn, type Process, type Task } from '../../node/process.ts';
import type { ProcessHost } from '../../node/process-host.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import type { RetryPolicy } from '../../patterns/retry.ts';
import { askInRounds } from '../saga/ask-in-rounds.ts';
import type { BookingLedger } from '../saga/booking-ledger.ts';
import type { BeginTrip, TripAccepted } from '../saga/travel-agent.ts';
import { SERVICES, type ServiceName, type Trip, type TripOutcome } from '../saga/trip.ts';
import { TripJournal } from '../saga/trip-journal.ts';
import { applyDecisionEntry, type DecisionLogEntry, type TransactionState } from './decision-log.ts';
import type { ParticipantReply, ParticipantRequest } from './participant-messages.ts';

/** Rounds of retries to deliver a decision before the coordinator gives up (the participant stays in doubt). */
export const MAX_DELIVERY_ROUNDS = 20;
export const DELIVERY_ROUND_PAUSE_US: Micros = ms(500);
export const DECISION_LOG_KEY = 'decision-log';

export interface CoordinatorSettings {
  readonly participants: Readonly<Record<ServiceName, NodeId>>;
  readonly ledger: BookingLedger;
  /** How long one prepare waits for its vote (a missing vote counts as no). */
  readonly voteTimeoutUs: Micros;
  /** How long one commit or abort waits for its acknowledgement. */
  readonly ackTimeoutUs: Micros;
  readonly logForceUs: Micros;
  readonly buildPrepareRetry: () => RetryPolicy;
  readonly buildDecisionRetry: () => RetryPolicy;
}

export function coordinatorNode(settings: CoordinatorSettings): NodeBehavior<unknown, unknown> {
  let coordinator: Coordinator | undefined;
  return rpcNode<BeginTrip, TripAccepted>({
    onStart: (host, context) => {
      coordinator = new Coordinator(settings, host, context);
      coordinator.recover();
    },
    serve: (request) => (coordinator as Coordinator).begin(request.trip),
  });
}

class Coordinator {
  private readonly journal: TripJournal<DecisionLogEntry, TransactionState>;
  private readonly prepareRetry: RetryPolicy;
  private readonly decisionRetry: RetryPolicy;

  constructor(
    private readonly settings: CoordinatorSettings,
    private readonly host: ProcessHost<BeginTrip, TripAccepted>,
    private readonly context: NodeContext,
  ) {
    this.journal = new TripJournal(context, { storageKey: DECISION_LOG_KEY, retention: 'durable', logForceUs: settings.logForceUs, apply: applyDecisionEntry });
    this.prepareRetry = settings.buildPrepareRetry();
    this.decisionRetry = settings.buildDecisionRetry();
  }

  /** After a restart: finish every trip the log holds that has not ended; undecided ones abort. */
  recover(): void {
    for (const state of this.journal.states.values()) {
      if (state.isEnded) continue;
      this.settings.ledger.begun(state.trip, this.context.id, this.context.now);
      this.host.spawn(this.run(state, 'recovered'), `2pc ${state.trip.id}`);
    }
  }

  *begin(trip: Trip): Process<CallResult<TripAccepted>> {
    const state = yield* this.journal.begin({ kind: 'begun', trip });
    if (state !== undefined) {
      this.settings.ledger.begun(trip, this.context.id, this.context.now);
      this.host.spawn(this.run(state, 'new'), `2pc ${trip.id}`);
    }
    return ok<TripAccepted>({ type: 'trip-accepted', tripId: trip.id });
  }

  private *run(state: TransactionState, start: 'new' | 'recovered'): Process<void> {
    const tripId = state.trip.id;
    if (state.decision === undefined) {
      const decision: TripOutcome = start === 'recovered' ? 'aborted' : yield* this.collectVotes(state.trip);
      if (decision === 'committed') this.settings.ledger.afterPrepare(this.context.id, tripId);
      yield* this.journal.append({ kind: 'decided', tripId, decision });
    }
    const delivered = yield* this.deliver(state.trip, state.decision as TripOutcome);
    if (!delivered) return;
    // Noted in the same step as the entry is written: it is durable from that moment.
    this.settings.ledger.ended(tripId, state.decision as TripOutcome, this.context.now);
    yield* this.journal.append({ kind: 'ended', tripId });
  }

  /** Phase one: every participant prepares in parallel; commit only if every vote is yes. */
  private *collectVotes(trip: Trip): Process<TripOutcome> {
    const tasks: Task<CallResult<ParticipantReply>>[] = [];
    for (const service of SERVICES) tasks.push(yield* spawn(this.ask(trip, service, 'prepare', this.prepareRetry, this.settings.voteTimeoutUs), `prepare ${service}`));
    let allYes = true;
    for (const task of tasks) {
      const outcome = yield* join(task);
      const isYes = outcome.kind === 'done' && outcome.value.kind === 'ok' && outcome.value.reply.type === 'vote' && outcome.value.reply.vote === 'yes';
      if (!isYes) allYes = false;
    }
    return allYes ? 'committed' : 'aborted';
  }

  /** Phase two: tells every participant, in parallel, until each acknowledges; false if one never does. */
  private *deliver(trip: Trip, decision: TripOutcome): Process<boolean> {
    const type = decision === 'committed' ? 'commit' : 'abort';
    const tasks: Task<boolean>[] = [];
    for (const service of SERVICES) tasks.push(yield* spawn(this.deliverTo(trip, service, type), `${type} ${service}`));
    let delivered = true;
    for (const task of tasks) {
      const outcome = yield* join(task);
      if (outcome.kind !== 'done' || !outcome.value) delivered = false;
    }
    return delivered;
  }

  private deliverTo(trip: Trip, service: ServiceName, type: 'commit' | 'abort'): Process<boolean> {
    return askInRounds(MAX_DELIVERY_ROUNDS, DELIVERY_ROUND_PAUSE_US, () => this.ask(trip, service, type, this.decisionRetry, this.settings.ackTimeoutUs));
  }

  private *ask(trip: Trip, service: ServiceName, type: ParticipantRequest['type'], policy: RetryPolicy, timeoutUs: Micros): Process<CallResult<ParticipantReply>> {
    const record = this.settings.ledger.service(trip.id, service);
    const request: ParticipantRequest = { type, trip };
    return yield* policy.execute(() => {
      if (type === 'prepare') record.stepRequests++;
      return call<ParticipantReply>(this.settings.participants[service], request, { timeoutUs });
    });
  }
}
