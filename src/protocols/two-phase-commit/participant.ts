// A 2PC participant (flight, hotel or car service). Prepare takes the item's lock, does
// the work and, if it can book, writes "prepared" to its log and votes yes; from then on
// it holds the lock and may neither commit nor abort until the coordinator says which:
// it is in doubt. Commit or abort, written to the log, releases the lock.
// Rule: a participant that voted yes never decides alone, however long it waits; that
// wait is the blocking of two-phase commit. (decisionRule 'decide-alone-after-timeout'
// is the deliberate bug that breaks the rule.) Prepared trips survive a crash: the locks
// are taken again from the log on recovery.
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import { callError, ok, type CallResult } from '../../node/call-result.ts';
import type { NodeBehavior, NodeContext } from '../../node/node-api.ts';
import { nodeContext, sleep, type Process } from '../../node/process.ts';
import type { ProcessHost } from '../../node/process-host.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import { idempotencyStore, type IdempotencyStore } from '../../patterns/idempotency.ts';
import type { BookingLedger, ServiceRecord } from '../saga/booking-ledger.ts';
import { LockTable } from '../saga/lock-table.ts';
import { SERVICE_IDEMPOTENCY, type ServiceTiming } from '../saga/saga-service.ts';
import { lockKeyOf, type ServiceName, type Trip } from '../saga/trip.ts';
import type { FinalState, ParticipantReply, ParticipantRequest, Vote } from './participant-messages.ts';

/** 'decide-alone-after-timeout' is a deliberate bug: an in-doubt participant aborts on its own. */
export type DecisionRule = 'wait-for-coordinator' | 'decide-alone-after-timeout';

export interface ParticipantSettings {
  readonly service: ServiceName;
  readonly ledger: BookingLedger;
  readonly timing: ServiceTiming;
  readonly decisionRule: DecisionRule;
  /** With the bug: how long an in-doubt participant waits before deciding alone. */
  readonly decisionTimeoutUs: Micros;
}

/** What the participant's log holds for a trip. */
interface StoredTransaction {
  readonly state: 'prepared' | FinalState;
  readonly lockKey: string;
  readonly preparedAtUs: Micros | undefined;
}

const STORAGE_PREFIX = 'tpc/';

export function participantNode(settings: ParticipantSettings): NodeBehavior<unknown, unknown> {
  let participant: Participant | undefined;
  return rpcNode<ParticipantRequest, ParticipantReply>({
    onStart: (host, context) => {
      participant = new Participant(settings, host, context);
      participant.recover();
    },
    serve: (request) => (participant as Participant).serve(request),
  });
}

class Participant {
  private readonly locks: LockTable;
  private readonly store: IdempotencyStore;

  constructor(
    private readonly settings: ParticipantSettings,
    private readonly host: ProcessHost<ParticipantRequest, ParticipantReply>,
    private readonly context: NodeContext,
  ) {
    this.locks = new LockTable(settings.ledger.locks);
    this.store = idempotencyStore({ ...SERVICE_IDEMPOTENCY, retention: 'durable', name: `prepare-${settings.service}` });
  }

  /** Takes again the lock of every trip the log says is prepared: they are still in doubt. */
  recover(): void {
    for (const key of this.context.storage.keys()) {
      if (!key.startsWith(STORAGE_PREFIX)) continue;
      const stored = this.context.storage.get<StoredTransaction>(key) as StoredTransaction;
      if (stored.state !== 'prepared') continue;
      const tripId = key.slice(STORAGE_PREFIX.length);
      this.locks.restore(stored.lockKey, `trip ${tripId}`, stored.preparedAtUs ?? this.context.now);
      if (this.settings.decisionRule === 'decide-alone-after-timeout') this.host.spawn(this.decideAlone(tripId), `decide alone ${tripId}`);
    }
  }

  serve(request: ParticipantRequest): Process<CallResult<ParticipantReply>> {
    switch (request.type) {
      case 'prepare':
        return this.store.execute(`prepare/${request.trip.id}`, () => this.prepare(request.trip));
      case 'commit':
        return this.finish(request.trip.id, 'committed');
      case 'abort':
        return this.finish(request.trip.id, 'aborted');
      default:
        return assertNever(request);
    }
  }

