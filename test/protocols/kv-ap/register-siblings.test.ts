// Version vectors and siblings: a sibling disappears only when a later write's context
// covers its dot; concurrent writes stay side by side, in dot order, whatever order the
// replicas merge them in; and the context a client gets back covers everything it read.
import { describe, expect, it } from 'vitest';
import { mergeSiblings, siblingsContext, type Sibling } from '../../../src/protocols/kv-ap/register-siblings.ts';
import { mergeTokenValues } from '../../../src/protocols/kv-ap/sibling-merge.ts';
import { describeRecord } from '../../../src/protocols/kv-ap/stored-record.ts';
import { compareVectors, coversDot, mergeVectors } from '../../../src/protocols/kv-ap/version-vector.ts';

const first: Sibling = { value: 'a;', dot: { node: 0, counter: 1 }, context: [] };
const concurrent: Sibling = { value: 'b;', dot: { node: 2, counter: 1 }, context: [] };
const successor: Sibling = { value: 'a;b;c;', dot: { node: 1, counter: 1 }, context: [[0, 1], [2, 1]] };

describe('version vectors', () => {
  it('order vectors by what they have seen', () => {
    expect(compareVectors([[0, 1]], [[0, 2]])).toBe('before');
    expect(compareVectors([[0, 2], [1, 1]], [[0, 2]])).toBe('after');
    expect(compareVectors([[0, 1]], [[1, 1]])).toBe('concurrent');
    expect(compareVectors([[0, 1]], [[0, 1]])).toBe('equal');
  });

  it('merge to the pointwise maximum, sorted by node', () => {
    expect(mergeVectors([[0, 2], [3, 1]], [[1, 4], [3, 5]])).toEqual([[0, 2], [1, 4], [3, 5]]);
    expect(coversDot([[1, 4]], { node: 1, counter: 3 })).toBe(true);
    expect(coversDot([[1, 4]], { node: 2, counter: 1 })).toBe(false);
  });
});

describe('siblings', () => {
  it('keeps concurrent writes, in dot order, whichever merges first', () => {
    expect(mergeSiblings([concurrent], [first])).toEqual([first, concurrent]);
    expect(mergeSiblings([first], [concurrent])).toEqual([first, concurrent]);
  });

  it('drops siblings whose dots a later write’s context covers', () => {
    expect(mergeSiblings([first, concurrent], [successor])).toEqual([successor]);
    expect(mergeSiblings([successor], [first])).toEqual([successor]);
  });

  it('keeps a sibling whose dot the later context does not cover', () => {
    const late: Sibling = { value: 'd;', dot: { node: 0, counter: 2 }, context: [] };
    expect(mergeSiblings([successor], [late])).toEqual([late, successor]);
  });

  it('gives the client a context covering every sibling and what they had seen', () => {
    expect(siblingsContext([first, concurrent])).toEqual([[0, 1], [2, 1]]);
    expect(siblingsContext([successor])).toEqual([[0, 1], [1, 1], [2, 1]]);
  });

  it('merges sibling values of appended tokens without dropping any token', () => {
    expect(mergeTokenValues(['a;b;', 'a;c;', 'c;d;'])).toBe('a;b;c;d;');
    expect(mergeTokenValues(['x;'])).toBe('x;');
    expect(mergeTokenValues([])).toBe('');
  });
});

describe('records in words', () => {
  it('shows a value with its stamp, siblings side by side, a counter’s value and a set’s elements', () => {
    expect(describeRecord({ kind: 'lww', value: 'a;', stamp: { wallUs: 1_500_250, logical: 2, node: 3 } })).toBe('"a;" @1500.250ms+2@n3');
    expect(describeRecord({ kind: 'siblings', siblings: [first, concurrent] })).toBe('"a;" | "b;"');
    expect(describeRecord({ kind: 'counter', counter: { increments: [[0, 5]], decrements: [[1, 2]] } })).toBe('counter 3');
    expect(describeRecord({ kind: 'set', set: { adds: [{ element: 'x', tag: { node: 0, counter: 1 } }], removed: [] } })).toBe('set {x}');
  });
});
