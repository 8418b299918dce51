// The kv model (Porcupine's, MIT 6.5840's): get, put and append on strings per key, a key
// never written reading as "", and the same rules for failed and indeterminate operations.
import { describe, expect, it } from 'vitest';
import { checkKeyValue, keyValue } from './histories.ts';

const verdictOf = (...lines: string[]): string => checkKeyValue(keyValue(...lines)).verdict;

describe('kv model', () => {
  it('reads a key never written as the empty string', () => {
    expect(verdictOf('0 invoke get a', '0 ok get a ""')).toBe('linearizable');
    expect(verdictOf('0 invoke get a', '0 ok get a x')).toBe('not-linearizable');
  });

  it('concatenates appends in the order they take effect', () => {
    const appends = ['0 invoke append a x', '0 ok append a x', '1 invoke append a y', '1 ok append a y', '2 invoke get a'];
    expect(verdictOf(...appends, '2 ok get a xy')).toBe('linearizable');
    expect(verdictOf(...appends, '2 ok get a yx')).toBe('not-linearizable');
  });

  it('lets concurrent appends take effect in either order', () => {
    const appends = ['0 invoke append a x', '1 invoke append a y', '0 ok append a x', '1 ok append a y', '2 invoke get a'];
    expect(verdictOf(...appends, '2 ok get a yx')).toBe('linearizable');
    expect(verdictOf(...appends, '2 ok get a xy')).toBe('linearizable');
    expect(verdictOf(...appends, '2 ok get a x')).toBe('not-linearizable');
  });

  it('replaces the value on put, and appends after it', () => {
    expect(verdictOf('0 invoke append a x', '0 ok append a x', '0 invoke put a p', '0 ok put a p', '0 invoke append a q', '0 ok append a q', '1 invoke get a', '1 ok get a pq')).toBe(
      'linearizable',
    );
  });

  it('keeps keys apart', () => {
    expect(verdictOf('0 invoke put a x', '0 ok put a x', '1 invoke get b', '1 ok get b ""', '1 invoke get a', '1 ok get a x')).toBe('linearizable');
    expect(verdictOf('0 invoke put a x', '0 ok put a x', '1 invoke get b', '1 ok get b x')).toBe('not-linearizable');
  });

  it('lets an info append take effect once or never, and a pending put as well', () => {
    const infoAppend = ['0 invoke append a x', '0 info append a', '1 invoke get a'];
    expect(verdictOf(...infoAppend, '1 ok get a x')).toBe('linearizable');
    expect(verdictOf(...infoAppend, '1 ok get a ""')).toBe('linearizable');
    expect(verdictOf(...infoAppend, '1 ok get a xx')).toBe('not-linearizable');
    expect(verdictOf('0 invoke put a z', '1 invoke get a', '1 ok get a z')).toBe('linearizable');
  });

  it('takes a failed put as one that did not happen, and a failed get as no constraint', () => {
    const result = checkKeyValue(keyValue('0 invoke put a x', '0 fail put a x', '1 invoke get a', '1 fail get a', '1 invoke get a', '1 ok get a x'));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.ignored).toBe(2);
  });

  it('names the line of a value that is not a string', () => {
    expect(() => checkKeyValue(keyValue('0 invoke put a', '0 ok put a'))).toThrow(/^line 1: expected a put of a string, got null$/);
    expect(() => checkKeyValue(keyValue('0 invoke read a', '0 ok read a'))).toThrow(/^line 1: the kv model has no operation "read": expected get, put or append$/);
  });
});