  private stored(tripId: string): StoredTransaction | undefined {
    return this.context.storage.get<StoredTransaction>(STORAGE_PREFIX + tripId);
  }

  private record(tripId: string): ServiceRecord {
    return this.settings.ledger.service(tripId, this.settings.service);
  }

  private vote(tripId: string, vote: Vote): CallResult<ParticipantReply> {
    return ok({ type: 'vote', tripId, vote });
  }

  private *prepare(trip: Trip): Process<CallResult<ParticipantReply>> {
    const already = this.stored(trip.id);
    if (already !== undefined) return this.vote(trip.id, already.state === 'aborted' ? 'no' : 'yes');
    const lockKey = lockKeyOf(trip, this.settings.service);
    const owner = `trip ${trip.id}`;
    if ((yield* this.locks.acquire(lockKey, owner, this.settings.timing.lockWaitUs)) === 'timeout') {
      this.write(trip.id, { state: 'aborted', lockKey, preparedAtUs: undefined });
      return this.vote(trip.id, 'no');
    }
    const timing = this.settings.timing;
    yield* sleep(this.context.random.chance(timing.slowProbability) ? timing.slowWorkUs : timing.workUs);
    // An abort may have come while we worked (the coordinator stopped waiting for this vote).
    if (this.stored(trip.id) !== undefined || trip.unavailableAt === this.settings.service) {
      if (this.stored(trip.id) === undefined) this.write(trip.id, { state: 'aborted', lockKey, preparedAtUs: undefined });
      this.locks.release(lockKey, owner, this.context.now);
      return this.vote(trip.id, 'no');
    }
    this.write(trip.id, { state: 'prepared', lockKey, preparedAtUs: this.context.now });
    if (this.settings.decisionRule === 'decide-alone-after-timeout') this.host.spawn(this.decideAlone(trip.id), `decide alone ${trip.id}`);
    return this.vote(trip.id, 'yes');
  }

  /** Applies the coordinator's decision (idempotent: a repeated one is answered from the log). */
  // A generator with no wait: the decision is applied and answered in one step.
  private *finish(tripId: string, decision: FinalState): Process<CallResult<ParticipantReply>> {
    const stored = this.stored(tripId);
    if (stored === undefined && decision === 'committed') {
      return callError('remote', this.context.id, `${this.settings.service}: commit for trip ${tripId}, which never prepared here`);
    }
    if (stored === undefined) this.write(tripId, { state: 'aborted', lockKey: '', preparedAtUs: undefined });
    else if (stored.state === 'prepared') this.resolve(tripId, stored, decision);
    return ok({ type: 'ack', tripId, state: (this.stored(tripId) as StoredTransaction).state as FinalState });
  }

  /** The in-doubt trip gets its outcome: log it, release the lock, note how long it was in doubt. */
  private resolve(tripId: string, stored: StoredTransaction, outcome: FinalState): void {
    this.write(tripId, { ...stored, state: outcome });
    this.locks.release(stored.lockKey, `trip ${tripId}`, this.context.now);
    this.settings.ledger.inDoubtUs.push(this.context.now - (stored.preparedAtUs ?? this.context.now));
  }

  /** bug === 'decide-alone-after-timeout': still in doubt after the timeout, the participant aborts by itself. */
  private *decideAlone(tripId: string): Process<void> {
    yield* sleep(this.settings.decisionTimeoutUs);
    const stored = this.stored(tripId);
    if (stored?.state !== 'prepared') return;
    this.record(tripId).decidedAlone = true;
    this.resolve(tripId, stored, 'aborted');
  }

  /** Writes the trip's state to the log and mirrors it in the ledger. */
  private write(tripId: string, stored: StoredTransaction): void {
    this.context.storage.set(STORAGE_PREFIX + tripId, stored);
    const record = this.record(tripId);
    record.state = stored.state;
    if (stored.state === 'prepared') record.preparedAtUs = stored.preparedAtUs;
    if (stored.state === 'committed') record.bookingsMade++;
  }
}
