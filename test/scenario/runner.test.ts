// The runner: verdicts, violations of each property kind, stop reasons, stepping, and
// replay commands that reproduce the run.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/engine/time.ts';
import { resolveParams } from '../../src/scenario/params.ts';
import { runScenario, ScenarioRun } from '../../src/scenario/runner.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { findScenario } from '../../scenarios/index.ts';
import { tickerScenario } from './ticker-scenario.ts';

const broadcast = findScenario('broadcast') as Scenario;
const echo = findScenario('echo') as Scenario;

describe('verdicts', () => {
  it('broadcast passes with its defaults', () => {
    const report = runScenario(broadcast, { seed: 42 });
    expect(report.verdict).toBe('pass');
    expect(report.violations).toEqual([]);
    expect(report.stopReason).toBe('time-limit');
    expect(report.summary).toEqual({ values: 10, 'nodes with every value': 5 });
    expect(report.faults).toBe('at 1s partition {0,1}|{2,3,4}; at 4s heal');
  });

  it('broadcast without retransmission fails under its default partition, naming what is missing', () => {
    const report = runScenario(broadcast, { seed: 42, params: { retransmit: 'false' } });
    expect(report.verdict).toBe('fail');
    expect(report.violations).toHaveLength(1);
    const [violation] = report.violations;
    expect(violation).toMatchObject({ property: 'every node sees every value', kind: 'atEnd', timeUs: 10_000_000 });
    expect(violation!.message).toMatch(/^node \d+ has not seen value/);
    expect(report.replay).toBe('npm run --silent faultline -- run broadcast --seed 42 --set retransmit=false');
  });
});

describe('properties', () => {
  it('passes when every property holds', () => {
    const report = runScenario(tickerScenario, { seed: 1 });
    expect(report.verdict).toBe('pass');
    expect(report.summary).toEqual({ ticks: 10 });
    expect(report.virtualTimeMs).toBe(1_000);
  });

  it("stops the run at the first broken 'always' property, with stopReason 'stopped'", () => {
    const report = runScenario(tickerScenario, { seed: 1, params: { limit: '3', parity: 'even' } });
    expect(report.stopReason).toBe('stopped');
    expect(report.verdict).toBe('fail');
    // The atEnd property would fail too (3 is odd), but a stopped run is not at its end.
    expect(report.violations).toEqual([
      expect.objectContaining({ property: 'ticks stay below the limit', kind: 'always', timeUs: 300_000, eventIndex: report.events - 1, message: 'ticks reached 3' }),
    ]);
    expect(report.virtualTimeMs).toBe(300);
    expect(report.summary).toEqual({ ticks: 3 });
  });

  it("reports an 'eventually' property that does not hold by its deadline, at the deadline", () => {
    const report = runScenario(tickerScenario, { seed: 1, params: { target: '5', deadline: '450ms' } });
    expect(report.verdict).toBe('fail');
    expect(report.violations).toEqual([
      expect.objectContaining({ property: 'ticks reach the target', kind: 'eventually', timeUs: 450_000, message: 'only 4 ticks, wanted 5' }),
    ]);
    expect(report.stopReason).toBe('time-limit');
    // The check runs at the deadline, before events queued later for the same instant
    // (the fifth tick at 500ms), so a deadline of 500ms would still see 4.
    expect(runScenario(tickerScenario, { seed: 1, params: { target: '5', deadline: '500ms' } }).verdict).toBe('fail');
    expect(runScenario(tickerScenario, { seed: 1, params: { target: '5', deadline: '501ms' } }).verdict).toBe('pass');
  });

  it("checks an 'eventually' property at the end of the run when its deadline is later", () => {
    const report = runScenario(tickerScenario, { seed: 1, params: { target: '20', deadline: '5s' } });
    // Checked on the final state, with the atEnd properties: all ten ticks are in.
    expect(report.violations).toEqual([expect.objectContaining({ kind: 'eventually', timeUs: 1_000_000, message: 'only 10 ticks, wanted 20' })]);
  });

  it("checks 'atEnd' properties once the run is over", () => {
    expect(runScenario(tickerScenario, { seed: 1, params: { parity: 'even' } }).verdict).toBe('pass');
    const report = runScenario(tickerScenario, { seed: 1, params: { parity: 'odd' } });
    expect(report.violations).toEqual([
      expect.objectContaining({ property: 'final count has the requested parity', kind: 'atEnd', timeUs: 1_000_000, message: 'final count 10 is not odd' }),
    ]);
  });

  it('reports the event limit as a violation', () => {
    const report = runScenario(tickerScenario, { seed: 1, maxEvents: 5 });
    expect(report.stopReason).toBe('event-limit');
    expect(report.verdict).toBe('fail');
    expect(report.violations).toEqual([expect.objectContaining({ property: 'event-limit', kind: 'limit' })]);
    expect(report.violations[0]!.message).toContain('event limit of 5 events reached');
  });

  it('rejects a bad parameter before anything runs', () => {
    expect(() => runScenario(tickerScenario, { seed: 1, params: { limit: '0' } })).toThrow('invalid value "0" for parameter "limit"');
    expect(() => runScenario(tickerScenario, { seed: -1 })).toThrow('invalid seed -1');
    expect(() => runScenario(tickerScenario, { seed: 1, untilUs: 0 })).toThrow('invalid run length 0us');
  });
});

