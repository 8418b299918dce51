import { describe, expect, it } from 'vitest';
import { formatShard, parseShard } from '../../src/sweep/shard.ts';

describe('shards', () => {
  it('reads k/n as a 1-based shard', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(parseShard('3/3')).toEqual({ index: 3, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(formatShard({ index: 2, count: 5 })).toBe('2/5');
  });

  it.each(['4/3', '0/2', 'a/b', '1/0', '-1/2', '1/2/3', '1', '1.5/3', '', '2 /3', '1/99999999999'])('rejects %j with a RangeError naming it and the form k/n', (text) => {
    expect(() => parseShard(text)).toThrow(RangeError);
    expect(() => parseShard(text)).toThrow(`invalid shard ${JSON.stringify(text)}: expected k/n with integers 1 <= k <= n`);
  });
});
