// The partition shapes both key-value stores go through: the layout depends only on the
// shape, the node counts and (for the isolating shapes) the node to isolate.
import { describe, expect, it } from 'vitest';
import { isolatedNodeOf, planPartition } from '../../../src/protocols/kv-ap/partition-plan.ts';

const STORES = [0, 1, 2, 3, 4];
const CLIENTS = [5, 6, 7, 8];

describe('partition plans', () => {
  it('splits the brain so that no side holds a majority: two halves and the last node alone for an odd count', () => {
    const plan = planPartition('split-brain', STORES, CLIENTS);
    expect(plan.description).toBe('{0,1} | {2,3} | {4}');
    expect(plan.spec).toEqual({ kind: 'split', groups: [[0, 1, 5, 7], [2, 3, 6, 8], [4]] });
    expect(plan.nearest).toEqual([[0, 1], [2, 3], [0, 1], [2, 3]]);
    expect(plan.sites).toEqual([[0, 1, 5, 7], [2, 3, 4, 6, 8]]);
  });

  it('splits an even count in halves', () => {
    expect(planPartition('split-brain', [0, 1, 2, 3], [4, 5]).description).toBe('{0,1} | {2,3}');
    expect(planPartition('split-brain', [0, 1, 2], [3]).description).toBe('{0} | {1} | {2}');
  });

  it('isolates the node it is told, with the odd clients, for isolate-leader and isolate-node', () => {
    for (const shape of ['isolate-leader', 'isolate-node'] as const) {
      const plan = planPartition(shape, STORES, CLIENTS, 1);
      expect(plan.description).toBe('{0,2,3,4} | {1}');
      expect(plan.spec).toEqual({ kind: 'split', groups: [[0, 2, 3, 4, 5, 7], [1, 6, 8]] });
      expect(plan.nearest).toEqual([[0, 2, 3, 4], [1], [0, 2, 3, 4], [1]]);
    }
  });

  it('isolates the last node when told none, as isolate-node always did', () => {
    expect(planPartition('isolate-leader', STORES, CLIENTS).spec).toEqual(planPartition('isolate-node', STORES, CLIENTS).spec);
    expect(planPartition('isolate-node', STORES, CLIENTS).description).toBe('{0,1,2,3} | {4}');
  });

  it('names the isolated node for the isolating shapes and -1 for the others', () => {
    expect(isolatedNodeOf(planPartition('isolate-leader', STORES, CLIENTS, 1))).toBe(1);
    expect(isolatedNodeOf(planPartition('isolate-node', STORES, CLIENTS))).toBe(4);
    expect(isolatedNodeOf(planPartition('majority-minority', STORES, CLIENTS))).toBe(-1);
    expect(isolatedNodeOf(planPartition('split-brain', STORES, CLIENTS))).toBe(-1);
  });

  it('rejects a node to isolate that is not a store node', () => {
    expect(() => planPartition('isolate-leader', STORES, CLIENTS, 5)).toThrow(/cannot isolate node 5/);
  });
});
