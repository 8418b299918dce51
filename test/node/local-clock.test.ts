// Skewed clocks: a node reads true time shifted by its offset and running fast or slow
// by its drift; its timers measure local time.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { seconds } from '../../src/engine/time.ts';
import { Cluster } from '../../src/node/cluster.ts';
import { LocalClock } from '../../src/node/local-clock.ts';

function oneNode(): { simulation: Simulation; cluster: Cluster; firedAt: number[] } {
  const simulation = new Simulation(1);
  const cluster = new Cluster(simulation);
  const firedAt: number[] = [];
  cluster.addNode(() => ({ onMessage() {}, onTimer: () => firedAt.push(simulation.now) }));
  cluster.start();
  simulation.runUntil(0);
  return { simulation, cluster, firedAt };
}

describe('local clocks', () => {
  it('reads true time when no skew is set', () => {
    const { simulation, cluster } = oneNode();
    simulation.runUntil(12_345);
    expect(cluster.contextOf(0).now).toBe(12_345);
  });

  it('reads true time plus the offset', () => {
    const { simulation, cluster } = oneNode();
    simulation.runUntil(1_000);
    cluster.setClock(0, { offsetUs: 250_000, driftPpm: 0 });
    expect(cluster.contextOf(0).now).toBe(251_000);
    simulation.runUntil(seconds(100));
    expect(cluster.contextOf(0).now).toBe(seconds(100) + 250_000);
    cluster.setClock(0, { offsetUs: -400, driftPpm: 0 });
    expect(cluster.contextOf(0).now).toBe(seconds(100) - 400);
  });

  it('gains driftPpm microseconds per true second', () => {
    const { simulation, cluster } = oneNode();
    cluster.setClock(0, { offsetUs: 0, driftPpm: 250 });
    simulation.runUntil(seconds(1_000));
    expect(cluster.contextOf(0).now).toBe(seconds(1_000) + 250_000);
    cluster.setClock(0, { offsetUs: 7, driftPpm: -500 });
    simulation.runUntil(seconds(3_000));
    expect(cluster.contextOf(0).now).toBe(seconds(3_000) + 7 - 1_000_000);
  });

  it('fires a timer for local delay d after the true delay the drift implies', () => {
    const { simulation, cluster, firedAt } = oneNode();
    // A clock 1000ppm fast needs 1s / 1.001 of true time for 1s to pass locally.
    cluster.setClock(0, { offsetUs: 123_456, driftPpm: 1_000 });
    cluster.contextOf(0).setTimer(seconds(1), 'fast');
    simulation.runUntil(seconds(10));
    expect(firedAt).toEqual([Math.ceil(seconds(1) / 1.001)]);
    expect(firedAt).toEqual([999_001]);
  });

  it('a slow clock makes timers fire late by the drift', () => {
    const { simulation, cluster, firedAt } = oneNode();
    cluster.setClock(0, { offsetUs: 0, driftPpm: -200_000 });
    const startLocal = cluster.contextOf(0).now;
    cluster.contextOf(0).setTimer(seconds(4), 'slow');
    simulation.runUntil(seconds(5));
    expect(firedAt).toEqual([seconds(5)]);
    expect(cluster.contextOf(0).now - startLocal).toBe(seconds(4));
  });

  it('at the true delay it computes, at least the local delay has passed, and one microsecond earlier it has not', () => {
    // Exact while elapsed * driftPpm stays below 2^53: here at most 7.2e9us * 500,000.
    for (const driftPpm of [-500_000, -12_345, -1, 0, 1, 777, 1_000_000]) {
      const clock = LocalClock.set(0, { offsetUs: 0, driftPpm });
      for (const localDelay of [1, 999, 1_000_000, 3_600_000_000]) {
        const trueDelay = clock.trueDelay(localDelay);
        expect(clock.read(trueDelay)).toBeGreaterThanOrEqual(localDelay);
        expect(clock.read(trueDelay - 1)).toBeLessThan(localDelay);
      }
    }
  });

  it('rejects a bad setting, naming the node and the field', () => {
    const { cluster } = oneNode();
    expect(() => cluster.setClock(0, { offsetUs: 1.5, driftPpm: 0 })).toThrow('node 0: invalid clock offsetUs 1.5');
    expect(() => cluster.setClock(0, { offsetUs: 0, driftPpm: -1_000_000 })).toThrow('node 0: invalid clock driftPpm -1000000');
  });
});
