// Cluster.upCount: how many nodes are up, kept with every status change (first boot,
// crash, restart, pause, resume), so a scenario can pick an up node without listing them.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeId, NodeStatus } from '../../src/node/node-api.ts';

function countByListing(cluster: Cluster): number {
  let up = 0;
  for (let node: NodeId = 0; node < cluster.size; node++) if ((cluster.status(node) satisfies NodeStatus) === 'up') up++;
  return up;
}

describe('cluster up count', () => {
  it('counts no node up before the first boot and every node after it', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    cluster.addNodes(4, () => ({ onMessage() {} }));
    cluster.start();
    expect(cluster.upCount).toBe(0);
    simulation.runUntil(0);
    expect(cluster.upCount).toBe(4);
  });

  it('follows crashes, restarts, pauses and resumes, and agrees with the statuses', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    cluster.addNodes(5, () => ({ onMessage() {} }));
    cluster.crash(4); // before its first boot: it never starts
    cluster.start();
    simulation.runUntil(0);
    const counts: number[] = [cluster.upCount];
    cluster.crash(0);
    cluster.crash(0); // crashing a crashed node changes nothing
    cluster.pause(1, 1_000);
    cluster.pause(0, 1_000); // a crashed node cannot be paused
    counts.push(cluster.upCount);
    expect(cluster.upCount).toBe(countByListing(cluster));
    simulation.runUntil(1_000); // node 1 resumes
    counts.push(cluster.upCount);
    cluster.restart(0);
    cluster.restart(4);
    cluster.restart(2); // restarting an up node changes nothing
    counts.push(cluster.upCount);
    expect(counts).toEqual([4, 2, 3, 5]);
    expect(cluster.upCount).toBe(countByListing(cluster));
  });

  it('counts a node added after the start once it boots', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    cluster.addNodes(2, () => ({ onMessage() {} }));
    cluster.start();
    simulation.runUntil(0);
    cluster.addNode(() => ({ onMessage() {} }));
    expect(cluster.upCount).toBe(2);
    simulation.runUntil(0);
    expect(cluster.upCount).toBe(3);
  });
});
