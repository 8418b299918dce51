// 2pc-vs-saga on pinned seeds: with no bug both designs end every trip all booked or
// none, and the coordinator crash shows in 2PC's blocked time and lock hold time but
// not in the saga's; each bug switch fails the run with the property it breaks; the same
// seed gives the same trace; `faultline compare` works on it; bad combinations are
// refused before the run.
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/scenario/compare.ts';
import { ParamError } from '../../src/scenario/params.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import twoPhaseCommitVsSaga, { SCENARIO_NAME } from '../../scenarios/2pc-vs-saga.ts';
import { runCapturing } from '../cli/capture-host.ts';
import { figure, freshHash, pinnedRun } from './pinned-runs.ts';

/** Seeds on which every bug switch is caught (a sweep of seeds 1..20 catches each on most seeds). */
const SEEDS = [2, 3] as const;

const BUGS = [
  ['saga-volatile-log', 'saga: every trip ends all booked or none'],
  ['saga-compensation-not-idempotent', 'saga: no booking refunded twice'],
  ['saga-compensates-every-step', 'saga: no compensation for a step never begun'],
  ['2pc-participant-decides-alone', '2pc: every trip ends all booked or none'],
] as const;

describe.each(SEEDS)('2pc-vs-saga, seed %i', (seed) => {
  it('ends every trip all booked or none in both designs, through the coordinator crash', () => {
    const report = pinnedRun(SCENARIO_NAME, {}, seed);
    expect(report.verdict).toBe('pass');
    for (const design of ['saga', '2pc']) {
      expect(figure(report, `${design} trips begun`)).toBe(50);
      expect(figure(report, `${design} bookings completed`) + figure(report, `${design} bookings aborted`)).toBe(50);
      expect(figure(report, `${design} partial bookings`)).toBe(0);
      expect(figure(report, `${design} unfinished`)).toBe(0);
      expect(figure(report, `${design} crash at ms`)).toBeGreaterThanOrEqual(1000);
    }
  });

  it('shows the crash in 2PC as locks held for the whole downtime and more blocked time; the saga holds locks for one step at most', () => {
    const report = pinnedRun(SCENARIO_NAME, {}, seed);
    expect(figure(report, '2pc lock hold max ms')).toBeGreaterThanOrEqual(1000);
    expect(figure(report, 'saga lock hold max ms')).toBeLessThanOrEqual(300);
    expect(figure(report, '2pc blocked time total ms')).toBeGreaterThan(2 * figure(report, 'saga blocked time total ms'));
    expect(figure(report, '2pc lock hold p50 ms')).toBeGreaterThan(figure(report, 'saga lock hold p50 ms'));
    expect(figure(report, 'saga bookings completed')).toBeGreaterThan(figure(report, '2pc bookings completed'));
    expect(figure(report, 'saga bookings undone')).toBeGreaterThan(0);
  });

  it.each(BUGS)('with bug=%s fails, naming %s', (bug, property) => {
    const report = pinnedRun(SCENARIO_NAME, { bug }, seed);
    expect(report.verdict).toBe('fail');
    expect(report.violations.map((violation) => violation.property)).toEqual([property]);
  });
});

describe('2pc-vs-saga figures and settings', () => {
  it('leaves a half-booked trip behind when the saga log is volatile', () => {
    const report = pinnedRun(SCENARIO_NAME, { bug: 'saga-volatile-log' }, SEEDS[0]);
    expect(figure(report, 'saga partial bookings')).toBeGreaterThanOrEqual(1);
    expect(report.violations[0]?.message).toMatch(/^trip A\d+ never ended: flight booked/);
  });

  it("keeps each design's figures the same whatever the other design does (each has its own network stream)", () => {
    const figuresOf = (report: ReturnType<typeof pinnedRun>, design: string): [string, unknown][] => Object.entries(report.summary).filter(([name]) => name.startsWith(`${design} `));
    for (const seed of SEEDS) {
      const plain = pinnedRun(SCENARIO_NAME, {}, seed);
      const sagaBug = pinnedRun(SCENARIO_NAME, { bug: 'saga-compensates-every-step' }, seed);
      const twoPcBug = pinnedRun(SCENARIO_NAME, { bug: '2pc-participant-decides-alone' }, seed);
      // Each bug changes its own design's traffic...
      expect(figuresOf(sagaBug, 'saga')).not.toEqual(figuresOf(plain, 'saga'));
      expect(figuresOf(twoPcBug, '2pc')).not.toEqual(figuresOf(plain, '2pc'));
      // ...and leaves the other design's figures exactly as they were.
      expect(figuresOf(sagaBug, '2pc')).toEqual(figuresOf(plain, '2pc'));
      expect(figuresOf(twoPcBug, 'saga')).toEqual(figuresOf(plain, 'saga'));
    }
  });

  it('runs one design alone when asked, with only its figures', () => {
    const report = pinnedRun(SCENARIO_NAME, { design: 'saga' }, SEEDS[0]);
    expect(report.verdict).toBe('pass');
    expect(Object.keys(report.summary).some((name) => name.startsWith('2pc'))).toBe(false);
    expect(figure(report, 'saga trips begun')).toBe(50);
  });

  it('refuses a saga bug with design=2pc, and a restart after the run ends, before anything runs', () => {
    expect(() => new ScenarioRun(twoPhaseCommitVsSaga, { seed: 1, params: { design: '2pc', bug: 'saga-volatile-log' } })).toThrow(ParamError);
    expect(() => new ScenarioRun(twoPhaseCommitVsSaga, { seed: 1, params: { 'crash-at': '5s', downtime: '2s' } })).toThrow(/invalid crash-at 5s with downtime 2s/);
  });

  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const hash = pinnedRun(SCENARIO_NAME, {}, SEEDS[0]).traceHash;
    expect(freshHash(SCENARIO_NAME, {}, SEEDS[0])).toBe(hash);
    expect(pinnedRun(SCENARIO_NAME, {}, SEEDS[1]).traceHash).not.toBe(hash);
  });

  it('compares with and without the crash through faultline compare, every figure a number', async () => {
    const result = await runCapturing(['compare', SCENARIO_NAME, '--vary', 'crash=none,after-prepare', '--seeds', '2..3', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const comparison = JSON.parse(result.stdout) as Comparison;
    expect(comparison.variants.map((variant) => variant.params)).toEqual([{ crash: 'none' }, { crash: 'after-prepare' }]);
    const [calm, crashed] = comparison.variants as [Comparison['variants'][number], Comparison['variants'][number]];
    expect(calm).toMatchObject({ runs: 2, passed: 2 });
    expect(crashed).toMatchObject({ runs: 2, passed: 2 });
    for (const name of ['bookings completed', 'bookings aborted', 'blocked time total ms', 'blocked time max ms', 'lock hold p50 ms', 'lock hold max ms', 'partial bookings']) {
      expect(Object.keys(crashed.figures)).toEqual(expect.arrayContaining([`saga ${name}`, `2pc ${name}`]));
    }
    expect(crashed.figures['2pc lock hold max ms']!.min).toBeGreaterThan(calm.figures['2pc lock hold max ms']!.max);
    expect(crashed.figures['2pc blocked time total ms']!.mean).toBeGreaterThan(calm.figures['2pc blocked time total ms']!.mean);
  });
});
