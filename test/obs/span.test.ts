// Open spans: a span of a trace that sampling left out is followed but records nothing.
import { describe, expect, it } from 'vitest';
import { OpenSpan } from '../../src/obs/span.ts';

describe('open spans', () => {
  it('records attributes and events only while kept', () => {
    const kept = new OpenSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', undefined, 'call db', 'client', 1, 10);
    kept.setAttribute('rpc.id', 3);
    kept.addEvent(12, 'retry scheduled', { 'retry.delay_us': 5 });
    expect(kept.toSpan(20).attributes).toEqual({ 'rpc.id': 3, 'faultline.open_at_end': true });
    expect(kept.events).toEqual([{ timeUs: 12, name: 'retry scheduled', attributes: { 'retry.delay_us': 5 } }]);
    const left = new OpenSpan('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b8', undefined, 'call db', 'client', 1, 10);
    left.isKept = false;
    left.setAttribute('rpc.id', 3);
    left.addEvent(12, 'retry scheduled');
    left.end(15, 'ok');
    expect(left.toSpan(20)).toMatchObject({ attributes: {}, events: [], endUs: 15, status: 'ok' });
  });
});
