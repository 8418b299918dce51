// Test helper: runs a scenario with the observability collector subscribed and returns
// the report with what was collected, as `faultline run --export` does.
import { observabilityOf } from '../../src/obs/observability.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import { RunCollector } from '../../src/obs/run-collector.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import type { Report } from '../../src/scenario/report.ts';
import { ScenarioRun, type RunOptions } from '../../src/scenario/runner.ts';

export interface ObservedResult {
  readonly report: Report;
  readonly observed: ObservedRun;
}

export function observeRun(scenario: Scenario, options: RunOptions, sampleIntervalUs?: number): ObservedResult {
  const run = new ScenarioRun(scenario, options);
  const collector = new RunCollector(observabilityOf(run.simulation), {
    seed: options.seed,
    untilUs: run.untilUs,
    title: `${scenario.name} seed ${options.seed}`,
    ...(sampleIntervalUs === undefined ? {} : { sampleIntervalUs }),
  });
  run.simulation.trace.subscribe(collector.observer);
  const report = run.run();
  return { report, observed: collector.finish(run.simulation.now, { verdict: report.verdict, violations: report.violations }) };
}
