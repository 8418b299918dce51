// The lane heap under the LaneAllocator: it pops lanes by key, and equal keys lowest lane
// first, whatever the order of the pushes and pops in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/obs/perfetto-min-heap.ts';

describe('MinHeap', () => {
  it('pops the lane of the smallest key, ties to the lowest lane, under any pushes and pops', () => {
    // Each step pushes (lane = step number, a small key: many ties) or pops.
    const steps = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant('pop' as const)), { maxLength: 80 });
    fc.assert(
      fc.property(steps, (script) => {
        const heap = new MinHeap();
        const model: { lane: number; key: number }[] = [];
        script.forEach((step, lane) => {
          if (step !== 'pop') {
            heap.push(lane, step);
            model.push({ lane, key: step });
            return;
          }
          if (model.length === 0) return;
          let smallest = 0;
          model.forEach((entry, index) => {
            const best = model[smallest] as { lane: number; key: number };
            if (entry.key < best.key || (entry.key === best.key && entry.lane < best.lane)) smallest = index;
          });
          const [expected] = model.splice(smallest, 1);
          expect(heap.peekKey()).toBe(expected?.key);
          expect(heap.pop()).toBe(expected?.lane);
          expect(heap.size).toBe(model.length);
        });
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});
