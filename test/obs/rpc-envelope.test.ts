// Reading rpc envelopes from the trace: call keys identify a call by caller, boot and
// call number, as a number when the parts are small and as text beyond.
import { describe, expect, it } from 'vitest';
import { callKey } from '../../src/obs/rpc-envelope.ts';

describe('rpc envelopes', () => {
  it('gives every caller, boot and call number its own call key, small or large', () => {
    const parts = [-1, 0, 1, 7, 511, 512, 4094, 4095, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 1.5];
    const keys = new Set<number | string>();
    let combinations = 0;
    for (const caller of parts) {
      for (const boot of parts) {
        for (const rpcId of parts) {
          keys.add(callKey(caller, boot, rpcId));
          combinations++;
        }
      }
    }
    expect(keys.size).toBe(combinations);
    expect(callKey(3, 1, 42)).toBe(callKey(3, 1, 42));
    expect(typeof callKey(3, 1, 42)).toBe('number');
    expect(callKey(3, 1, 2 ** 40)).toBe(`3:1:${2 ** 40}`);
  });
});
