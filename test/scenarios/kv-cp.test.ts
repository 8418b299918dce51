// The kv-cp scenario on pinned seeds: the claims its description makes. Through a
// majority-minority partition the majority side stays available and the minority side
// answers nothing until the heal; every history is linearizable with no stale read and no
// lost write, for every partition shape and both read modes; the nodes converge and the
// store serves again after the heal; same seed, same trace; and the deliberate bugs make
// the checker report a history that is not linearizable.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import { PARTITION_SHAPES } from '../../src/protocols/kv-ap/partition-plan.ts';
import { ParamError, type RawParams } from '../../src/scenario/params.ts';
import type { Report } from '../../src/scenario/report.ts';
import type { ClientHistory } from '../../src/scenario/client-history.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import kvCp from '../../scenarios/kv-cp.ts';

interface Run {
  readonly report: Report;
  readonly history: ClientHistory;
}

const runs = new Map<string, Run>();

function run(params: RawParams, seed: number): Run {
  const key = JSON.stringify([params, seed]);
  let found = runs.get(key);
  if (found === undefined) {
    let history: ClientHistory | undefined;
    const report = runScenario(kvCp, { seed, params, explain: false, onHistory: (recorded) => (history = recorded) });
    found = { report, history: history as ClientHistory };
    runs.set(key, found);
  }
  return found;
}

function figure(report: Report, name: string): number {
  const value = report.summary[name];
  if (typeof value !== 'number') throw new Error(`seed ${report.seed}: figure ${name} is ${String(value)}, not a number`);
  return value;
}

const HEAL_AT = seconds(2);

