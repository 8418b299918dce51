// A client of the Raft cluster: it sends one command at a time to the server it believes
// leads, follows "not leader" hints, and retries on a timeout with the same request id,
// so the state machine can apply the command once however often it arrives. Commands
// travel as rpc envelopes (client-rpc.ts), one trace per command.
// Rule: request ids are reserved on the client's disk in blocks, so a restarted client
// never reuses one (it skips the rest of the block it had reserved).
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import type { NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../node/node-api.ts';
import type { ClientLedger, ClientOperation } from './client-ledger.ts';
import type { ClientCommand, ClientOutcome, RaftMessage } from './raft-messages.ts';
import { ClientAttempts } from './client-rpc.ts';
import { RAFT_LIMITS } from './raft-options.ts';

export interface RaftClientOptions {
  readonly serverCount: number;
  /** Mean commands per second this client sends while its commands succeed. */
  readonly commandsPerSecond: number;
  /** Share of commands that are reads, 0 to 1. */
  readonly readShare: number;
  /** Keys k0..k(n-1) the client picks from. */
  readonly keyCount: number;
  /** How long a client waits for an answer before retrying elsewhere. */
  readonly timeoutUs: Micros;
  readonly ledger: ClientLedger;
}

export const CLIENT_LIMITS = {
  /** A command is abandoned after this many attempts. */
  maxAttemptsPerCommand: 100_000,
  /** Wait before retrying when a server knows no leader (an election is on). */
  retryPauseUs: 20_000,
  /** Request ids are reserved on disk this many at a time (a restart skips the rest of a block). */
  requestIdBlock: 1_000,
} as const;

type ClientTimerTag =
  | { readonly kind: 'next' }
  /** Checks the current attempt's deadline (one timer serves every attempt: see `watch`). */
  | { readonly kind: 'deadline' }
  | { readonly kind: 'retry'; readonly attempt: number; readonly requestId: number };

type Context = NodeContext<RaftMessage, ClientTimerTag>;

const RESERVED_KEY = 'client/reserved-request-ids';
const NEXT_TIMER = { kind: 'next' } as const;
const DEADLINE_TIMER = { kind: 'deadline' } as const;

export function raftClient(options: RaftClientOptions): NodeFactory<RaftMessage, ClientTimerTag> {
  if (!(options.commandsPerSecond > 0) || !(options.readShare >= 0 && options.readShare <= 1) || !(options.keyCount >= 1)) {
    throw new RangeError('raft client: expected commandsPerSecond > 0, readShare in 0..1 and keyCount >= 1');
  }
  return (id) => {
    if (id > RAFT_LIMITS.maxClientNodeId) throw new RangeError(`raft client: node id ${id} is too high: clients must be nodes 0..${RAFT_LIMITS.maxClientNodeId}`);
    return new RaftClient(id, options).behavior();
  };
}

class RaftClient {
  private pending: ClientOperation | undefined;
  private target: NodeId = 0;
  private deadline: Micros = 0;
  private isDeadlineTimerArmed = false;
  private nextRequestId = 1;
  private reservedUpTo = 0;
  private readonly attempts = new ClientAttempts();
  private readonly meanGapUs: Micros;
  private readonly keys: readonly string[];

  constructor(
    private readonly id: NodeId,
    private readonly options: RaftClientOptions,
  ) {
    this.meanGapUs = Math.round(1_000_000 / options.commandsPerSecond);
    this.keys = Array.from({ length: options.keyCount }, (_, index) => `k${index}`);
  }

  behavior(): NodeBehavior<RaftMessage, ClientTimerTag> {
    return {
      onStart: (context) => this.boot(context),
      onRecover: (context) => this.boot(context),
      onMessage: (context, from, message) => {
        if (message.type !== 'rpc-reply' || this.pending === undefined) return;
        const outcome = this.attempts.outcomeFor(message);
        if (outcome !== undefined) this.onReply(context, from, this.pending, outcome); // else an answer to a settled command
      },
      onTimer: (context, tag) => this.onTimer(context, tag),
    };
  }

  private boot(context: Context): void {
    this.attempts.restart(context.incarnation);
    this.reservedUpTo = context.storage.get<number>(RESERVED_KEY) ?? 0;
    this.nextRequestId = this.reservedUpTo + 1;
    this.target = context.random.below(this.options.serverCount);
    this.scheduleNext(context);
  }

  private onReply(context: Context, from: NodeId, operation: ClientOperation, outcome: ClientOutcome): void {
    switch (outcome.kind) {
      case 'ok':
        this.options.ledger.complete(operation, outcome.result, from);
        this.pending = undefined;
        this.scheduleNext(context);
        return;
      case 'not-leader':
        if (outcome.leaderHint !== null && outcome.leaderHint !== from) this.retry(context, operation, outcome.leaderHint, 0);
        else this.retry(context, operation, (from + 1) % this.options.serverCount, CLIENT_LIMITS.retryPauseUs);
        return;
      case 'text-ok':
        return; // this client sends list commands only
      default:
        return assertNever(outcome);
    }
  }

  private onTimer(context: Context, tag: ClientTimerTag): void {
    switch (tag.kind) {
      case 'next':
        if (this.pending === undefined) this.issue(context);
        return;
      case 'deadline':
        this.isDeadlineTimerArmed = false;
        if (this.pending === undefined) return;
        if (context.now >= this.deadline) this.retry(context, this.pending, (this.target + 1) % this.options.serverCount, 0);
        else this.watch(context);
        return;
      case 'retry':
        if (this.pending !== undefined && this.pending.command.requestId === tag.requestId && this.pending.attempts === tag.attempt) this.send(context, this.pending);
        return;
      default:
        return assertNever(tag);
    }
  }

  private scheduleNext(context: Context): void {
    context.setTimer(context.random.intInclusive(0, 2 * this.meanGapUs), NEXT_TIMER);
  }

  private issue(context: Context): void {
    if (this.nextRequestId > RAFT_LIMITS.maxRequestsPerClient) return;
    if (this.nextRequestId > this.reservedUpTo) {
      this.reservedUpTo += CLIENT_LIMITS.requestIdBlock;
      context.storage.set(RESERVED_KEY, this.reservedUpTo);
    }
    const requestId = this.nextRequestId++;
    const kind = context.random.chance(this.options.readShare) ? 'read' : 'append';
    const command: ClientCommand = { clientId: this.id, requestId, kind, key: context.random.pick(this.keys) };
    this.pending = this.options.ledger.invoke(command);
    this.attempts.beginCommand(this.id, requestId);
    this.send(context, this.pending);
  }

  private send(context: Context, operation: ClientOperation): void {
    context.send(this.target, this.attempts.request(operation.command));
    this.deadline = context.now + this.options.timeoutUs;
    this.watch(context);
  }

  /** One timer at a time watches the deadline; it re-arms itself when the deadline has moved on. */
  private watch(context: Context): void {
    if (this.isDeadlineTimerArmed) return;
    this.isDeadlineTimerArmed = true;
    context.setTimer(Math.max(0, this.deadline - context.now), DEADLINE_TIMER);
  }

  /** Another attempt at `next` (after `pause`), unless the command has had its most attempts. */
  private retry(context: Context, operation: ClientOperation, next: NodeId, pause: Micros): void {
    if (operation.attempts >= CLIENT_LIMITS.maxAttemptsPerCommand) {
      this.options.ledger.abandon(operation);
      this.pending = undefined;
      this.scheduleNext(context);
      return;
    }
    this.options.ledger.retry(operation);
    this.target = next;
    if (pause === 0) this.send(context, operation);
    else context.setTimer(pause, { kind: 'retry', attempt: operation.attempts, requestId: operation.command.requestId });
  }
}
