// Which call a request is an attempt of: a retry or hedge announced on its node joins the
// earlier call with the same target and body; an announced attempt found by its header
// settles the announcement; a call that ends forgets the retries announced for it.
import { describe, expect, it } from 'vitest';
import { forgetAnnouncedRetries, takeAnnouncedAttempt, takeInferredRetry } from '../../src/obs/call-matching.ts';
import { NodeState } from '../../src/obs/span-node-state.ts';
import { attempt, call } from './span-record-fixtures.ts';

const DB = 7;
const CACHE = 8;

/** A node that announced one retry of `retried`. */
function retryAnnounced(retried: ReturnType<typeof call>): NodeState {
  const state = new NodeState();
  retried.pendingRetries++;
  state.retrying.push(retried);
  return state;
}

describe('a request with no traceparent', () => {
  it('is a retry of the announced call with the same target and an equal body', () => {
    const retried = call(DB, { type: 'get', key: 'a' });
    const state = retryAnnounced(retried);
    expect(takeInferredRetry(state, DB, { type: 'get', key: 'a' })).toBe(retried);
    expect(retried.pendingRetries).toBe(0);
    expect(state.retrying).toEqual([]);
  });

  it('is a new call when its body or target differs from the announced retry', () => {
    const retried = call(DB, { type: 'get', key: 'a' });
    const state = retryAnnounced(retried);
    expect(takeInferredRetry(state, DB, { type: 'get', key: 'b' })).toBeUndefined();
    expect(takeInferredRetry(state, CACHE, { type: 'get', key: 'a' })).toBeUndefined();
    expect(retried.pendingRetries).toBe(1);
  });

  it('is a new call when nothing was announced, even with an equal body, and its body is not read', () => {
    const state = new NodeState();
    attempt(state, call(DB, 'same'), 100);
    let serialized = 0;
    const body = { toJSON: (): string => `same ${++serialized}` };
    expect(takeInferredRetry(state, DB, 'same')).toBeUndefined();
    expect(takeInferredRetry(state, DB, body)).toBeUndefined();
    expect(serialized).toBe(0);
  });

  it('is a hedge of the newest open call with the same target and body when a hedge was announced', () => {
    const state = new NodeState();
    attempt(state, call(DB, 'same'), 100);
    const newest = call(DB, 'same');
    attempt(state, newest, 120);
    attempt(state, call(DB, 'other'), 130);
    state.pendingHedges = 1;
    expect(takeInferredRetry(state, DB, 'same')).toBe(newest);
    expect(state.pendingHedges).toBe(0);
  });

  it('is no hedge of a call already closed', () => {
    const state = new NodeState();
    const closed = call(DB, 'same');
    attempt(state, closed, 100);
    closed.isClosed = true;
    state.pendingHedges = 1;
    expect(takeInferredRetry(state, DB, 'same')).toBeUndefined();
    expect(state.pendingHedges).toBe(1);
  });
});

describe('announced attempts', () => {
  it('a further attempt found by its header takes the retry announced for its call, else a hedge', () => {
    const retried = call(DB, 'a');
    const state = retryAnnounced(retried);
    state.pendingHedges = 1;
    takeAnnouncedAttempt(state, retried);
    expect([retried.pendingRetries, state.retrying.length, state.pendingHedges]).toEqual([0, 0, 1]);
    takeAnnouncedAttempt(state, retried);
    expect(state.pendingHedges).toBe(0);
    takeAnnouncedAttempt(state, retried);
    expect([retried.pendingRetries, state.pendingHedges]).toEqual([0, 0]);
  });

  it('a call that ends forgets every retry announced for it, and only those', () => {
    const ended = call(DB, 'a');
    const other = call(DB, 'b');
    const state = retryAnnounced(ended);
    other.pendingRetries++;
    state.retrying.push(other);
    ended.pendingRetries++;
    state.retrying.push(ended);
    forgetAnnouncedRetries(state, ended);
    expect(ended.pendingRetries).toBe(0);
    expect(state.retrying).toEqual([other]);
  });
});
