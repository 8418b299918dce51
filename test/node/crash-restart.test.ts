// Crash and restart: volatile state is lost, durable storage survives, old timers stay
// dead, messages to a down node are dropped and traced, and restart calls onRecover.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeBehavior, NodeContext } from '../../src/node/node-api.ts';

const LINK: LinkConfig = { latency: { kind: 'constant', baseUs: 100 }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

function newCluster(): { simulation: Simulation; cluster: Cluster; trace: TraceEvent[] } {
  const simulation = new Simulation(1);
  const cluster = new Cluster(simulation);
  cluster.network.setDefaultLink(LINK);
  const trace: TraceEvent[] = [];
  simulation.trace.subscribe((event) => trace.push(event));
  return { simulation, cluster, trace };
}

/** A node that counts messages both in a closure (volatile) and in storage (durable). */
function countingNode(): NodeBehavior<string> {
  let volatileCount = 0;
  return {
    onMessage(context) {
      volatileCount++;
      context.storage.set('count', (context.storage.get<number>('count') ?? 0) + 1);
    },
    inspect: () => ({ volatileCount }),
  };
}

describe('crash and restart', () => {
  it('loses volatile state and keeps durable storage', () => {
    const { simulation, cluster } = newCluster();
    cluster.addNode(countingNode);
    cluster.addNode(countingNode);
    cluster.start();
    simulation.runUntil(0);
    for (let index = 0; index < 3; index++) cluster.contextOf(1).send(0, 'hello');
    simulation.runUntil(1_000);
    expect(cluster.inspect(0)).toEqual({ volatileCount: 3 });
    cluster.crash(0);
    expect(cluster.status(0)).toBe('crashed');
    expect(cluster.inspect(0)).toBeUndefined();
    cluster.restart(0);
    expect(cluster.status(0)).toBe('up');
    expect(cluster.inspect(0)).toEqual({ volatileCount: 0 });
    expect(cluster.contextOf(0).storage.get('count')).toBe(3);
    cluster.contextOf(1).send(0, 'again');
    simulation.runUntil(2_000);
    expect(cluster.inspect(0)).toEqual({ volatileCount: 1 });
    expect(cluster.contextOf(0).storage.get('count')).toBe(4);
  });

  it('never fires timers set before the crash, even after a restart', () => {
    const { simulation, cluster } = newCluster();
    const fired: string[] = [];
    let incarnation = 0;
    cluster.addNode((): NodeBehavior<never, string> => {
      const label = `incarnation ${incarnation++}`;
      const arm = (context: NodeContext<never, string>): void => {
        context.setTimer(1_000, label);
      };
      return { onStart: arm, onRecover: arm, onMessage() {}, onTimer: (_context, tag) => fired.push(`${tag} at ${simulation.now}`) };
    });
    cluster.start();
    simulation.scheduleAt(500, () => cluster.crash(0), undefined);
    simulation.scheduleAt(600, () => cluster.restart(0), undefined);
    simulation.runUntil(5_000);
    expect(fired).toEqual(['incarnation 1 at 1600']);
  });

  it("drops messages addressed to a crashed node with reason 'node-down', and traces them", () => {
    const { simulation, cluster, trace } = newCluster();
    cluster.addNode(countingNode);
    cluster.addNode(countingNode);
    cluster.start();
    simulation.runUntil(0);
    cluster.contextOf(1).send(0, 'in flight when it crashes');
    simulation.scheduleAt(50, () => cluster.crash(0), undefined);
    simulation.scheduleAt(60, () => cluster.contextOf(1).send(0, 'sent while it is down'), undefined);
    simulation.runUntil(1_000);
    const drops = trace.filter((event) => event.kind === 'drop');
    expect(drops.map((event) => [event.reason, event.from, event.to, event.timeUs, event.detail])).toEqual([
      ['node-down', 1, 0, 100, 'in flight when it crashes'],
      ['node-down', 1, 0, 160, 'sent while it is down'],
    ]);
    expect(cluster.contextOf(0).storage.get('count')).toBeUndefined();
  });

  it('traces crash and restart', () => {
    const { simulation, cluster, trace } = newCluster();
    cluster.addNode(countingNode);
    cluster.start();
    simulation.scheduleAt(10, () => cluster.crash(0), undefined);
    simulation.scheduleAt(20, () => cluster.restart(0), undefined);
    simulation.runUntil(100);
    expect(trace.map((event) => `${event.kind} ${event.node} at ${event.timeUs}`)).toEqual(['start 0 at 0', 'crash 0 at 10', 'restart 0 at 20']);
  });

  it('calls onRecover on restart, and onStart when there is no onRecover', () => {
    const { simulation, cluster } = newCluster();
    const calls: string[] = [];
    cluster.addNode(() => ({ onStart: () => calls.push('0 start'), onRecover: () => calls.push('0 recover'), onMessage() {} }));
    cluster.addNode(() => ({ onStart: () => calls.push('1 start'), onMessage() {} }));
    cluster.start();
    simulation.runUntil(0);
    cluster.crash(0);
    cluster.crash(1);
    cluster.restart(0);
    cluster.restart(1);
    expect(calls).toEqual(['0 start', '1 start', '0 recover', '1 start']);
  });

  it('ignores a crash of a crashed node and a restart of a running one', () => {
    const { simulation, cluster, trace } = newCluster();
    const calls: string[] = [];
    cluster.addNode(() => ({ onStart: () => calls.push('start'), onRecover: () => calls.push('recover'), onMessage() {} }));
    cluster.start();
    simulation.runUntil(0);
    cluster.restart(0);
    cluster.crash(0);
    cluster.crash(0);
    expect(calls).toEqual(['start']);
    expect(trace.filter((event) => event.kind === 'crash').length).toBe(1);
  });

  it('keeps a node crashed at time 0 down until it is restarted, instead of booting it', () => {
    const { simulation, cluster, trace } = newCluster();
    let starts = 0;
    cluster.addNodes(2, () => ({ onStart: () => void starts++, onMessage() {} }));
    cluster.start();
    cluster.crash(0);
    simulation.runUntil(1000);
    expect([cluster.status(0), cluster.status(1), starts]).toEqual(['crashed', 'up', 1]);
    cluster.restart(0);
    expect([cluster.status(0), starts]).toEqual(['up', 2]);
    expect(trace.filter((event) => event.node === 0).map((event) => event.kind)).toEqual(['crash', 'restart']);
  });

  it('rejects a node id that does not exist, naming it', () => {
    const { cluster } = newCluster();
    cluster.addNode(countingNode);
    expect(() => cluster.crash(3)).toThrow('node 3 does not exist (nodes are 0..0)');
    expect(() => cluster.contextOf(0).send(5, 'x')).toThrow(/sent to node 5, which does not exist/);
  });
});
