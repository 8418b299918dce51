// The value parsers behind the options: seeds, event limits, durations and --set.
import { describe, expect, it } from 'vitest';
import { parseMaxEvents, parseSeed, parseSetOptions, parseUntil } from '../../src/cli/arguments.ts';
import { UsageError } from '../../src/cli/usage-error.ts';

describe('parseSeed', () => {
  it('reads plain decimal digits from 0 to MAX_SAFE_INTEGER', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['-1', '1.5', '1e3', 'abc', '', '9007199254740992', '٣'])('throws a UsageError for %j', (text) => {
    expect(() => parseSeed(text)).toThrow(UsageError);
  });
});

describe('parseMaxEvents', () => {
  it('reads a positive integer', () => {
    expect(parseMaxEvents('1')).toBe(1);
    expect(parseMaxEvents('50000000')).toBe(50_000_000);
  });

  it.each(['0', '-5', '2.5', 'many', '99999999999999999'])('throws a UsageError for %j', (text) => {
    expect(() => parseMaxEvents(text)).toThrow(UsageError);
  });
});

describe('parseUntil', () => {
  it('reads durations into microseconds', () => {
    expect(parseUntil('30s')).toBe(30_000_000);
    expect(parseUntil('1.5ms')).toBe(1_500);
    expect(parseUntil('40us')).toBe(40);
  });

  it.each(['0s', '30', 'soon', '-1s'])('throws a UsageError for %j', (text) => {
    expect(() => parseUntil(text)).toThrow(UsageError);
  });
});

describe('parseSetOptions', () => {
  it('splits each setting at its first "="', () => {
    expect(parseSetOptions(['nodes=7', 'label=a=b', 'empty='])).toEqual({ nodes: '7', label: 'a=b', empty: '' });
  });

  it('keeps "__proto__" as an ordinary key instead of changing the prototype', () => {
    const params = parseSetOptions(['__proto__=1']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.hasOwn(params, '__proto__')).toBe(true);
  });

  it.each([[['nodes']], [['=7']], [['nodes=1', 'nodes=2']]])('throws a UsageError for %j', (settings) => {
    expect(() => parseSetOptions(settings)).toThrow(UsageError);
  });
});
