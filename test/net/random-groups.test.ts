// A group of nodes given its own network random stream (Network.separateRandomness) gets
// the same losses, duplicates and latencies whatever the other nodes send, and bad groups
// are refused with a message naming what is wrong.
import { describe, expect, it } from 'vitest';
import type { LinkConfig } from '../../src/net/link.ts';
import { RecordingCluster, type Arrival } from './recording-cluster.ts';

/** Random latency, loss and duplicates: every draw the network makes shows in the arrivals. */
const NOISY_LINK: LinkConfig = {
  latency: { kind: 'uniform', baseUs: 100, minUs: 0, maxUs: 5_000 },
  lossProbability: 0.2,
  duplicateProbability: 0.2,
  ordering: 'reorder',
};

/** Nodes 0-1 are group `a`, nodes 2-3 group `b`; group b sends `bMessages` messages among the sends of group a. */
function arrivalsWith(bMessages: number, separate: boolean): Arrival[] {
  const cluster = new RecordingCluster(4, NOISY_LINK, 7);
  if (separate) {
    cluster.cluster.network.separateRandomness('a', [0, 1]);
    cluster.cluster.network.separateRandomness('b', [2, 3]);
  }
  for (let index = 0; index < 200; index++) {
    cluster.sendAt(index * 100, 0, 1, `a${index}`);
    for (let extra = 0; extra < bMessages; extra++) cluster.sendAt(index * 100, 2, 3, `b${index}.${extra}`);
  }
  cluster.run();
  return cluster.arrivals;
}

function groupA(arrivals: readonly Arrival[]): Arrival[] {
  return arrivals.filter((arrival) => arrival.from === 0);
}

describe('network random groups', () => {
  it("keeps one group's losses, duplicates and latencies the same whatever another group sends", () => {
    const quiet = groupA(arrivalsWith(0, true));
    const busy = groupA(arrivalsWith(3, true));
    expect(quiet.length).toBeGreaterThan(100);
    expect(busy).toEqual(quiet);
  });

  it("without groups, another node's traffic moves the draws (the coupling groups remove)", () => {
    expect(groupA(arrivalsWith(3, false))).not.toEqual(groupA(arrivalsWith(0, false)));
  });

  it('gives each group a different stream from the shared one', () => {
    expect(groupA(arrivalsWith(0, true))).not.toEqual(groupA(arrivalsWith(0, false)));
  });

  it('refuses a group name used twice, an empty name, a node in two groups and a bad node id', () => {
    const network = new RecordingCluster(4, NOISY_LINK, 7).cluster.network;
    network.separateRandomness('a', [0, 1]);
    expect(() => network.separateRandomness('a', [2])).toThrow(/invalid network random group "a": expected a name not used before/);
    expect(() => network.separateRandomness('', [2])).toThrow(/invalid network random group ""/);
    expect(() => network.separateRandomness('b', [1, 2])).toThrow(/node 1 is in two network random groups/);
    expect(() => network.separateRandomness('c', [-1])).toThrow(/invalid node -1 in network random group "c": expected a node id/);
  });
});
