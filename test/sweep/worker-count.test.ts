import { describe, expect, it } from 'vitest';
import { checkWorkerCount, MAX_WORKERS, parseWorkerCount } from '../../src/sweep/worker-count.ts';

describe('worker counts', () => {
  it(`accepts 1 to ${MAX_WORKERS}`, () => {
    expect(parseWorkerCount('1')).toBe(1);
    expect(parseWorkerCount('256')).toBe(256);
    expect(checkWorkerCount(2)).toBe(2);
  });

  it.each(['0', '257', 'a', '1.5', '-1', '', '2e0'])('rejects %j with a RangeError naming it and the allowed range', (text) => {
    expect(() => parseWorkerCount(text)).toThrow(new RangeError(`invalid worker count ${JSON.stringify(text)}: expected an integer from 1 to 256`));
  });

  it.each([0, -1, 1.5, 257, Number.NaN])('rejects the number %s', (value) => {
    expect(() => checkWorkerCount(value)).toThrow(`invalid worker count ${String(value)}: expected an integer from 1 to 256`);
  });
});
