// The log ring: bounded, oldest first, counts what it let go; levels read from prefixes.
import { describe, expect, it } from 'vitest';
import { levelOfLine, LogRing, type LogRecord } from '../../src/obs/log-ring.ts';

const record = (index: number): LogRecord => ({ timeUs: index, node: 0, level: 'info', text: `line ${index}`, eventIndex: index });

describe('log ring', () => {
  it('keeps the newest records up to its capacity, oldest first', () => {
    const ring = new LogRing(3);
    for (let index = 0; index < 5; index++) ring.add(record(index));
    expect(ring.toArray().map((entry) => entry.text)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(ring.written).toBe(5);
    expect(ring.discarded).toBe(2);
  });

  it('reads a level prefix, and calls a line without one info', () => {
    expect(levelOfLine('warn: disk almost full')).toEqual({ level: 'warn', text: 'disk almost full' });
    expect(levelOfLine('ERROR: boom')).toEqual({ level: 'error', text: 'boom' });
    expect(levelOfLine('elected leader: term 3')).toEqual({ level: 'info', text: 'elected leader: term 3' });
  });

  it('rejects a capacity that is not a positive integer up to the limit', () => {
    expect(() => new LogRing(0)).toThrow(/invalid log capacity 0: expected an integer from 1 to 1000000/);
  });
});
