// Open spans: a span of a trace that sampling left out is followed but records nothing; a
// kept one finishes as the exported span itself.
import { describe, expect, it } from 'vitest';
import { addEvent, endSpan, finishSpan, isKeptSpan, openSpan, setAttribute, setFirstAttributes } from '../../src/obs/span.ts';

describe('open spans', () => {
  it('records attributes and events only while kept', () => {
    const kept = openSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', undefined, 'call db', 'client', 1, 10, true);
    setAttribute(kept, 'rpc.id', 3);
    addEvent(kept, 12, 'retry scheduled', { 'retry.delay_us': 5 });
    expect(finishSpan(kept, 20).attributes).toEqual({ 'rpc.id': 3, 'faultline.open_at_end': true });
    expect(kept.events).toEqual([{ timeUs: 12, name: 'retry scheduled', attributes: { 'retry.delay_us': 5 } }]);
    const attempt = openSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b9', '00f067aa0ba902b7', 'attempt 1', 'client', 1, 10, true);
    setFirstAttributes(attempt, { 'rpc.id': 3, 'rpc.attempt': 1 });
    setAttribute(attempt, 'rpc.outcome', 'ok');
    expect(Object.entries(attempt.attributes)).toEqual([['rpc.id', 3], ['rpc.attempt', 1], ['rpc.outcome', 'ok']]);
    const left = openSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b8', undefined, 'call db', 'client', 1, 10, false);
    expect(isKeptSpan(left)).toBe(false);
    setFirstAttributes(left, { 'rpc.attempt': 1 });
    setAttribute(left, 'rpc.id', 3);
    addEvent(left, 12, 'retry scheduled');
    endSpan(left, 15, 'ok');
    expect(finishSpan(left, 20)).toMatchObject({ attributes: {}, events: [], endUs: 15, status: 'ok' });
  });

  it('finishes as the exported span itself, with exactly the fields of a span', () => {
    const span = openSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', '00f067aa0ba902b6', 'serve db', 'server', 2, 10, true);
    endSpan(span, 14, 'error', 'node crashed');
    endSpan(span, 16, 'ok');
    const finished = finishSpan(span, 20);
    expect(finished).toBe(span);
    expect(Object.keys(finished).sort()).toEqual(['attributes', 'endUs', 'events', 'kind', 'name', 'node', 'parentSpanId', 'spanId', 'startUs', 'status', 'statusMessage', 'traceId']);
    expect(finished).toMatchObject({ endUs: 14, status: 'error', statusMessage: 'node crashed', attributes: {} });
  });
});
