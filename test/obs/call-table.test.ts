// The span builder's table of calls: the same caller, boot and call number always find
// the same entry, a second set replaces it, and every kind of number works (dense call
// numbers, numbers far apart, negative, fractional, callers beyond the dense range).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallTable } from '../../src/obs/call-table.ts';

describe('call table', () => {
  it('finds what was set under the same three numbers, as a map by their text would', () => {
    const caller = fc.oneof({ arbitrary: fc.integer({ min: -1, max: 5 }), weight: 8 }, { arbitrary: fc.constantFrom(-2, 4_095, 10_000, 0.5), weight: 1 });
    const boot = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2 }), weight: 8 }, { arbitrary: fc.constantFrom(-1, 512, 1.5), weight: 1 });
    const rpcId = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 40 }), weight: 8 }, { arbitrary: fc.constantFrom(-1, 0.25, 2 ** 21, 2 ** 40, Number.NaN), weight: 1 });
    const operation = fc.record({ isSet: fc.boolean(), caller, boot, rpcId, value: fc.integer() });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const table = new CallTable<number>();
        const reference = new Map<string, number>();
        for (const { isSet, caller: c, boot: b, rpcId: r, value } of operations) {
          const key = `${c}:${b}:${r}`;
          if (isSet) {
            table.set(c, b, r, value);
            reference.set(key, value);
          } else {
            expect(table.get(c, b, r)).toBe(reference.get(key));
          }
        }
        const visited: number[] = [];
        table.forEach((value) => visited.push(value));
        expect(visited.sort((first, second) => first - second)).toEqual([...reference.values()].sort((first, second) => first - second));
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('gives every caller, boot and call number its own entry, small or large', () => {
    const parts = [-1, 0, 1, 7, 511, 512, 4094, 4095, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 1.5];
    const table = new CallTable<string>();
    const combinations: string[] = [];
    for (const caller of parts) for (const boot of parts) for (const rpcId of parts) combinations.push(`${caller}:${boot}:${rpcId}`);
    for (const key of combinations) {
      const [caller, boot, rpcId] = key.split(':').map(Number) as [number, number, number];
      table.set(caller, boot, rpcId, key);
    }
    for (const key of combinations) {
      const [caller, boot, rpcId] = key.split(':').map(Number) as [number, number, number];
      expect(table.get(caller, boot, rpcId)).toBe(key);
    }
  });
});
