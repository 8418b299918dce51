// The client protocol's messages as rpc envelopes (the shape of src/node/rpc.ts): a
// command travels in an `rpc-request` with a W3C traceparent, and every answer in an
// `rpc-reply` naming the attempt it answers (not-leader as an rpc error). Nothing in Raft reads the envelope's ids
// or header; they are there so that an observer (src/obs) gives each command a trace
// with its attempts, hops and server handling, as it does for any rpc.
// Rule: one trace per command (its id comes from the client and the request id, never
// from randomness), the same header on every attempt, a fresh rpcId per attempt; a
// leader that applies a command answers the attempt its log entry came from, whichever
// server received it.
import { hex16, hex32 } from '../../engine/span-ids.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { CallError, CallOk } from '../../node/call-result.ts';
import type { RpcReply, RpcRequest } from '../../node/rpc.ts';
import type { ClientCommand, ClientOutcome } from './raft-messages.ts';

/**
 * A command on its way to a server: one attempt of it. Its header's text is made only
 * when read (an observer reads `traceparentParts`; trace files read the text), so a run
 * nobody observes makes no id text: the Raft hour sends hundreds of thousands.
 */
export class ClientRequest implements RpcRequest<ClientCommand> {
  readonly type = 'rpc-request';
  private parts: { readonly traceId: string; readonly spanId: string } | undefined;

  constructor(
    readonly rpcId: number,
    readonly boot: number,
    readonly body: ClientCommand,
  ) {}

  /** The command's trace id and the id of the span standing for the command, without the header's text. */
  get traceparentParts(): { readonly traceId: string; readonly spanId: string } {
    this.parts ??= commandTraceIds(this.body.clientId, this.body.requestId);
    return this.parts;
  }

  get traceparent(): string {
    const parts = this.traceparentParts;
    return `00-${parts.traceId}-${parts.spanId}-01`;
  }

  /**
   * The plain envelope, header included (trace files, the event list). The command comes
   * right after the type: event lines are cut at 80 characters, and the command is what
   * a person debugging Raft reads.
   */
  toJSON(): RpcRequest<ClientCommand> {
    return { type: this.type, body: this.body, rpcId: this.rpcId, boot: this.boot, traceparent: this.traceparent };
  }
}

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
 * Set in the first word of a client command's trace and span ids. The rpc runtime's ids
 * start with a node id + 1 (below 2^26), so no command's trace can share an id with a
 * trace the runtime starts, in a world that runs both (cp-vs-ap).
 */
const COMMAND_TRACE_MARK = 0x80000000;

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

/** The ids every attempt at one command carries: one trace per command; the span stands for the command (the client's operation). */
export function commandTraceIds(client: NodeId, requestId: number): { readonly traceId: string; readonly spanId: string } {
  const word = (COMMAND_TRACE_MARK | (client + 1)) >>> 0;
  return { traceId: hex32(word, 0, 0, requestId), spanId: hex16(word, requestId) };
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

  /** A new incarnation: `incarnation` from the node context (0 at first start). */
  restart(incarnation: number): void {
    this.boot = incarnation + 1;
    this.lastRpcId = 0;
    this.firstOfCommand = 1;
  }

  /** A new command (one trace): the attempts from now on are its. */
  beginCommand(): void {
    this.firstOfCommand = this.lastRpcId + 1;
  }

  /** The next attempt at `command`, under the command's trace. */
  request(command: ClientCommand): ClientRequest {
    return new ClientRequest(++this.lastRpcId, this.boot, command);
  }

  /** The outcome `reply` brings for an attempt at the current command, or undefined for an earlier command's. */
  outcomeFor(reply: ClientReply): ClientOutcome | undefined {
    return reply.boot === this.boot && reply.rpcId >= this.firstOfCommand ? replyOutcome(reply) : undefined;
  }
}
