// Request/response over plain messages: the envelopes a call travels in. Rule: a reply
// is matched to its call by (rpcId, boot) and by the node it came from; a reply that
// matches no waiting call (late, duplicated, or for an earlier incarnation) is ignored.
// Every request carries a W3C `traceparent` (`00-<trace id>-<parent id>-01`): the trace
// it belongs to and the span its caller works under. Nothing in the run reads it; an
// observer (src/obs) builds exact span trees from it. Its text is made only when read
// (a TracedRequest keeps numbers), so a run nobody observes does no string work for it.
import { hex16, hex32, serveSpanIdOf } from '../engine/span-ids.ts';
import type { NodeId } from '../net/partition.ts';
import type { CallError, CallOk, CallResult } from './call-result.ts';

export interface RpcRequest<Request = unknown> {
  readonly type: 'rpc-request';
  /** Numbers the caller's calls within one boot. */
  readonly rpcId: number;
  /** The caller's boot number, so replies to an earlier incarnation never match. */
  readonly boot: number;
  readonly body: Request;
  /**
   * W3C trace context, `00-<32 hex trace id>-<16 hex parent id>-01`. The parent id names
   * the span the caller works under: the server span of the request it is serving (see
   * serveSpanIdOf), or, for a request of its own, a span standing for that request. Every
   * attempt of one call (retries, hedges) carries the same header.
   */
  readonly traceparent?: string;
}

/** What a server sends back: a reply or an error (a timeout is the caller's own verdict). */
export type RpcReplyResult<Reply> = CallOk<Reply> | CallError;

export interface RpcReply<Reply = unknown> {
  readonly type: 'rpc-reply';
  readonly rpcId: number;
  readonly boot: number;
  readonly result: RpcReplyResult<Reply>;
}

export type RpcMessage<Request = unknown, Reply = unknown> = RpcRequest<Request> | RpcReply<Reply>;

export function isRpcMessage(message: unknown): message is RpcMessage {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return type === 'rpc-request' || type === 'rpc-reply';
}

/**
 * The reply for a served result. A server's own timeout (it waited on a node further
 * down) reaches its caller as a remote error: the caller did get an answer.
 */
export function replyFor<Reply>(request: RpcRequest, result: CallResult<Reply>, server: NodeId): RpcReply<Reply> {
  const sent: RpcReplyResult<Reply> =
    result.kind === 'timeout'
      ? { kind: 'error', reason: 'remote', node: server, detail: `node ${server} timed out after ${result.afterUs}us` }
      : result;
  // The result before the ids: event lines are cut at 80 characters, and the result is what a person reads.
  return { type: 'rpc-reply', result: sent, rpcId: request.rpcId, boot: request.boot };
}

/**
 * The span id of the server span for one request: derived from the request's identity
 * (caller, boot, rpcId) and the server, so the runtime and an observer reading the trace
 * agree on it without talking (one function for both: src/engine/span-ids.ts).
 */
export { serveSpanIdOf } from '../engine/span-ids.ts';

const TWO_POW_32 = 4294967296;
/** Length of a version-00 traceparent header. */
const TRACEPARENT_LENGTH = 55;

/** The trace a request belongs to; its id's text is made when first read. */
export interface TraceOrigin {
  readonly traceId: string;
}

/** The trace a header names (a request that did not come from a process host). */
class HeaderOrigin implements TraceOrigin {
  constructor(readonly traceId: string) {}
}

/** The trace a header names; undefined for anything but a version-00 header. */
function originFromHeader(header: unknown): TraceOrigin | undefined {
  if (typeof header !== 'string' || header.length !== TRACEPARENT_LENGTH || !header.startsWith('00-')) return undefined;
  return new HeaderOrigin(header.slice(3, 35));
}

/**
 * The trace a process works in and the span it works under (see process-host.ts); texts
 * are made when first read. A scope of the node's own request is also its trace's origin
 * (one object for both): a new trace, unique in the run without drawing randomness.
 */
export class TraceScope implements TraceOrigin {
  readonly origin: TraceOrigin;
  private traceText: string | undefined;
  private spanText: string | undefined;
  private headerText: string | undefined;

  private constructor(
    origin: TraceOrigin | undefined,
    private readonly kind: 'own-request' | 'serving',
    private readonly caller: NodeId,
    private readonly boot: number,
    private readonly number: number,
    private readonly server: NodeId,
  ) {
    this.origin = origin ?? this;
  }

  /** A request of the node's own (no request above it), starting a trace (node, boot and a count per boot): its span stands for that request. */
  static ownRequest(node: NodeId, boot: number, count: number): TraceScope {
    return new TraceScope(undefined, 'own-request', node, boot, count, node);
  }

  /** Serving one request: the span is the request's server span (serveSpanIdOf). */
  static serving(origin: TraceOrigin, caller: NodeId, request: RpcRequest, server: NodeId): TraceScope {
    return new TraceScope(origin, 'serving', caller, request.boot, request.rpcId, server);
  }

  get traceId(): string {
    if (this.origin !== this) return this.origin.traceId;
    this.traceText ??= hex32(this.caller + 1, this.boot, Math.floor(this.number / TWO_POW_32), this.number);
    return this.traceText;
  }

  get spanId(): string {
    this.spanText ??= this.kind === 'serving' ? serveSpanIdOf(this.caller, this.boot, this.number, this.server) : hex16(this.caller + 1, (this.number + 1) % TWO_POW_32);
    return this.spanText;
  }

  get traceparent(): string {
    this.headerText ??= `00-${this.traceId}-${this.spanId}-01`;
    return this.headerText;
  }
}

/** A request as the process host sends it: its traceparent is read from its caller's scope when someone asks. */
export class TracedRequest<Request = unknown> implements RpcRequest<Request> {
  readonly type = 'rpc-request';

  constructor(
    readonly rpcId: number,
    readonly boot: number,
    readonly body: Request,
    readonly scope: TraceScope,
  ) {}

  get traceparent(): string {
    return this.scope.traceparent;
  }

  /**
   * The traceparent's trace id and parent id as text, without making the header's text: an
   * observer (src/obs) reads these for every request, the header only for the few it keeps.
   */
  get traceparentParts(): { readonly traceId: string; readonly spanId: string } {
    return this.scope;
  }

  /** The plain envelope, header included (trace files, snapshots); the body first, for event lines cut at 80 characters. */
  toJSON(): RpcRequest<Request> {
    return { type: this.type, body: this.body, rpcId: this.rpcId, boot: this.boot, traceparent: this.traceparent };
  }
}

/** The trace a request belongs to: its caller's, carried by reference or read from its header. */
export function traceOriginOf(request: RpcRequest): TraceOrigin | undefined {
  return request instanceof TracedRequest ? request.scope.origin : originFromHeader(request.traceparent);
}