describe('kv-cp scenario', () => {
  it('keeps the majority side available through a majority-minority partition (seed 1)', () => {
    const { report } = run({}, 1);
    expect(report.verdict).toBe('pass');
    expect(report.summary['partition']).toBe('{0,1,2} | {3,4}');
    expect(figure(report, 'availability majority')).toBeGreaterThan(0.9);
    expect(figure(report, 'operations')).toBeGreaterThan(100);
  });

  it.each([
    ['log', 1],
    ['log', 2],
    ['lease', 1],
  ])('answers no minority-side operation before the heal (read=%s, seed %i)', (read, seed) => {
    // `availability minority` counts the operations begun on the minority side that ended
    // ok; the only ones that do are those still retrying when the partition heals.
    const { report, history } = run({ partition: 'majority-minority', read, 'partition-at': '500ms' }, seed);
    const minority = history.operations.filter((operation) => operation.side === 'minority');
    expect(minority.length).toBeGreaterThan(3);
    const answered = minority.filter((operation) => operation.completion === 'ok');
    for (const operation of answered) expect(operation.completeUs).toBeGreaterThanOrEqual(HEAL_AT);
    expect(figure(report, 'availability minority')).toBe(answered.length / minority.length);
    expect(figure(report, 'availability minority')).toBeLessThan(0.5);
  });

  it.each([1, 2])('gives a linearizable history with no stale read and no lost write (seed %i)', (seed) => {
    const { report } = run({}, seed);
    expect(report.summary['linearizable']).toBe(1);
    expect(figure(report, 'stale reads')).toBe(0);
    expect(figure(report, 'lost writes')).toBe(0);
    expect(figure(report, 'acknowledged writes')).toBeGreaterThan(50);
  });

  it('converges and serves again within the bound after the heal (seed 1)', () => {
    const { report } = run({}, 1);
    expect(figure(report, 'convergence ms')).toBeGreaterThanOrEqual(0);
    expect(figure(report, 'convergence ms')).toBeLessThanOrEqual(1000);
    expect(figure(report, 'probe answered ms')).toBeGreaterThan(0);
    expect(figure(report, 'probe answered ms')).toBeLessThan(1000);
  });

  it.each(PARTITION_SHAPES.flatMap((partition) => [[partition, 'log'] as const, [partition, 'lease'] as const]))(
    'stays linearizable and loses nothing under partition=%s, read=%s (seed 1)',
    (partition, read) => {
      const { report } = run({ partition, read }, 1);
      expect(report.verdict).toBe('pass');
      expect(report.summary['linearizable']).toBe(1);
      expect(figure(report, 'stale reads')).toBe(0);
      expect(figure(report, 'lost writes')).toBe(0);
    },
  );

  it('leaves no side a majority under split-brain, so nobody is answered during it (seed 1)', () => {
    const { report, history } = run({ partition: 'split-brain' }, 1);
    expect(report.summary['partition']).toBe('{0,1} | {2,3} | {4}');
    expect(figure(report, 'availability majority')).toBe(-1);
    const during = history.operations.filter((operation) => operation.side === 'minority' && operation.completion === 'ok');
    for (const operation of during) expect(operation.completeUs).toBeGreaterThanOrEqual(HEAL_AT);
  });

  it('isolates whichever node leads when the partition starts (isolate-leader, seed 1)', () => {
    const { report } = run({ partition: 'isolate-leader' }, 1);
    const isolated = figure(report, 'isolated node');
    expect(report.summary['partition']).toBe(`{${[0, 1, 2, 3, 4].filter((node) => node !== isolated).join(',')}} | {${isolated}} (node ${isolated} led term 1)`);
    // The majority elected a new leader in a later term.
    expect(figure(report, 'highest term')).toBeGreaterThan(1);
    expect(figure(report, 'availability majority')).toBeGreaterThan(0.9);
    expect(figure(report, 'availability minority')).toBe(0);
  });

  it('answers reads from the leader’s lease with read=lease and only through the log with read=log (seed 1)', () => {
    expect(figure(run({ read: 'lease' }, 1).report, 'reads answered without the log')).toBeGreaterThan(20);
    expect(figure(run({}, 1).report, 'reads answered without the log')).toBe(0);
  });

  it('checks compare-and-set keys with the cas-register model (cas-share=0.5, seed 1)', () => {
    const { report, history } = run({ 'cas-share': 0.5 }, 1);
    expect(report.verdict).toBe('pass');
    expect(report.summary['linearizable']).toBe(1);
    const cas = history.events.filter((event) => event.f === 'cas' && event.type !== 'invoke');
    expect(cas.some((event) => event.type === 'ok')).toBe(true);
    expect(cas.some((event) => event.type === 'fail')).toBe(true);
  });

  it('gives the same trace for the same seed', () => {
    const first = runScenario(kvCp, { seed: 3, params: { partition: 'isolate-leader' }, explain: false, untilUs: ms(2500) });
    const second = runScenario(kvCp, { seed: 3, params: { partition: 'isolate-leader' }, explain: false, untilUs: ms(2500) });
    expect(second.traceHash).toBe(first.traceHash);
  });

  it.each([2, 3])('catches stale-local-read: followers answer gets from their own state (seed %i)', (seed) => {
    const { report } = run({ bug: 'stale-local-read' }, seed);
    expect(report.verdict).toBe('fail');
    expect(report.summary['linearizable']).toBe(0);
    expect(figure(report, 'stale reads')).toBeGreaterThan(0);
    expect(report.violations.map((violation) => violation.property)).toContain('linearizable (a CP store’s history must be)');
  });

  it('catches read-without-lease: a leader cut off answers gets alone until it steps down (isolate-leader, seed 9)', () => {
    const { report } = run({ bug: 'read-without-lease', partition: 'isolate-leader' }, 9);
    expect(report.verdict).toBe('fail');
    expect(report.summary['linearizable']).toBe(0);
  });

  it('applies a retried command once: with messages lost, a store that ignores request ids (no-dedupe) is caught (seed 1)', () => {
    const correct = run({ loss: 0.1 }, 1).report;
    expect(correct.verdict).toBe('pass');
    expect(correct.summary['linearizable']).toBe(1);
    const duplicating = run({ loss: 0.1, bug: 'no-dedupe' }, 1).report;
    expect(duplicating.verdict).toBe('fail');
    expect(duplicating.summary['linearizable']).toBe(0);
  });

  it('rejects a node to isolate that the store does not have', () => {
    expect(() => runScenario(kvCp, { seed: 1, params: { isolate: 5 } })).toThrow(ParamError);
    expect(() => runScenario(kvCp, { seed: 1, params: { partition: 'isolate-leader', nodes: 3, isolate: 3 } })).toThrow(ParamError);
  });
});
