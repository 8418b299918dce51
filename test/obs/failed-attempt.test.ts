// Which attempt a caller's pattern event says failed, inferred from the node's unanswered
// attempts: one learned wait ago, else the oldest with the named number, else the oldest.
import { describe, expect, it } from 'vitest';
import { deadlineReachedBy, failedAttemptNumber, failedCall } from '../../src/obs/failed-attempt.ts';
import { NodeState } from '../../src/obs/span-node-state.ts';
import { attempt, call } from './span-record-fixtures.ts';

const DB = 7;
const CACHE = 8;

describe('the attempt whose deadline is now', () => {
  it('takes the attempt sent exactly one learned wait ago over older ones', () => {
    const state = new NodeState();
    const older = attempt(state, call(DB, 'a'), 100);
    const due = attempt(state, call(DB, 'b'), 150);
    state.waitUsByTarget.set(DB, 50);
    expect(deadlineReachedBy(state, 200, undefined)).toBe(due);
    expect(deadlineReachedBy(state, 150, undefined)).toBe(older);
  });

  it('learns the wait per target: a wait seen on one target does not pick an attempt to another', () => {
    const state = new NodeState();
    const older = attempt(state, call(DB, 'a'), 100);
    attempt(state, call(CACHE, 'b'), 150);
    state.waitUsByTarget.set(DB, 50);
    expect(deadlineReachedBy(state, 200, undefined)).toBe(older);
  });

  it('else takes the oldest attempt with the number the event names', () => {
    const state = new NodeState();
    const first = call(DB, 'a');
    attempt(state, first, 100);
    const second = call(DB, 'b');
    attempt(state, second, 120);
    const retryOfFirst = attempt(state, first, 140);
    expect(deadlineReachedBy(state, 500, 2)).toBe(retryOfFirst);
    expect(deadlineReachedBy(state, 500, 1)?.call).toBe(first);
  });

  it('else takes the oldest unanswered attempt', () => {
    const state = new NodeState();
    const oldest = attempt(state, call(DB, 'a'), 100);
    attempt(state, call(DB, 'b'), 120);
    expect(deadlineReachedBy(state, 500, 3)).toBe(oldest);
    expect(deadlineReachedBy(state, 500, undefined)).toBe(oldest);
    expect(deadlineReachedBy(new NodeState(), 500, undefined)).toBeUndefined();
  });
});

describe('the call a pattern event says failed', () => {
  it('is the call whose error reply the node is handling, ending nothing else', () => {
    const state = new NodeState();
    const answered = attempt(state, call(DB, 'a'), 100);
    const open = attempt(state, call(DB, 'b'), 110);
    state.openAttempts.delete(answered);
    state.failedNow = answered;
    expect(failedCall(state, 300, undefined)).toBe(answered.call);
    expect(open.span.endUs).toBeUndefined();
  });

  it('ends an inferred attempt as given up, learns its wait and makes it the failed attempt of this handler', () => {
    const state = new NodeState();
    const given = attempt(state, call(DB, 'a'), 100);
    expect(failedCall(state, 160, undefined)).toBe(given.call);
    expect(given.span).toMatchObject({ endUs: 160, status: 'error', statusMessage: 'no reply: the caller gave up (inferred)', attributes: { 'rpc.outcome': 'timeout' } });
    expect(given.call.lastOutcome).toBe('timeout');
    expect(state.openAttempts.has(given)).toBe(false);
    expect(state.waitUsByTarget.get(DB)).toBe(60);
    expect(state.failedNow).toBe(given);
  });

  it('reads the failed attempt from the event: retry-scheduled names the next attempt, retry-exhausted the count', () => {
    expect(failedAttemptNumber({ kind: 'retry-scheduled', fields: { attempt: 3 } })).toBe(2);
    expect(failedAttemptNumber({ kind: 'retry-exhausted', fields: { attempt: 9, attempts: 4 } })).toBe(4);
    expect(failedAttemptNumber({ kind: 'retry-exhausted', fields: {} })).toBeUndefined();
    expect(failedAttemptNumber({ kind: 'retry-budget-exhausted', fields: {} })).toBeUndefined();
  });
});
