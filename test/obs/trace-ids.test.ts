// Trace ids: W3C form, drawn from the seed's own stream, the same for the same seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, traceContextOfParts, TraceIdSource } from '../../src/obs/trace-ids.ts';

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

  it('reads a context from the header parts exactly when the header made of them parses', () => {
    const traceIds = ['4bf92f3577b34da6a3ce929d0e0e4736', '0'.repeat(32), '4BF92F3577B34DA6A3CE929D0E0E4736', '4bf92f3577b34da6a3ce929d0e0e473', '4bf92f3577b34da6a3ce929d0e0e473g'];
    const spanIds = ['00f067aa0ba902b7', '0'.repeat(16), '00F067AA0BA902B7', '00f067aa0ba902b', '00f067aa0ba902b7-'];
    for (const traceId of traceIds) {
      for (const spanId of spanIds) expect(traceContextOfParts(traceId, spanId)).toEqual(parseTraceparent(`00-${traceId}-${spanId}-01`));
    }
    expect(traceContextOfParts(undefined, '00f067aa0ba902b7')).toBeUndefined();
  });

  it('agrees with the header parser on ids of any characters near the hex digits', () => {
    // Mostly hex digits (many zeros, so all-zero ids come up), now and then one just outside them.
    const character = fc.oneof({ arbitrary: fc.constantFrom(...'0000000123456789abcdef'.split('')), weight: 60 }, { arbitrary: fc.constantFrom(...'gABF/:`'.split('')), weight: 1 });
    const length = (size: number): fc.Arbitrary<number> => fc.oneof({ arbitrary: fc.constant(size), weight: 8 }, { arbitrary: fc.constantFrom(size - 1, size + 1), weight: 1 });
    const id = (size: number): fc.Arbitrary<string> => length(size).chain((count) => fc.oneof(fc.array(character, { minLength: count, maxLength: count }), fc.constant(new Array<string>(count).fill('0'))).map((characters) => characters.join('')));
    fc.assert(
      fc.property(id(32), id(16), (traceId, spanId) => {
        expect(traceContextOfParts(traceId, spanId)).toEqual(parseTraceparent(`00-${traceId}-${spanId}-01`));
      }),
      { seed: 5, numRuns: 400 },
    );
  });

  it('moves the id stream on by a skipped span id exactly as by a drawn one', () => {
    const drawn = new TraceIdSource(9);
    const skipped = new TraceIdSource(9);
    drawn.spanId();
    skipped.skipSpanId();
    expect(skipped.spanId()).toBe(drawn.spanId());
    expect(skipped.traceId()).toBe(drawn.traceId());
  });
});
