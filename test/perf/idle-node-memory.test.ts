// Performance smoke test, memory: an idle node of the broadcast scenario (booted, its
// gossip timer pending, nothing seen yet) must stay far below issue 10's 2 KiB; it weighs
// about 330 bytes, and the closure-per-node design it replaced weighed 2.7 KiB. Rule:
// the bound is the target, six times what is measured, so only a real regression fails
// it (a closure or an eager Map or Set per node), never noise.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import broadcast from '../../scenarios/broadcast.ts';

const NODES = 20_000;
const BYTES_PER_IDLE_NODE_LIMIT = 2048;

/** A full collection: the flag exposes gc() to contexts created after it is set. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('idle node memory', () => {
  it(`keeps an idle broadcast node under ${BYTES_PER_IDLE_NODE_LIMIT} bytes of heap (${NODES} nodes, tree)`, () => {
    const baseline = heapUsed();
    const run = new ScenarioRun(broadcast, {
      seed: 1,
      params: { nodes: String(NODES), values: '0', topology: 'tree', faults: 'none' },
      explain: false,
    });
    run.simulation.runUntil(0); // every node boots and sets its gossip timer
    expect(run.world.cluster.upCount).toBe(NODES);
    const bytesPerNode = (heapUsed() - baseline) / NODES;
    expect(run.simulation.pendingEvents).toBe(NODES); // keeps the run alive until measured
    expect(bytesPerNode).toBeLessThan(BYTES_PER_IDLE_NODE_LIMIT);
  });
});
