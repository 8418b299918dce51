// Request/response over plain messages: the envelopes a call travels in. Rule: a reply
// is matched to its call by (rpcId, boot) and by the node it came from; a reply that
// matches no waiting call (late, duplicated, or for an earlier incarnation) is ignored.
import type { NodeId } from '../net/partition.ts';
import type { CallError, CallOk, CallResult } from './call-result.ts';

export interface RpcRequest<Request = unknown> {
  readonly type: 'rpc-request';
  /** Numbers the caller's calls within one boot. */
  readonly rpcId: number;
  /** The caller's boot number, so replies to an earlier incarnation never match. */
  readonly boot: number;
  readonly body: Request;
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
  return { type: 'rpc-reply', rpcId: request.rpcId, boot: request.boot, result: sent };
}
