// A scenario as a fast-check property: fast-check draws a seed and a fault schedule,
// the runner runs the scenario with them, and a 'fail' verdict fails the property, so
// fast-check shrinks the schedule and prints a failure that reads as a fault script
// with the fault file and the command that replays exactly that run.
// Rule: this module and faults/arbitraries.ts are the only ones that import fast-check;
// runs themselves never do, so the simulation stays free of it.
import fc from 'fast-check';
import type { Seed } from '../engine/rng.ts';
import { formatDuration, type Micros } from '../engine/time.ts';
import { formatTraceEvent } from '../engine/trace-format.ts';
import { faultScheduleArbitrary, seedArbitrary, withScriptForm, type FaultWindowKind } from '../faults/arbitraries.ts';
import type { FaultSchedule } from '../faults/fault-event.ts';
import { formatFaultFile } from '../faults/fault-file.ts';
import { describeSchedule } from '../faults/fault-script.ts';
import type { Scenario } from './define-scenario.ts';
import type { RawParams } from './params.ts';
import type { Report } from './report.ts';
import { countScenarioNodes, runScenario } from './runner.ts';

/** Windows in a default schedule (each a fault and its undo). */
export const DEFAULT_MAX_FAULTS = 8;

export interface ScenarioPropertyOptions {
  readonly params?: RawParams;
  /** Run length in virtual time; defaults to the scenario's duration. */
  readonly untilUs?: Micros;
  readonly maxEvents?: number;
  /** Fault schedules to draw; by default faultScheduleArbitrary sized from the options below. */
  readonly faults?: fc.Arbitrary<FaultSchedule>;
  /** Nodes the default schedules act on; by default counted by building the scenario once (seed 0). */
  readonly nodeCount?: number;
  /** Most windows in a default schedule (DEFAULT_MAX_FAULTS unless given). */
  readonly maxFaults?: number;
  /** Fewest windows in a freshly drawn default schedule; shrinking can still remove them all. */
  readonly minGeneratedFaults?: number;
  readonly faultKinds?: readonly FaultWindowKind[];
  /** Default schedules start and end before this time (default: the run length). */
  readonly faultsUntilUs?: Micros;
  /** Seeds to draw; seedArbitrary() by default. */
  readonly seeds?: fc.Arbitrary<Seed>;
  /** File name the replay command uses; `<scenario>-seed-<seed>.faults.json` by default. */
  readonly faultsFile?: string;
  /** Called with every failing run: first the counterexample fast-check found, then each smaller one while shrinking. */
  readonly onFailure?: (failure: ScenarioFailure) => void;
}

/** One failing run, with everything needed to read and replay it. */
export interface ScenarioFailure {
  readonly seed: Seed;
  readonly faults: FaultSchedule;
  readonly report: Report;
  /** The fault file (JSON) to save under `faultsFile` for the replay command. */
  readonly faultFileText: string;
  readonly faultsFile: string;
  /** The readable failure: seed, fault script, violations, fault file and replay command. */
  readonly message: string;
}

/** What the property throws on a failing run; its message is the failure's message. */
export class ScenarioPropertyError extends Error {
  override readonly name = 'ScenarioPropertyError';

  constructor(readonly failure: ScenarioFailure) {
    super(failure.message);
  }
}

/** A property over (seed, fault schedule) that fails when the scenario's verdict is 'fail'. */
export function scenarioProperty(scenario: Scenario, options: ScenarioPropertyOptions = {}): fc.IPropertyWithHooks<[Seed, FaultSchedule]> {
  const faults = (options.faults ?? defaultFaultsArbitrary(scenario, options)).map((schedule) => withScriptForm([...schedule]));
  return fc.property(options.seeds ?? seedArbitrary(), faults, (seed, schedule) => {
    const failure = runScenarioCase(scenario, options, seed, schedule);
    if (failure === undefined) return;
    options.onFailure?.(failure);
    throw new ScenarioPropertyError(failure);
  });
}

/**
 * Runs the property with fc.check and, on failure, throws an Error whose message is the
 * shrunk failure (seed, script, violations, fault file, replay command) followed by
 * fast-check's own report (its seed and path, to rerun the search).
 */
export function checkScenario(
  scenario: Scenario,
  options: ScenarioPropertyOptions = {},
  parameters: fc.Parameters<[Seed, FaultSchedule]> = {},
): void {
  const details = fc.check(scenarioProperty(scenario, options), parameters);
  if (!details.failed) return;
  const cause = details.errorInstance;
  const ours = cause instanceof ScenarioPropertyError ? cause.message : `the run threw: ${String(cause)}`;
  throw new Error(`${ours}\n\n${fc.defaultReportMessage(details) ?? ''}`, { cause });
}

/** Runs one case; returns the failure, or undefined when the verdict is 'pass'. */
export function runScenarioCase(scenario: Scenario, options: ScenarioPropertyOptions, seed: Seed, faults: FaultSchedule): ScenarioFailure | undefined {
  const faultsFile = options.faultsFile ?? `${scenario.name}-seed-${seed}.faults.json`;
  const report = runScenario(scenario, {
    seed,
    faults,
    faultsFile,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
  });
  if (report.verdict === 'pass') return undefined;
  const faultFileText = formatFaultFile(faults, { scenario: scenario.name, seed, params: report.params });
  return { seed, faults, report, faultFileText, faultsFile, message: formatFailure(report, faults, faultFileText, faultsFile) };
}

export function formatFailure(report: Report, faults: FaultSchedule, faultFileText: string, faultsFile: string): string {
  const lines = [
    `scenario ${report.scenario} failed (seed ${report.seed})`,
    `seed       ${report.seed}`,
    `params     ${formatParams(report.params)}`,
    `faults     ${describeSchedule(faults)}`,
  ];
  for (const violation of report.violations) {
    lines.push(`violated   ${violation.property} (${violation.kind}) at ${formatDuration(violation.timeUs)}: ${violation.message}`);
    const recent = violation.recentEvents ?? [];
    if (recent.length > 0) lines.push('  last events:', ...recent.map((event) => `    ${formatTraceEvent(event)}`));
  }
  lines.push(`trace      ${report.traceHash}`);
  lines.push(`fault file (save the JSON below as ${faultsFile}, then run the replay command):`);
  lines.push(faultFileText.trimEnd());
  lines.push(`replay     ${report.replay}`);
  return lines.join('\n');
}

function formatParams(params: Report['params']): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? '(none)' : entries.map(([name, value]) => `${name}=${String(value)}`).join(' ');
}

function defaultFaultsArbitrary(scenario: Scenario, options: ScenarioPropertyOptions): fc.Arbitrary<FaultSchedule> {
  const nodeCount = options.nodeCount ?? countScenarioNodes(scenario, options.params ?? {});
  const durationUs = options.faultsUntilUs ?? options.untilUs ?? scenario.durationUs;
  return faultScheduleArbitrary({
    nodeCount,
    durationUs,
    maxFaults: options.maxFaults ?? DEFAULT_MAX_FAULTS,
    ...(options.minGeneratedFaults === undefined ? {} : { minGeneratedFaults: options.minGeneratedFaults }),
    ...(options.faultKinds === undefined ? {} : { kinds: options.faultKinds }),
  });
}

