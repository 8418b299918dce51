import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../../bench/bench-results.ts';
import { bestOf, comparableFigures, compareFigures, compareResults, formatComparison, relativeSpeed, slowerCases, type ComparableFigure } from '../../bench/compare-results.ts';

const figure = (name: string, value: number, better: 'higher' | 'lower' = 'higher', measure = 'ratio to bare loop'): ComparableFigure => ({ name, measure, value, better });

describe('comparing bench results', () => {
  it('measures speed as now over recorded, inverted for times', () => {
    expect(relativeSpeed(0.8, 0.88, 'higher')).toBeCloseTo(1.1);
    expect(relativeSpeed(20, 25, 'lower')).toBeCloseTo(0.8);
    expect(relativeSpeed(0, 1, 'higher')).toBeNaN();
  });

  it('flags a case more than 15% slower and nothing within 15%', () => {
    const comparison = compareFigures(
      [figure('pingpong-100', 0.9), figure('engine-timers-10k', 1.0), figure('check-history', 20, 'lower', 'median ms')],
      [figure('pingpong-100', 0.76), figure('engine-timers-10k', 0.86), figure('check-history', 23, 'lower', 'median ms')],
    );
    expect(comparison.rows.map((row) => [row.name, row.status])).toEqual([
      ['pingpong-100', 'SLOWER'],
      ['engine-timers-10k', 'ok'],
      ['check-history', 'ok'],
    ]);
    expect(comparison.regressions).toBe(1);
  });

  it('counts a time more than 1/0.85 of the recorded one as slower, and reports faster cases without failing', () => {
    const comparison = compareFigures([figure('raft-day', 80, 'lower', 'wall s'), figure('sweep-raft-2w', 200, 'higher', 'seeds/s')], [figure('raft-day', 95, 'lower', 'wall s'), figure('sweep-raft-2w', 260, 'higher', 'seeds/s')]);
    expect(comparison.rows.map((row) => row.status)).toEqual(['SLOWER', 'faster']);
    expect(comparison.regressions).toBe(1);
  });

  it('lists cases run on one side only without counting them as regressions', () => {
    const comparison = compareFigures([figure('scale-broadcast-1000000', 400_000, 'higher', 'events/s')], [figure('raft-hour', 0.07)]);
    expect(comparison.rows.map((row) => [row.name, row.status, row.recorded, row.measured])).toEqual([
      ['scale-broadcast-1000000', 'not run', 400_000, undefined],
      ['raft-hour', 'new', undefined, 0.07],
    ]);
    expect(comparison.regressions).toBe(0);
  });

  it('treats a case whose figure became zero or missing as slower', () => {
    expect(compareFigures([figure('raft-hour', 0.07)], [figure('raft-hour', 0)]).rows[0]?.status).toBe('SLOWER');
  });

  it('compares ratios to the bare loop where a case has one, throughput or time otherwise', () => {
    const results: BenchResults = {
      results: [{ name: 'pingpong-100', eventsPerSec: 6e6, baselineEventsPerSec: 7e6, ratio: 0.86, events: 800_000, runs: 5, peakRssMb: 100 }],
      sweeps: [{ name: 'sweep-raft-2w', scenario: 'raft', workers: 2, seeds: 240, seedsPerSec: 210, speedup: 1.8, coresUsed: 1.9, rounds: 3, hasTarget: true }],
      raftSeeds: {
        name: 'raft-10000-seeds', scenario: 'raft', seeds: 10_000, workers: 2, wallSeconds: 50, seedsPerSec: 200, coresUsed: 1.9,
        passed: 10_000, failed: 0, crashed: 0, failures: [], baselineEventsPerSec: 7e6, ratio: 28.57,
      },
      kvCp: { name: 'kv-cp-2000-seeds', skipped: 'no kv-cp scenario is registered in scenarios/index.ts' },
    };
    expect(comparableFigures(results)).toEqual([
      { name: 'pingpong-100', measure: 'ratio to bare loop', value: 0.86, better: 'higher' },
      { name: 'sweep-raft-2w', measure: 'seeds/s', value: 210, better: 'higher' },
      { name: 'raft-10000-seeds', measure: 'seeds/s per M bare-loop events/s', value: 28.57, better: 'higher' },
    ]);
    expect(compareResults(results, results).regressions).toBe(0);
  });

  it('confirms a regression only when every re-measurement is slower too (best figure per case)', () => {
    const recorded = [figure('pingpong-100', 0.9), figure('check-history', 20, 'lower', 'median ms')];
    const firstRun = [figure('pingpong-100', 0.7), figure('check-history', 30, 'lower', 'median ms')];
    expect(slowerCases(compareFigures(recorded, firstRun))).toEqual(['pingpong-100', 'check-history']);
    const reruns = [
      [figure('pingpong-100', 0.72), figure('check-history', 21, 'lower', 'median ms')],
      [figure('pingpong-100', 0.74), figure('check-history', 33, 'lower', 'median ms')],
    ];
    const best = bestOf([firstRun, ...reruns]);
    expect(best).toEqual([figure('pingpong-100', 0.74), figure('check-history', 21, 'lower', 'median ms')]);
    expect(slowerCases(compareFigures(recorded, best))).toEqual(['pingpong-100']);
  });

  it('prints a table with the change per case and a verdict line', () => {
    const text = formatComparison(compareFigures([figure('pingpong-100', 0.9)], [figure('pingpong-100', 0.72)]), 'bench/results/x.json');
    expect(text).toContain('compared with bench/results/x.json');
    expect(text).toMatch(/pingpong-100\s+ratio to bare loop\s+0\.9\s+0\.72\s+-20\.0%\s+SLOWER/);
    expect(text).toContain('1 case(s) more than 15% slower than recorded');
  });
});