describe('stepping', () => {
  it('stepping a run event by event ends with the same report as running it', () => {
    for (const [scenario, params] of [
      [broadcast, { faults: 'nemesis' }],
      [tickerScenario, { limit: '4' }],
    ] as const) {
      const stepped = new ScenarioRun(scenario, { seed: 3, params });
      let steps = 0;
      while (stepped.step()) steps++;
      expect(stepped.isFinished).toBe(true);
      expect(steps).toBeGreaterThan(0);
      expect(stepped.report()).toEqual(runScenario(scenario, { seed: 3, params, explain: false }));
    }
  });
});

/** Reads the inputs back out of a replay command (only the unquoted words our values produce). */
function parseReplay(command: string): { scenario: string; seed: number; params: Record<string, string>; untilUs?: number } {
  expect(command).not.toMatch(/['"]/);
  const words = command.split(' ');
  const runAt = words.indexOf('run', words.indexOf('--'));
  const parsed: { scenario: string; seed: number; params: Record<string, string>; untilUs?: number } = {
    scenario: words[runAt + 1]!,
    seed: Number.NaN,
    params: {},
  };
  for (let index = runAt + 2; index < words.length; index += 2) {
    const [flag, value] = [words[index], words[index + 1]!];
    if (flag === '--seed') parsed.seed = Number(value);
    else if (flag === '--until') parsed.untilUs = parseDuration(value);
    else if (flag === '--set') parsed.params[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else throw new Error(`unexpected word ${flag} in ${command}`);
  }
  return parsed;
}

describe('replay', () => {
  it.each([
    [broadcast, { topology: 'ring', loss: 0.07, gossipInterval: 150_000, faults: 'nemesis', nodes: 6 }, undefined],
    [broadcast, { retransmit: false, gossipInterval: '2s' }, 7_500_000],
    [echo, { interval: 1_500, duplicate: 0.2, ordering: 'fifo' }, undefined],
    [echo, {}, 3_000_000],
  ] as const)('report.replay of %s with %j reruns to the same trace hash', (scenario, params, untilUs) => {
    const report = runScenario(scenario, { seed: 99, params, ...(untilUs === undefined ? {} : { untilUs }) });
    const replay = parseReplay(report.replay);
    expect(replay.scenario).toBe(scenario.name);
    expect(replay.seed).toBe(99);
    expect(replay.untilUs).toBe(untilUs);
    expect(resolveParams(scenario.params, replay.params)).toEqual(resolveParams(scenario.params, params));
    const rerun = runScenario(scenario, { seed: replay.seed, params: replay.params, ...(replay.untilUs === undefined ? {} : { untilUs: replay.untilUs }) });
    expect(rerun.traceHash).toBe(report.traceHash);
    expect(rerun).toEqual(report);
  });
});
