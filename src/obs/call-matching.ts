// Which call a request sent is an attempt of: a further attempt (a retry, a hedge) joins the
// call it repeats, any other request starts a new call. Rule: with a traceparent the match is
// exact (the caller's open call under the same parent span to the same node, see
// open-call-groups.ts); without one it is inferred: a request repeats an earlier call from its
// node only when a retry (or hedge) was announced there first and the target and body are equal.
import type { NodeState } from './span-node-state.ts';
import type { Attempt, Call } from './span-records.ts';
import type { RequestEnvelope } from './rpc-envelope.ts';
import { parseTraceparent, traceContextOfParts, type TraceContext } from './trace-ids.ts';

/** The request's trace context: from the header's parts when the runtime gives them (no text made), else read from the header. */
export function traceContextOf(request: RequestEnvelope): TraceContext | undefined {
  const parts = request.traceparentParts;
  return parts === undefined ? parseTraceparent(request.traceparent) : traceContextOfParts(parts.traceId, parts.spanId);
}

/** Whether the request carries a traceparent, asked without making the header's text. */
export function hasTraceparent(request: RequestEnvelope): boolean {
  return request.traceparentParts !== undefined || request.traceparent !== undefined;
}

/** `open`, found by the header, is sent again: the retry or hedge announced for it, if one was, is now sent. */
export function takeAnnouncedAttempt(state: NodeState, open: Call): void {
  if (open.pendingRetries > 0) {
    removeItem(state.retrying, open);
    open.pendingRetries--;
  } else if (state.pendingHedges > 0) {
    state.pendingHedges--;
  }
}

/** For a request with no traceparent: the call a retry or hedge announced on its node repeats with this target and body, taken; else undefined. */
export function takeInferredRetry(state: NodeState, to: number, body: unknown): Call | undefined {
  if (state.retrying.length === 0 && state.pendingHedges === 0) return undefined;
  const bodyKey = keyOfBody(body);
  const index = state.retrying.findIndex((call) => call.target === to && bodyKeyOf(call) === bodyKey);
  if (index >= 0) {
    const call = state.retrying[index] as Call;
    state.retrying.splice(index, 1);
    call.pendingRetries--;
    return call;
  }
  if (state.pendingHedges > 0) {
    let hedged: Attempt | undefined;
    // The latest matching attempt: a Set iterates in insertion order.
    for (const attempt of state.openAttempts) if (attempt.call.target === to && !attempt.call.isClosed && bodyKeyOf(attempt.call) === bodyKey) hedged = attempt;
    if (hedged !== undefined) {
      state.pendingHedges--;
      return hedged.call;
    }
  }
  return undefined;
}

/** The retries announced for a call that ended: none of them will be sent. */
export function forgetAnnouncedRetries(state: NodeState, call: Call): void {
  while (call.pendingRetries > 0) {
    removeItem(state.retrying, call);
    call.pendingRetries--;
  }
}

function bodyKeyOf(call: Call): string {
  call.bodyKey ??= keyOfBody(call.body);
  return call.bodyKey;
}

/** A body's identity for matching retries: its JSON, or a marker when it has none. */
function keyOfBody(body: unknown): string {
  try {
    return JSON.stringify(body) ?? 'undefined';
  } catch {
    return '(unserializable)';
  }
}

function removeItem<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index >= 0) items.splice(index, 1);
}
