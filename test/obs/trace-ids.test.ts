// Trace ids: W3C form, drawn from the seed's own stream, the same for the same seed.
import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, TraceIdSource } from '../../src/obs/trace-ids.ts';

describe('trace ids', () => {
  it('draws 32 and 16 hex digit ids, the same for the same seed and others for another', () => {
    const first = new TraceIdSource(5);
    const again = new TraceIdSource(5);
    const other = new TraceIdSource(6);
    const ids = [first.traceId(), first.spanId(), first.spanId()];
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{16}$/);
    expect([again.traceId(), again.spanId(), again.spanId()]).toEqual(ids);
    expect(other.traceId()).not.toBe(ids[0]);
  });

  it('formats and parses traceparent headers, rejecting malformed and all-zero ids', () => {
    const context = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    expect(formatTraceparent(context)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(parseTraceparent(formatTraceparent(context))).toEqual(context);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent(42)).toBeUndefined();
  });
});
