// The client protocol's messages as rpc envelopes (the shape of src/node/rpc.ts): a
// command travels in an `rpc-request` with a W3C traceparent, and every answer in an
// `rpc-reply` naming the attempt it answers (not-leader as an rpc error). Nothing in
// Raft reads the envelope's ids or header; they are there so that an observer (src/obs)
// gives each command a trace with its attempts, hops and server handling, as it does
// for any rpc.
// Rule: one trace per command (the rpc runtime's TraceScope, from the client and the
// request id, never from randomness), the same header on every attempt, a fresh rpcId
// per attempt; a leader that applies a command answers the attempt its log entry came
// from, whichever server received it.
import type { NodeId } from '../../node/node-api.ts';
import type { CallError, CallOk } from '../../node/call-result.ts';
import { TraceScope, TracedRequest, type RpcReply, type RpcRequest } from '../../node/rpc.ts';
import type { ClientCommand, ClientOutcome } from './raft-messages.ts';

/**
 * A command on its way to a server: one attempt of it. Clients send the rpc runtime's
 * TracedRequest, whose header text is made only when read, so a run nobody observes makes
 * no id text (the Raft hour sends hundreds of thousands).
 */
export type ClientRequest = RpcRequest<ClientCommand>;

/**
 * "Not the leader", as an rpc error (as etcd's followers answer a client): the attempt
 * failed at that server, and a trace shows it so. It carries the leader the server knows of.
 */
export interface NotLeaderError extends CallError {
  readonly leaderHint: NodeId | null;
}

/** A server's answer to one attempt: the command's outcome, or a not-leader error. */
export interface ClientReply extends RpcReply<Exclude<ClientOutcome, { kind: 'not-leader' }>> {
  readonly result: CallOk<Exclude<ClientOutcome, { kind: 'not-leader' }>> | NotLeaderError;
}

/**
 * The boot a command's trace scope names. The rpc runtime numbers boots from 1, so a
 * command's trace id (client, boot 0, request id) is never one the runtime starts, in a
 * world that runs both (cp-vs-ap).
 */
const COMMAND_TRACE_BOOT = 0;

/** The answer `server` gives the attempt (rpcId, boot). */
export function clientReply(rpcId: number, boot: number, outcome: ClientOutcome, server: NodeId): ClientReply {
  // The result before the ids, for the event lines (see ClientRequest.toJSON).
  if (outcome.kind !== 'not-leader') return { type: 'rpc-reply', result: { kind: 'ok', reply: outcome }, rpcId, boot };
  const hint = outcome.leaderHint;
  const detail = hint === null ? 'not the leader; no leader known' : `not the leader; node ${hint} leads`;
  return { type: 'rpc-reply', result: { kind: 'error', reason: 'remote', detail, node: server, leaderHint: hint }, rpcId, boot };
}

/** What a reply says: the command's outcome, or not-leader with the server's hint. */
export function replyOutcome(reply: ClientReply): ClientOutcome {
  const result = reply.result;
  return result.kind === 'ok' ? result.reply : { kind: 'not-leader', leaderHint: result.leaderHint };
}

/**
 * A client's attempts in one incarnation, numbered 1, 2, 3, ... (the rpc runtime's rule:
 * rpcIds count per boot), for a client that has one command out at a time.
 */
export class ClientAttempts {
  private boot = 0;
  private lastRpcId = 0;
  /** The first attempt at the current command: answers to earlier attempts are for earlier commands. */
  private firstOfCommand = 1;
  /** The current command's trace: one per command, its span standing for the command (the client's operation). */
  private scope: TraceScope | undefined;

  /** A new incarnation: `incarnation` from the node context (0 at first start). */
  restart(incarnation: number): void {
    this.boot = incarnation + 1;
    this.lastRpcId = 0;
    this.firstOfCommand = 1;
  }

  /** A new command (one trace): the attempts from now on are its. */
  beginCommand(client: NodeId, requestId: number): void {
    this.firstOfCommand = this.lastRpcId + 1;
    this.scope = TraceScope.ownRequest(client, COMMAND_TRACE_BOOT, requestId);
  }

  /** The next attempt at `command`, under the command's trace (beginCommand first). */
  request(command: ClientCommand): TracedRequest<ClientCommand> {
    return new TracedRequest(++this.lastRpcId, this.boot, command, this.scope as TraceScope);
  }

  /** The outcome `reply` brings for an attempt at the current command, or undefined for an earlier command's. */
  outcomeFor(reply: ClientReply): ClientOutcome | undefined {
    return reply.boot === this.boot && reply.rpcId >= this.firstOfCommand ? replyOutcome(reply) : undefined;
  }
}
