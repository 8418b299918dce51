// Convergence from outside: a key converges when every replica shows the same digest; a
// replica that holds nothing differs from one that holds something, and one that cannot
// be read (down) differs from all. The tracker times convergence from the heal to the
// start of the final run of agreeing samples, and keeps the largest sibling count.
import { describe, expect, it } from 'vitest';
import { checkConvergence, describeDivergence, divergentNodes, type ReplicaKeyState } from '../../src/check/convergence.ts';
import { ConvergenceTracker } from '../../src/check/convergence-tracker.ts';

const state = (key: string, node: number, digest: string | undefined, siblings = 1): ReplicaKeyState => ({ key, node, digest, siblings });

describe('convergence', () => {
  it('holds when every replica of every key shows the same digest', () => {
    const report = checkConvergence([state('x', 0, 'aa'), state('x', 1, 'aa'), state('y', 1, 'bb', 3), state('y', 2, 'bb', 3)]);
    expect(report).toEqual({ converged: true, keys: 2, divergent: [], siblingsMax: 3 });
    expect(describeDivergence(report)).toBe('all 2 keys agree on every replica');
  });

  it('names the keys that differ, absent and unreadable replicas included', () => {
    const report = checkConvergence([state('x', 0, 'aa'), state('x', 1, 'absent', 0), state('y', 1, 'bb'), state('y', 2, undefined, 0), state('z', 3, 'cc')]);
    expect(report.converged).toBe(false);
    expect(report.divergent.map((entry) => entry.key)).toEqual(['x', 'y']);
    expect(describeDivergence(report)).toBe('2 of 3 keys differ between replicas: x (node 0 aa, node 1 absent), y (node 1 bb, node 2 down)');
    expect(divergentNodes(report)).toEqual([0, 1, 2]);
  });

  it('treats a key whose only replica is down as not converged', () => {
    expect(checkConvergence([state('x', 0, undefined)]).converged).toBe(false);
  });

  it('times convergence from the heal to the final run of agreeing samples', () => {
    const agree = checkConvergence([state('x', 0, 'aa'), state('x', 1, 'aa')]);
    const differ = checkConvergence([state('x', 0, 'aa'), state('x', 1, 'bb', 2)]);
    const tracker = new ConvergenceTracker(1000);
    tracker.observe(500, agree);
    expect(tracker.convergenceUs).toBeUndefined();
    tracker.observe(1000, differ);
    tracker.observe(1200, agree);
    expect(tracker.convergenceUs).toBe(200);
    tracker.observe(1300, differ);
    expect(tracker.isConverged).toBe(false);
    tracker.observe(1500, agree);
    tracker.observe(1600, agree);
    expect(tracker.convergenceUs).toBe(500);
    expect(tracker.siblingsMax).toBe(2);
    expect(tracker.sampleCount).toBe(6);
  });
});
