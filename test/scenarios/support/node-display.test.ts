// A node's snapshot as checkers read it and as the terminal UI shows it (through JSON).
import { describe, expect, it } from 'vitest';
import type { NodeFactory } from '../../../src/node/node-api.ts';
import { withDisplay } from '../../../scenarios/support/node-display.ts';

class Counter {
  private readonly counts = [3, 4];

  get total(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }
}

describe('node display', () => {
  it('keeps the snapshot readable as built (getters included) and shows the display as JSON', () => {
    const counter = new Counter();
    const factory: NodeFactory = () => ({ onMessage: () => undefined, inspect: () => counter });
    const node = withDisplay(factory, (snapshot) => ({ role: 'counter', total: (snapshot as Counter).total }))(0);
    const snapshot = node.inspect?.() as Counter;
    expect(snapshot.total).toBe(7);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual({ role: 'counter', total: 7 });
  });

  it('leaves a node without inspect, and a snapshot that is not an object, as they are', () => {
    const silent: NodeFactory = () => ({ onMessage: () => undefined });
    expect(withDisplay(silent, () => 'shown')(0).inspect).toBeUndefined();
    const plain: NodeFactory = () => ({ onMessage: () => undefined, inspect: () => 5 });
    expect(withDisplay(plain, () => 'shown')(0).inspect?.()).toBe(5);
  });
});
