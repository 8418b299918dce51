// FIFO links deliver in send order whatever the latencies (duplicates included);
// reorder links let later messages overtake earlier ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatencyDistribution } from '../../src/net/latency.ts';
import { DEFAULT_LINK } from '../../src/net/link.ts';
import { RecordingCluster } from './recording-cluster.ts';

const NODES = 3;

const latency: fc.Arbitrary<LatencyDistribution> = fc.oneof(
  fc.record({ kind: fc.constant('uniform' as const), baseUs: fc.nat({ max: 100 }), minUs: fc.constant(0), maxUs: fc.nat({ max: 5_000 }) }),
  fc.record({ kind: fc.constant('exponential' as const), baseUs: fc.nat({ max: 100 }), meanUs: fc.integer({ min: 1, max: 3_000 }) }),
  fc.record({ kind: fc.constant('constant' as const), baseUs: fc.nat({ max: 100 }) }),
);

const sendPlan = fc.array(
  fc.record({ atUs: fc.nat({ max: 2_000 }), from: fc.nat({ max: NODES - 1 }), to: fc.nat({ max: NODES - 1 }) }),
  { maxLength: 150 },
);

describe('link ordering', () => {
  it('a FIFO link delivers every message in send order, a duplicate right after its original', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), latency, fc.double({ min: 0, max: 0.5, noNaN: true }), sendPlan, (seed, distribution, duplicateProbability, plan) => {
        const network = new RecordingCluster(NODES, { latency: distribution, lossProbability: 0, duplicateProbability, ordering: 'fifo' }, seed);
        plan.forEach((send, index) => network.sendAt(send.atUs, send.from, send.to, index));
        network.run();
        const duplicated = new Set(network.duplicates.map((event) => event.detail));
        // Send order, worked out independently: by time, then by the order the sends were scheduled.
        const sendOrder = plan.map((send, index) => ({ ...send, index })).sort((a, b) => a.atUs - b.atUs || a.index - b.index);
        for (let from = 0; from < NODES; from++) {
          for (let to = 0; to < NODES; to++) {
            const expected = sendOrder
              .filter((send) => send.from === from && send.to === to)
              .flatMap((send) => (duplicated.has(send.index) ? [send.index, send.index] : [send.index]));
            const arrived = network.arrivals.filter((arrival) => arrival.from === from && arrival.to === to).map((arrival) => arrival.body);
            expect(arrived).toEqual(expected);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a reorder link lets a later message overtake an earlier one', () => {
    const network = new RecordingCluster(2, DEFAULT_LINK, 3);
    for (let index = 0; index < 1_000; index++) network.sendAt(index * 10, 0, 1, index);
    network.run();
    const order = network.arrivals.map((arrival) => arrival.body as number);
    expect(order.length).toBe(1_000);
    const overtaken = order.filter((body, position) => position > 0 && body < (order[position - 1] as number)).length;
    expect(overtaken).toBeGreaterThan(0);
  });
});
