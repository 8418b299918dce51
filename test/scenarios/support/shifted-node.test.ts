// A store written for node ids 0..n-1 runs at later ids: it sees its own numbering (its
// id, every sender, every receiver), while the world delivers between the real ids.
import { describe, expect, it } from 'vitest';
import { ms } from '../../../src/engine/time.ts';
import { Simulation } from '../../../src/engine/simulation.ts';
import { Cluster } from '../../../src/node/cluster.ts';
import type { NodeFactory, NodeId } from '../../../src/node/node-api.ts';
import { shiftedFactory } from '../../../scenarios/support/shifted-node.ts';

interface Seen {
  readonly node: NodeId;
  readonly from: NodeId;
  readonly message: string;
}

/** Own node 0 pings own node 1 at start; node 1 answers whoever pinged it. */
function pingPong(seen: Seen[]): NodeFactory<string> {
  return () => ({
    onStart(context) {
      if (context.id === 0) context.send(1, 'ping');
    },
    onMessage(context, from, message) {
      seen.push({ node: context.id, from, message });
      if (message === 'ping') context.send(from, 'pong');
    },
  });
}

describe('shifted node', () => {
  it('numbers the store from 0 inside while it runs at later ids', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    const realDeliveries: [NodeId, NodeId][] = [];
    const bystander = (): ReturnType<NodeFactory<string>> => ({ onMessage: (context, from) => realDeliveries.push([from, context.id]) });
    cluster.addNodes(2, bystander);
    const seen: Seen[] = [];
    expect(cluster.addNodes(2, shiftedFactory(pingPong(seen), 2))).toEqual([2, 3]);
    cluster.start();
    simulation.runUntil(ms(100));
    expect(seen).toEqual([
      { node: 1, from: 0, message: 'ping' },
      { node: 0, from: 1, message: 'pong' },
    ]);
    expect(realDeliveries).toEqual([]); // nothing reached the real nodes 0 and 1
  });

  it('returns the factory itself for offset 0', () => {
    const factory = pingPong([]);
    expect(shiftedFactory(factory, 0)).toBe(factory);
  });
});
