import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src/sweep/sweep-progress.ts';

describe('sweep progress', () => {
  it('computes seeds per second and the time left from the injected clock', () => {
    let nowMs = 1_000;
    const meter = new ProgressMeter(100, 20, () => nowMs);
    expect(meter.snapshot()).toEqual({ done: 0, total: 100, failed: 0, skipped: 20, elapsedSeconds: 0, seedsPerSec: 0, etaSeconds: undefined });
    nowMs = 3_000;
    meter.record(25, 2);
    meter.record(15, 1);
    expect(meter.snapshot()).toEqual({ done: 40, total: 100, failed: 3, skipped: 20, elapsedSeconds: 2, seedsPerSec: 20, etaSeconds: 3 });
    nowMs = 6_000;
    meter.record(60, 0);
    expect(meter.snapshot()).toEqual({ done: 100, total: 100, failed: 3, skipped: 20, elapsedSeconds: 5, seedsPerSec: 20, etaSeconds: 0 });
  });
});
