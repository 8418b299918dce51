// The hex texts of trace context ids: what the rpc runtime puts in traceparent headers and
// the observer rebuilds. They must be exactly the words' lower-case hex, 8 digits a word,
// whatever the word's range (ToUint32, as `>>>` reads it), and one flat string each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex16, hex32, serveSpanIdOf } from '../../src/engine/span-ids.ts';

const hexOf = (word: number): string => (word >>> 0).toString(16).padStart(8, '0');
/** Words as callers pass them: 32-bit values, and the odd larger or negative integer (a caller of -1 plus one, a call number past 2^32). */
const word = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -5, max: 5 }), fc.maxSafeInteger());

describe('span ids as hex', () => {
  it('writes two words as their 16 hex digits', () => {
    fc.assert(fc.property(word, word, (high, low) => hex16(high, low) === hexOf(high) + hexOf(low)), { seed: 7, numRuns: 500 });
  });

  it('writes four words as their 32 hex digits', () => {
    fc.assert(fc.property(word, word, word, word, (first, second, third, fourth) => hex32(first, second, third, fourth) === hexOf(first) + hexOf(second) + hexOf(third) + hexOf(fourth)), { seed: 7, numRuns: 500 });
  });

  it('pins the edge words', () => {
    expect(hex16(0, 0)).toBe('0000000000000000');
    expect(hex16(0xffffffff, 1)).toBe('ffffffff00000001');
    expect(hex32(0xdeadbeef, 0, 0x0a0b0c0d, -1)).toBe('deadbeef000000000a0b0c0dffffffff');
  });

  it('gives a server span a never-zero 16-digit id that depends on every part of the request', () => {
    const id = serveSpanIdOf(3, 1, 42, 0);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(id).not.toBe('0000000000000000');
    expect(new Set([id, serveSpanIdOf(4, 1, 42, 0), serveSpanIdOf(3, 2, 42, 0), serveSpanIdOf(3, 1, 43, 0), serveSpanIdOf(3, 1, 42, 1)]).size).toBe(5);
  });
});
