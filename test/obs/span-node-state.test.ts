// What a node is handling decides the parent of a call sent without a traceparent and the
// span its log lines belong to; a header names its parent among the node's open requests.
import { describe, expect, it } from 'vitest';
import { currentSpanOfState, describeParent, inferredParentOf, NodeState, OTHER_HANDLING, parentNamedBy } from '../../src/obs/span-node-state.ts';
import { attempt, call, serve, span } from './span-record-fixtures.ts';

describe('the parent of a call sent with no traceparent', () => {
  it('is the request being served', () => {
    const state = new NodeState();
    serve(state, 'other request');
    const served = serve(state, 'served');
    state.handling = { kind: 'serving', serve: served };
    expect(inferredParentOf(state)).toBe(served.span);
    expect(describeParent(served.span, false, state)).toBe('exact: sent while handling it');
  });

  it('is the parent of the call whose reply is being handled (and log lines go to that call)', () => {
    const state = new NodeState();
    const parent = span('parent', 0, 'trace-1', 'parent', 'server');
    const replied = attempt(state, call(7, 'a', parent), 100);
    state.handling = { kind: 'reply', attempt: replied };
    expect(inferredParentOf(state)).toBe(parent);
    expect(currentSpanOfState(state)).toBe(replied.call.span);
  });

  it('after a timer: the one open request on the node, none when it has two', () => {
    const state = new NodeState();
    const only = serve(state, 'only');
    expect(inferredParentOf(state)).toBe(only.span);
    expect(describeParent(only.span, false, state)).toBe('inferred: only open request on the node');
    serve(state, 'second');
    expect(state.handling).toBe(OTHER_HANDLING);
    expect(inferredParentOf(state)).toBeUndefined();
    expect(describeParent(undefined, false, state)).toBe('root');
  });
});

describe('the parent a traceparent names', () => {
  it('is the open request with the span id it names', () => {
    const state = new NodeState();
    serve(state, 'first', 'trace-1');
    const named = serve(state, 'named', 'trace-2');
    expect(parentNamedBy(state, { traceId: 'trace-1', spanId: 'named' })).toBe(named.span);
    expect(describeParent(named.span, true, state)).toBe('exact: traceparent header');
  });

  it('else the open request of its trace, the one being handled first', () => {
    const state = new NodeState();
    serve(state, 'open', 'trace-1');
    const handled = serve(state, 'handled', 'trace-1');
    expect(parentNamedBy(state, { traceId: 'trace-1', spanId: 'elsewhere' })?.spanId).toBe('open');
    state.handling = { kind: 'serving', serve: handled };
    expect(parentNamedBy(state, { traceId: 'trace-1', spanId: 'elsewhere' })).toBe(handled.span);
    expect(parentNamedBy(state, { traceId: 'trace-3', spanId: 'elsewhere' })).toBeUndefined();
  });
});
