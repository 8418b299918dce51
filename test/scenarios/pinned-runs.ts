// Test fixture: runs of the resilience scenarios on pinned seeds, each run once per test
// file however many tests read it, and the figures read back as numbers.
import type { RawParams } from '../../src/scenario/params.ts';
import type { Report } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

/** The seeds every direction is pinned on. */
export const PINNED_SEEDS = [1, 2] as const;

const runs = new Map<string, Report>();

export function pinnedRun(scenario: string, params: RawParams, seed: number): Report {
  const key = JSON.stringify([scenario, params, seed]);
  let report = runs.get(key);
  if (report === undefined) {
    const found = findScenario(scenario);
    if (found === undefined) throw new Error(`no scenario named ${scenario}`);
    report = runScenario(found, { seed, params, explain: false });
    runs.set(key, report);
  }
  return report;
}

/** A figure of the run's summary, which must be a number. */
export function figure(report: Report, name: string): number {
  const value = report.summary[name];
  if (typeof value !== 'number') throw new Error(`${report.scenario} seed ${report.seed}: figure ${JSON.stringify(name)} is ${String(value)}, not a number`);
  return value;
}

/** Runs the scenario afresh (not from the memo) and returns its trace hash. */
export function freshHash(scenario: string, params: RawParams, seed: number): string {
  const found = findScenario(scenario);
  if (found === undefined) throw new Error(`no scenario named ${scenario}`);
  return runScenario(found, { seed, params, explain: false }).traceHash;
}
