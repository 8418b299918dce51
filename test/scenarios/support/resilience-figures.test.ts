// The common figures: computed from the request log as their definitions say, and
// reported under the same names by every resilience scenario, so runs line up in one table.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import type { Scenario } from '../../../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../../../src/scenario/runner.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { EffectLedger } from '../../../scenarios/support/effect-ledger.ts';
import { RequestLog } from '../../../scenarios/support/request-log.ts';
import { computeFigures, FIGURE, NO_RATE } from '../../../scenarios/support/resilience-figures.ts';

const RESILIENCE_SCENARIOS = ['cascade', 'retry-storm', 'payments', 'bulkhead', 'overload'];

describe('computeFigures', () => {
  it('computes rates, percentiles, throughput and amplification over the requests that ended', () => {
    let nowUs = 0;
    const log = new RequestLog(() => nowUs);
    const finish = (label: string, startUs: number, endUs: number, outcome: 'ok' | 'timeout', attempts: number): void => {
      nowUs = startUs;
      const record = log.begin(label);
      for (let attempt = 0; attempt < attempts; attempt++) log.countAttempt(record);
      nowUs = endUs;
      log.end(record, outcome === 'ok' ? { kind: 'ok', reply: 'done' } : { kind: 'timeout', afterUs: endUs - startUs });
    };
    finish('browse', 0, ms(10), 'ok', 1);
    finish('browse', seconds(1), seconds(1) + ms(30), 'ok', 1);
    finish('checkout', seconds(1), seconds(2), 'timeout', 3);
    finish('checkout', seconds(3), seconds(3) + ms(20), 'ok', 2);
    nowUs = seconds(3);
    log.begin('browse'); // still running at the end: left out
    const figures = computeFigures(log.records, { fault: { startUs: seconds(1), endUs: seconds(2) }, runEndUs: seconds(4), duplicateEffects: 2, classes: ['browse', 'checkout', 'search'] });
    expect(figures).toMatchObject({
      [FIGURE.requests]: 4,
      [FIGURE.successRate]: 0.75,
      [FIGURE.successRateDuringFault]: 0.5,
      [FIGURE.latencyP50]: 20,
      [FIGURE.latencyP95]: 30,
      [FIGURE.latencyP99]: 30,
      [FIGURE.throughput]: 0.8,
      [FIGURE.retryAmplification]: 1.75,
      [FIGURE.duplicateEffects]: 2,
      'browse success rate': 1,
      'browse latency p50 ms': 10,
      'checkout requests': 2,
      'checkout success rate': 0.5,
      'checkout success rate during fault': 0,
      'search requests': 0,
      'search success rate': NO_RATE,
      'search latency p99 ms': -1,
    });
  });
});

describe('effect ledger', () => {
  it('counts every application after a key\'s first as a duplicate effect', () => {
    const ledger = new EffectLedger();
    for (const key of ['a', 'b', 'a', 'a', 'c', 'b']) ledger.apply(key);
    expect(ledger.duplicateEffects).toBe(3);
    expect(ledger.countOf('a')).toBe(3);
    expect(ledger.countOf('z')).toBe(0);
    expect(ledger.repeated()).toEqual([['a', 3], ['b', 2]]);
  });
});

describe('the resilience scenarios', () => {
  it.each(RESILIENCE_SCENARIOS)('%s reports every common figure under its common name, as a number', (name) => {
    // Built, not run: the summary is declared in setup.
    const summary = new ScenarioRun(findScenario(name) as Scenario, { seed: 1 }).world.computeSummary();
    for (const figure of Object.values(FIGURE)) expect(typeof summary[figure], figure).toBe('number');
    for (const value of Object.values(summary)) expect(typeof value).toBe('number');
  });
});
