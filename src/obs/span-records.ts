// The records the span builder keeps for a request while it runs: a call (the caller's
// logical request), its attempts (each request sent for it: the first, retries, hedges) and
// the serves (a server handling one attempt). Rule: a record holds its span for good; a
// call is closed once (isClosed) and only by the builder, which ends its open attempts too.
import type { Micros } from '../engine/time.ts';
import type { OpenSpan } from './span.ts';

export interface Call {
  readonly span: OpenSpan;
  /** The server span it was made under; undefined for a call that starts a trace. */
  readonly parent: OpenSpan | undefined;
  readonly caller: number;
  readonly target: number;
  /** The request body, for matching a retry to its call; its JSON is made only when needed. */
  readonly body: unknown;
  bodyKey: string | undefined;
  /**
   * The parent span id its requests' traceparent names, when they carry one: with its caller
   * and target, the group where its further attempts are found.
   */
  readonly groupParent: string | undefined;
  attempts: Attempt[];
  /** Retries or hedges announced and not yet sent. */
  pendingRetries: number;
  isClosed: boolean;
  lastOutcome: string;
}

export interface Attempt {
  readonly span: OpenSpan;
  /** The span's place in the order spans were made (-1 for one left out), for its hops' place. */
  readonly sequence: number;
  readonly call: Call;
  /** 1 for the first attempt of its call. */
  readonly number: number;
  serves: Serve[];
  isAnswered: boolean;
}

export interface Serve {
  readonly span: OpenSpan;
  /** As an attempt's. */
  readonly sequence: number;
  readonly attempt: Attempt;
  readonly node: number;
}

/** When the call's last attempt ended: where a call that failed with no retry announced ends. */
export function lastEnd(call: Call): Micros {
  let end = call.span.startUs;
  for (const attempt of call.attempts) if (attempt.span.endUs !== undefined && attempt.span.endUs > end) end = attempt.span.endUs;
  return end;
}
