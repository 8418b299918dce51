import { describe, expect, it } from 'vitest';
import { BatchPlanner, MAX_BATCH_SEEDS, PROBE_BATCH_SEEDS, TARGET_BATCH_MS } from '../../src/sweep/batch-planner.ts';

describe('batch sizes', () => {
  it('sends probe batches until a time per seed is known', () => {
    const planner = new BatchPlanner({ kind: 'adaptive' }, 2);
    expect(planner.nextSize(10_000)).toBe(PROBE_BATCH_SEEDS);
    expect(planner.nextSize(10_000)).toBe(PROBE_BATCH_SEEDS);
    expect(planner.estimatedMsPerSeed).toBeUndefined();
  });

  it('sizes batches so that one takes about the target time', () => {
    const planner = new BatchPlanner({ kind: 'adaptive' }, 2);
    planner.record(2, 20); // 10 ms a seed: a Raft seed
    expect(planner.nextSize(10_000)).toBe(Math.round(TARGET_BATCH_MS / 10));
    const cheap = new BatchPlanner({ kind: 'adaptive' }, 2);
    cheap.record(100, 30); // 0.3 ms a seed: a broadcast seed
    expect(cheap.nextSize(10_000)).toBe(Math.round(TARGET_BATCH_MS / 0.3));
  });

  it('follows a changing time per seed, giving the newest batch half the weight', () => {
    const planner = new BatchPlanner({ kind: 'adaptive' }, 1);
    planner.record(10, 10); // 1 ms
    planner.record(10, 30); // 3 ms: estimate 2 ms
    expect(planner.estimatedMsPerSeed).toBe(2);
    expect(planner.nextSize(10_000)).toBe(Math.round(TARGET_BATCH_MS / 2));
  });

  it('never exceeds the cap, and never goes below one seed', () => {
    const fast = new BatchPlanner({ kind: 'adaptive' }, 1);
    fast.record(10, 0);
    expect(fast.nextSize(1_000_000)).toBe(MAX_BATCH_SEEDS);
    const slow = new BatchPlanner({ kind: 'adaptive' }, 1);
    slow.record(1, 5_000);
    expect(slow.nextSize(1_000_000)).toBe(1);
  });

  it('hands each worker at most its share of what is left, so workers finish together', () => {
    const planner = new BatchPlanner({ kind: 'adaptive' }, 4);
    planner.record(100, 1); // very cheap seeds: the target alone would say MAX_BATCH_SEEDS
    expect(planner.nextSize(10_000)).toBe(MAX_BATCH_SEEDS);
    expect(planner.nextSize(800)).toBe(200);
    expect(planner.nextSize(9)).toBe(3);
    expect(planner.nextSize(1)).toBe(1);
    expect(planner.nextSize(0)).toBe(0);
  });

  it('keeps a fixed size when one is asked for, except for the last batch', () => {
    const planner = new BatchPlanner({ kind: 'fixed', seeds: 7 }, 2);
    planner.record(7, 1);
    expect(planner.nextSize(100)).toBe(7);
    expect(planner.nextSize(3)).toBe(3);
  });
});
