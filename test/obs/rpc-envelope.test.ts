// Reading rpc envelopes from the trace: a message's label names the rpc it carries
// (`call work #3`, `reply error:shed #4`) or its own type, and reads the same every time
// (labels are made from parts kept once per type and outcome).
import { describe, expect, it } from 'vitest';
import { describeBodyParts, errorMessageOf, labelOf, outcomeOf } from '../../src/obs/rpc-envelope.ts';

/** A body's label as exporters write it. */
const describeBody = (body: unknown): string => {
  const parts = describeBodyParts(body);
  return labelOf(parts.head, parts.rpcId);
};

const request = (rpcId: number, body: unknown): unknown => ({ type: 'rpc-request', rpcId, boot: 0, body });
const reply = (rpcId: number, result: unknown): unknown => ({ type: 'rpc-reply', rpcId, boot: 0, result });

describe('rpc envelopes', () => {
  it('labels a request by its body type and call number, and a request without a type by its number', () => {
    expect(describeBody(request(3, { type: 'work' }))).toBe('call work #3');
    expect(describeBody(request(3, { type: 'work' }))).toBe('call work #3');
    expect(describeBody(request(5, 42))).toBe('call #5');
  });

  it('labels a reply by its outcome, with the reason of an error', () => {
    expect(describeBody(reply(3, { kind: 'ok' }))).toBe('reply ok #3');
    expect(describeBody(reply(4, { kind: 'error', reason: 'shed' }))).toBe('reply error:shed #4');
    expect(describeBody(reply(4, { kind: 'error', reason: 'shed' }))).toBe('reply error:shed #4');
    expect(outcomeOf({ kind: 'error' })).toBe('error');
    expect(outcomeOf({ kind: 'timeout', reason: 'late' })).toBe('timeout');
  });

  it("gives a failed reply's span status its outcome and the server's words, or the outcome alone when there are none", () => {
    const shed = { kind: 'error', reason: 'shed', detail: 'load shedder s shed a normal call' } as const;
    expect(errorMessageOf(shed, outcomeOf(shed))).toBe('error:shed: load shedder s shed a normal call');
    expect(errorMessageOf({ kind: 'error', reason: 'remote' }, 'error:remote')).toBe('error:remote');
    expect(errorMessageOf({ kind: 'error', reason: 'remote', detail: '' }, 'error:remote')).toBe('error:remote');
  });

  it('labels any other message by its type, shortened, or by what it is', () => {
    expect(describeBody({ type: 'heartbeat' })).toBe('heartbeat');
    expect(describeBody({ type: 'x'.repeat(60) })).toBe(`${'x'.repeat(37)}...`);
    expect(describeBody([1, 2])).toBe('array');
    expect(describeBodyParts({ type: 'heartbeat' })).toEqual({ head: 'heartbeat', rpcId: undefined });
  });
});
