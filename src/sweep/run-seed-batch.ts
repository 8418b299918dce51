// Runs a batch of seeds in the current thread and condenses each report to a SeedResult.
// Rule: one seed's run never affects another's (each builds its own world), and a seed
// whose run throws is recorded as a `crash` with its replay command instead of ending
// the sweep: a crash found by a seed is a bug found, not a broken sweep.
import type { Scenario } from '../scenario/define-scenario.ts';
import { replayCommand } from '../scenario/replay-command.ts';
import type { Report } from '../scenario/report.ts';
import { ScenarioRun, type RunOptions } from '../scenario/runner.ts';
import { CRASH_PROPERTY, type SeedResult } from './seed-result.ts';
import type { SweepSetup } from './sweep-setup.ts';

/** What a worker receives: the shared setup and the seeds to run, in order. */
export interface SeedBatch {
  readonly setup: SweepSetup;
  readonly seeds: readonly number[];
}

export function runSeedBatch(scenario: Scenario, batch: SeedBatch): SeedResult[] {
  return batch.seeds.map((seed) => runOneSeed(scenario, batch.setup, seed));
}

export function runOneSeed(scenario: Scenario, setup: SweepSetup, seed: number): SeedResult {
  const options: RunOptions = setup.untilUs === undefined ? { seed, params: setup.params } : { seed, params: setup.params, untilUs: setup.untilUs };
  let run: ScenarioRun | undefined;
  try {
    run = new ScenarioRun(scenario, options);
    return resultOfReport(setup, run.run());
  } catch (error) {
    const simulation = run?.simulation;
    return {
      seed,
      scenario: setup.scenario,
      paramsFingerprint: setup.paramsFingerprint,
      verdict: 'crash',
      traceHash: simulation === undefined ? '' : simulation.trace.digest(),
      events: simulation === undefined ? 0 : simulation.trace.count,
      virtualTimeMs: simulation === undefined ? 0 : simulation.now / 1000,
      property: CRASH_PROPERTY,
      message: describeError(error),
      replay: replayCommand({ scenario, seed, params: setup.changedParams, untilUs: setup.untilUs }),
    };
  }
}

function resultOfReport(setup: SweepSetup, report: Report): SeedResult {
  const base = {
    seed: report.seed,
    scenario: setup.scenario,
    paramsFingerprint: setup.paramsFingerprint,
    verdict: report.verdict,
    traceHash: report.traceHash,
    events: report.events,
    virtualTimeMs: report.virtualTimeMs,
  };
  const violation = report.violations[0];
  if (report.verdict === 'pass' || violation === undefined) return base;
  return { ...base, property: violation.property, message: violation.message, replay: report.replay };
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] ?? text;
}
