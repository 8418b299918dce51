// Where keys live: the ring gives every key N distinct replicas, the same on every node
// and in every run, and spreads keys over nodes; under a sloppy quorum a suspected
// replica is replaced by the next healthy node, which is told whom it stands in for.
import { describe, expect, it } from 'vitest';
import { HashRing } from '../../../src/protocols/kv-ap/hash-ring.ts';
import { hashText } from '../../../src/engine/text-hash.ts';
import { chooseFallbacks, choosePlacement } from '../../../src/protocols/kv-ap/placement.ts';

describe('hash ring', () => {
  const ring = new HashRing(5, 16);

  it('walks every node once per key, the same way each time', () => {
    for (let index = 0; index < 50; index++) {
      const walk = ring.walk(`key${index}`);
      expect([...walk].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(new HashRing(5, 16).walk(`key${index}`)).toEqual(walk);
      expect(ring.preferenceList(`key${index}`, 3)).toEqual(walk.slice(0, 3));
    }
  });

  it('spreads keys over the nodes: each node replicates between 40% and 80% of 1000 keys at N=3', () => {
    const counts = [0, 0, 0, 0, 0];
    for (let index = 0; index < 1000; index++) for (const node of ring.preferenceList(`key${index}`, 3)) counts[node] = (counts[node] ?? 0) + 1;
    for (const count of counts) {
      expect(count).toBeGreaterThan(400);
      expect(count).toBeLessThan(800);
    }
  });

  it('hashes short, similar keys far apart', () => {
    const positions = ['k0', 'k1', 'k2', 'k3'].map(hashText);
    expect(new Set(positions.map((position) => position >>> 28)).size).toBeGreaterThan(2);
    expect(hashText('k0')).toBe(hashText('k0'));
  });

  it('refuses a ring without nodes', () => {
    expect(() => new HashRing(0, 16)).toThrow(new RangeError('hash ring: invalid node count 0: expected an integer from 1'));
  });
});

describe('placement', () => {
  const walk = [3, 0, 4, 1, 2];
  const none = (): boolean => false;

  it('asks the first N nodes when none is suspected', () => {
    expect(choosePlacement(walk, 3, none, true)).toEqual([
      { node: 3, hintFor: null },
      { node: 0, hintFor: null },
      { node: 4, hintFor: null },
    ]);
  });

  it('replaces suspected replicas by the next healthy nodes, each with a hint for one of them', () => {
    const suspected = (node: number): boolean => node === 0 || node === 4;
    expect(choosePlacement(walk, 3, suspected, true)).toEqual([
      { node: 3, hintFor: null },
      { node: 1, hintFor: 0 },
      { node: 2, hintFor: 4 },
    ]);
  });

  it('under a strict quorum asks the N replicas, suspected or not', () => {
    expect(choosePlacement(walk, 3, () => true, false).map((target) => target.node)).toEqual([3, 0, 4]);
  });

  it('picks an untried, unsuspected fallback for each failed target, passing on whom it stood in for', () => {
    const failed = [
      { node: 0, hintFor: null },
      { node: 1, hintFor: 4 },
    ];
    expect(chooseFallbacks(walk, failed, new Set([3, 0, 4, 1]), none)).toEqual([{ node: 2, hintFor: 0 }]);
    expect(chooseFallbacks(walk, failed, new Set([3, 0, 4, 1, 2]), none)).toEqual([]);
  });
});
