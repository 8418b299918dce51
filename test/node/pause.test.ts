// Pause: a paused node handles nothing; when it resumes it handles what arrived
// meanwhile, messages and timers, in arrival order, before anything newer.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { Cluster } from '../../src/node/cluster.ts';

const LINK: LinkConfig = { latency: { kind: 'constant', baseUs: 100 }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

interface PausedWorld {
  readonly simulation: Simulation;
  readonly cluster: Cluster;
  /** What node 0 handled: `message <body> at <time>` or `timer <tag> at <time>`. */
  readonly handled: string[];
}

/** Node 0 records what it handles; node 1 only sends. */
function pausedWorld(): PausedWorld {
  const simulation = new Simulation(1);
  const cluster = new Cluster(simulation);
  cluster.network.setDefaultLink(LINK);
  const handled: string[] = [];
  cluster.addNode(() => ({
    onMessage: (_context, _from, body) => handled.push(`message ${String(body)} at ${simulation.now}`),
    onTimer: (_context, tag) => handled.push(`timer ${String(tag)} at ${simulation.now}`),
  }));
  cluster.addNode(() => ({ onMessage() {} }));
  cluster.start();
  simulation.runUntil(0);
  return { simulation, cluster, handled };
}

function sendAt(world: PausedWorld, atUs: number, body: string): void {
  world.simulation.scheduleAt(atUs, () => world.cluster.contextOf(1).send(0, body), undefined);
}

describe('pause', () => {
  it('handles nothing during the pause, then the messages and timers that arrived meanwhile, in arrival order', () => {
    const world = pausedWorld();
    world.cluster.contextOf(0).setTimer(1_500, 'early');
    world.simulation.scheduleAt(1_000, () => world.cluster.pause(0, 2_000), undefined);
    sendAt(world, 1_100, 'a'); // arrives 1200
    world.cluster.contextOf(0).setTimer(1_700, 'late');
    sendAt(world, 1_800, 'b'); // arrives 1900
    world.simulation.runUntil(2_999);
    expect(world.cluster.status(0)).toBe('paused');
    expect(world.handled).toEqual([]);
    world.simulation.runUntil(10_000);
    expect(world.cluster.status(0)).toBe('up');
    expect(world.handled).toEqual(['message a at 3000', 'timer early at 3000', 'timer late at 3000', 'message b at 3000']);
  });

  it('handles what arrived during the pause before a message that arrives at the moment it resumes', () => {
    // On a FIFO link, "first" is sent before "second" and must be handled first, even
    // though "second" arrives exactly when the node resumes.
    const world = pausedWorld();
    world.simulation.scheduleAt(3_100, () => {}, undefined);
    sendAt(world, 2_900, 'second'); // scheduled before the pause: arrives 3000, the resume time
    world.simulation.scheduleAt(1_000, () => world.cluster.pause(0, 2_000), undefined);
    sendAt(world, 1_500, 'first'); // arrives 1600, during the pause
    world.simulation.runUntil(10_000);
    expect(world.handled).toEqual(['message first at 3000', 'message second at 3000']);
  });

  it('traces pause and resume', () => {
    const world = pausedWorld();
    const kinds: string[] = [];
    world.simulation.trace.subscribe((event) => kinds.push(`${event.kind} ${event.node} at ${event.timeUs}`));
    world.simulation.scheduleAt(1_000, () => world.cluster.pause(0, 500), undefined);
    world.simulation.runUntil(10_000);
    expect(kinds).toEqual(['pause 0 at 1000', 'resume 0 at 1500']);
  });

  it('a crash during the pause discards the deferred work, and the node stays down', () => {
    const world = pausedWorld();
    const drops: string[] = [];
    world.simulation.trace.subscribe((event) => {
      if (event.kind === 'drop') drops.push(`${event.reason} ${String(event.detail)} at ${event.timeUs}`);
    });
    world.cluster.contextOf(0).setTimer(1_500, 'deferred');
    world.simulation.scheduleAt(1_000, () => world.cluster.pause(0, 2_000), undefined);
    sendAt(world, 1_100, 'deferred'); // arrives 1200, deferred
    world.simulation.scheduleAt(2_000, () => world.cluster.crash(0), undefined);
    sendAt(world, 2_500, 'while down'); // arrives 2600
    world.simulation.runUntil(10_000);
    expect(world.handled).toEqual([]);
    expect(world.cluster.status(0)).toBe('crashed');
    expect(drops).toEqual(['node-down while down at 2600']);
  });

  it('a restart before the pause would have ended is not cut short by the old resume', () => {
    const world = pausedWorld();
    world.simulation.scheduleAt(1_000, () => world.cluster.pause(0, 2_000), undefined);
    world.simulation.scheduleAt(1_500, () => world.cluster.crash(0), undefined);
    world.simulation.scheduleAt(1_600, () => world.cluster.restart(0), undefined);
    world.simulation.scheduleAt(1_700, () => world.cluster.pause(0, 5_000), undefined);
    world.simulation.runUntil(4_000);
    expect(world.cluster.status(0)).toBe('paused');
    world.simulation.runUntil(7_000);
    expect(world.cluster.status(0)).toBe('up');
  });
});
