// jsonString, the exporters' shortcut for strings that need no escaping, must give exactly
// what JSON.stringify gives, for any string at all (and jsonStringBody the same, unquoted).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString, jsonStringBody } from '../../src/obs/json-string.ts';

describe('jsonString', () => {
  it('writes quotes, backslashes, control characters, separators and lone surrogates as JSON.stringify does', () => {
    for (const text of ['', 'call db', 'a"b', 'a\\b', 'line\nbreak', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', 'é', '<', '~ } {']) expect(jsonString(text)).toBe(JSON.stringify(text));
  });

  it('equals JSON.stringify for any string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => jsonString(text) === JSON.stringify(text)), { seed: 8, numRuns: 200 });
  });

  it('writes the body between the quotes alone, for any string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => `"${jsonStringBody(text)}"` === JSON.stringify(text)), { seed: 9, numRuns: 200 });
  });
});
