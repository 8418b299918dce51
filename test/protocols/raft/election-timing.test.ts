// The election-timing experiment (Raft paper, Figure 16) on a few pinned seeds: the shape
// of the paper's result (no randomness is an order of magnitude slower than 5 ms of it;
// 12-24 ms is the fastest), exact repetition, and the percentile arithmetic with trials
// above the cap.
import { describe, expect, it } from 'vitest';
import raftElectionTiming from '../../../scenarios/raft-election-timing.ts';
import { ms, seconds } from '../../../src/engine/time.ts';
import { FIGURE_16_RANGES, runElectionTimingExperiment, runTrial, summarize, validateTrials, type TimeoutRange } from '../../../src/scenario/experiment-election-timing.ts';
import { runScenario } from '../../../src/scenario/runner.ts';

const range = (label: string): TimeoutRange => {
  const found = FIGURE_16_RANGES.find((candidate) => candidate.label === label);
  if (found === undefined) throw new Error(`no range ${label}`);
  return found;
};

describe('raft-election-timing', () => {
  it('reproduces the shape of Figure 16 on seeds 1..9', () => {
    const [none, five, short] = runElectionTimingExperiment(raftElectionTiming, { trials: 9, ranges: [range('150-150ms'), range('150-155ms'), range('12-24ms')] });
    // No randomness: the servers time out in lockstep and split the vote every time.
    expect(none?.aboveCap).toBe(9);
    expect(none?.medianMs).toBeNull();
    expect(five?.aboveCap).toBe(0);
    expect(five?.medianMs).not.toBeNull();
    expect((five?.medianMs ?? Infinity) * 10).toBeLessThan(none?.capMs ?? 0);
    expect(short?.aboveCap).toBe(0);
    expect(short?.maxMs ?? Infinity).toBeLessThan(five?.medianMs ?? 0);
    expect(short?.medianMs ?? Infinity).toBeLessThan(100);
  });

  it('elects a new leader of a higher term after crashing the first one', () => {
    const report = runScenario(raftElectionTiming, { seed: 3, params: { electionTimeoutSpread: ms(50) }, explain: false });
    expect(report.verdict).toBe('pass');
    expect(report.stopReason).toBe('stopped');
    const { 'election ms': electionMs, 'crashed term': crashedTerm, 'new leader term': newTerm } = report.summary;
    expect(typeof electionMs).toBe('number');
    // At least one election timeout minus a heartbeat interval must pass before anyone stands.
    expect(electionMs as number).toBeGreaterThanOrEqual(150 - 75);
    expect(newTerm as number).toBeGreaterThan(crashedTerm as number);
  });

  it('repeats a trial exactly for the same seed', () => {
    const params = { electionTimeoutMin: ms(150), electionTimeoutSpread: ms(5) };
    const [first, second] = [1, 2].map(() => runScenario(raftElectionTiming, { seed: 11, params, explain: false }));
    expect(second?.traceHash).toBe(first?.traceHash);
    expect(second?.summary).toEqual(first?.summary);
    expect(runTrial(raftElectionTiming, range('150-200ms'), 5, seconds(20))).toBe(runTrial(raftElectionTiming, range('150-200ms'), 5, seconds(20)));
  });

  it('ranks trials above the cap last and reports their percentiles as null', () => {
    const result = summarize(range('150-155ms'), [30, 10, 20], 5, seconds(20));
    expect(result).toMatchObject({ trials: 5, aboveCap: 2, capMs: 20_000, medianMs: 30, p90Ms: null, p99Ms: null, maxMs: null, meanElectedMs: 20 });
    expect(summarize(range('12-24ms'), [5, 1, 3, 2, 4], 5, seconds(20))).toMatchObject({ medianMs: 3, p90Ms: 5, maxMs: 5, aboveCap: 0 });
  });

  it('refuses a trial count outside 1..100000', () => {
    expect(() => validateTrials(0)).toThrow(RangeError);
    expect(() => validateTrials(1.5)).toThrow(/invalid trial count 1\.5/);
    expect(() => validateTrials(100_001)).toThrow(RangeError);
  });
});
