// What the span builder knows about one node: the event its current handler runs for, the
// requests it is serving, the attempts it has sent and not seen answered, the retries and
// hedges it announced. Rule: the handling holds for one handler only; links to the request
// a call was made under (when its request carries no traceparent) are read from it, so a
// new event on the node first settles what the previous handler left undecided.
import type { Micros } from '../engine/time.ts';
import type { OpenSpan } from './span.ts';
import type { Attempt, Call, Serve } from './span-records.ts';
import type { TraceContext } from './trace-ids.ts';

/** What a node is doing right now: the event its current handler runs for. */
export type Handling =
  | { readonly kind: 'other' }
  | { readonly kind: 'serving'; readonly serve: Serve }
  | { readonly kind: 'reply'; readonly attempt: Attempt };

/** A handler for anything but a traced request or reply (a timer, a start, an untraced message). */
export const OTHER_HANDLING: Handling = { kind: 'other' };

export class NodeState {
  handling: Handling = OTHER_HANDLING;
  /** The attempt that failed (error reply, timeout) in the current handler, if any. */
  failedNow: Attempt | undefined;
  /** Calls whose last attempt failed in the current handler, closed unless a retry is announced. */
  maybeClosing: Call[] = [];
  readonly openServes = new Set<Serve>();
  /** Attempts sent and not answered, oldest first (a Set keeps insertion order). */
  readonly openAttempts = new Set<Attempt>();
  /** Calls with a retry or hedge announced. */
  readonly retrying: Call[] = [];
  /** How long this node waits for a reply, per target, as seen when it last gave up on one. */
  readonly waitUsByTarget = new Map<number, Micros>();
  pendingHedges = 0;
}

/** The span the node's current work belongs to: the request it serves, the call whose reply it handles, else its one open request. */
export function currentSpanOfState(state: NodeState): OpenSpan | undefined {
  const handling = state.handling;
  if (handling.kind === 'serving') return handling.serve.span;
  if (handling.kind === 'reply') return handling.attempt.call.span;
  return onlyServe(state)?.span;
}

/**
 * The parent of a call sent with no traceparent, inferred from what the node is handling: as
 * currentSpanOfState, except that a call made while handling a reply is a sibling of the
 * call answered (made under the same parent), not its child.
 */
export function inferredParentOf(state: NodeState): OpenSpan | undefined {
  const handling = state.handling;
  return handling.kind === 'reply' ? handling.attempt.call.parent : currentSpanOfState(state);
}

/**
 * The server span a traceparent names on this node; else the node's open request of that
 * trace (a header from elsewhere). The node's open requests are searched, not a table of
 * every open server span by id: a node has a request or two open when it calls out, while
 * such a table would take every request's id text in and out (hashing it) for the few that
 * are named.
 */
export function parentNamedBy(state: NodeState, header: TraceContext): OpenSpan | undefined {
  for (const serve of state.openServes) if (serve.span.spanId === header.spanId) return serve.span;
  return serveInTrace(state, header.traceId);
}

/** How the parent of a call was found, for the span's `faultline.parent` attribute. */
export function describeParent(parent: OpenSpan | undefined, hasHeader: boolean, state: NodeState): string {
  if (parent === undefined) return 'root';
  if (hasHeader) return 'exact: traceparent header';
  return state.handling.kind === 'other' ? 'inferred: only open request on the node' : 'exact: sent while handling it';
}

/** The open request on this node that belongs to this trace (the one being handled first). */
function serveInTrace(state: NodeState, traceId: string): OpenSpan | undefined {
  const handling = state.handling;
  if (handling.kind === 'serving' && handling.serve.span.traceId === traceId) return handling.serve.span;
  for (const serve of state.openServes) if (serve.span.traceId === traceId) return serve.span;
  return undefined;
}

function onlyServe(state: NodeState): Serve | undefined {
  if (state.openServes.size !== 1) return undefined;
  for (const serve of state.openServes) return serve;
  return undefined;
}
