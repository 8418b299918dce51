// Test fixture: calls, attempts and serves made by hand, for the span builder's pieces
// (span-node-state, call-matching, failed-attempt), with spans kept and named by what they are.
import type { Micros } from '../../src/engine/time.ts';
import { openSpan, type OpenSpan } from '../../src/obs/span.ts';
import type { Attempt, Call, Serve } from '../../src/obs/span-records.ts';
import type { NodeState } from '../../src/obs/span-node-state.ts';

export function span(name: string, startUs: Micros = 0, traceId = 'trace-1', spanId = name, kind: OpenSpan['kind'] = 'client'): OpenSpan {
  return openSpan(traceId, spanId, undefined, name, kind, 0, startUs, true);
}

export function call(target: number, body: unknown, parent?: OpenSpan): Call {
  return { span: span(`call ${target}`), parent, caller: 0, target, body, bodyKey: undefined, groupParent: undefined, attempts: [], pendingRetries: 0, isClosed: false, lastOutcome: 'no reply' };
}

/** A further attempt of `of`, sent at `sentUs`, and open on `state` (oldest first, as sent). */
export function attempt(state: NodeState, of: Call, sentUs: Micros): Attempt {
  const made: Attempt = { span: span(`attempt ${of.attempts.length + 1} of call ${of.target}`, sentUs), sequence: 0, call: of, number: of.attempts.length + 1, serves: [], isAnswered: false };
  of.attempts = [...of.attempts, made];
  state.openAttempts.add(made);
  return made;
}

/** A request served on `state`'s node, of a call in `traceId`. */
export function serve(state: NodeState, name: string, traceId = 'trace-1'): Serve {
  const served: Serve = { span: span(name, 0, traceId, name, 'server'), sequence: 0, attempt: { span: span('remote attempt'), sequence: 0, call: call(0, undefined), number: 1, serves: [], isAnswered: false }, node: 0 };
  state.openServes.add(served);
  return served;
}
