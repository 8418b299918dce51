// The runner: builds a world from a scenario, parameters and a seed, runs it, checks
// its properties and writes the report. Rule: this is the one way to run a scenario;
// the CLI, tests, sweeps and the terminal UI all go through it.
import { describeProblem, type Problem, type Property, type Violation } from '../check/property.ts';
import type { Seed } from '../engine/rng.ts';
import { Simulation, type RunOutcome } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import type { TraceEvent, TraceObserver } from '../engine/trace.ts';
import { DEFAULT_RECENT_EVENTS, RecentEvents } from '../check/recent-events.ts';
import type { FaultSchedule } from '../faults/fault-event.ts';
import { installFaultSchedule } from '../faults/fault-schedule.ts';
import { describeSchedule } from '../faults/fault-script.ts';
import type { ClientHistory } from './client-history.ts';
import type { Scenario } from './define-scenario.ts';
import { formatParamValue, resolveParams, type RawParams } from './params.ts';
import type { Report } from './report.ts';
import { replayCommand } from './replay-command.ts';
import { World } from './world.ts';

export interface RunOptions {
  readonly seed: Seed;
  readonly params?: RawParams;
  /** Run length in virtual time; defaults to the scenario's duration. */
  readonly untilUs?: Micros;
  readonly maxEvents?: number;
  /** Replaces the scenario's own fault schedule. */
  readonly faults?: FaultSchedule;
  /** Where `faults` came from, so the replay command can name the file. */
  readonly faultsFile?: string;
  readonly observers?: readonly TraceObserver[];
  /**
   * When a run fails, replay it once more to collect the last events before each
   * violation (default true). Costs a second run, and only for failing runs.
   */
  readonly explain?: boolean;
  /**
   * Called once, when the report is built, with the clients' history of a scenario that
   * records one (`world.history`); never called for a scenario that records none.
   */
  readonly onHistory?: (history: ClientHistory) => void;
}

export class ScenarioRun {
  readonly simulation: Simulation;
  readonly world: World;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly untilUs: Micros;
  readonly faults: FaultSchedule;
  private readonly violations: Violation[] = [];
  /** Checked after every event, so looked up once. */
  private readonly alwaysProperties: readonly Property[];
  private outcome: RunOutcome | undefined;
  /** Built once: the atEnd checks run a single time however often report() is called. */
  private finalReport: Report | undefined;

  constructor(
    readonly scenario: Scenario,
    private readonly options: RunOptions,
  ) {
    this.params = resolveParams(scenario.params, options.params);
    this.simulation = new Simulation(options.seed, options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });
    this.untilUs = options.untilUs ?? scenario.durationUs;
    if (!Number.isSafeInteger(this.untilUs) || this.untilUs <= 0) {
      throw new RangeError(`invalid run length ${String(this.untilUs)}us: expected a positive integer`);
    }
    for (const observer of options.observers ?? []) this.simulation.trace.subscribe(observer);
    this.world = new World(this.simulation, this.untilUs);
    scenario.setup(this.world, this.params as never);
    this.faults = options.faults ?? this.world.faults;
    installFaultSchedule(this.simulation, this.world.cluster, this.faults);
    this.world.cluster.start();
    this.alwaysProperties = this.world.properties.ofKind('always');
    this.scheduleEventuallyChecks();
  }

  /** Violations found so far, before the run ends (the report adds the atEnd ones). */
  get violationsSoFar(): readonly Violation[] {
    return this.violations;
  }

  get isFinished(): boolean {
    return this.outcome !== undefined;
  }

  /** Runs one event (for the TUI and step debugging). Returns false once the run is over. */
  step(): boolean {
    if (this.outcome !== undefined) return false;
    const simulation = this.simulation;
    if (simulation.nextEventTime() > this.untilUs || simulation.eventsProcessed >= simulation.limits.maxEvents) {
      this.runTo(this.untilUs); // ends the run with its reason: time limit, quiescence or event limit
      return false;
    }
    simulation.step();
    this.checkAlways();
    return this.outcome === undefined;
  }

  /** Runs to the end (or to the first broken `always` property) and returns the report. */
  run(): Report {
    this.runTo(this.untilUs);
    return this.report();
  }

  private runTo(untilUs: Micros): void {
    const simulation = this.simulation;
    if (this.alwaysProperties.length === 0) {
      this.outcome = simulation.runUntil(untilUs);
    } else {
      this.outcome = this.runCheckingAlways(untilUs);
    }
    if (this.outcome.reason === 'event-limit') this.addViolation('event-limit', 'limit', this.outcome.detail);
  }

  private runCheckingAlways(untilUs: Micros): RunOutcome {
    const simulation = this.simulation;
    while (simulation.nextEventTime() <= untilUs) {
      if (simulation.eventsProcessed >= simulation.limits.maxEvents) return simulation.runUntil(untilUs);
      simulation.step();
      if (!this.checkAlways()) return { reason: 'stopped', detail: 'an always property was violated' };
    }
    return simulation.runUntil(untilUs);
  }

  /** Returns false when an always property is broken. */
  private checkAlways(): boolean {
    for (const property of this.alwaysProperties) {
      const problem = property.check();
      if (problem !== undefined) {
        this.addViolation(property.name, 'always', problem);
        this.outcome = { reason: 'stopped', detail: `${property.name} violated` };
        return false;
      }
    }
    return true;
  }

  /**
   * An eventually property is checked at its deadline (before events scheduled later
   * for that same instant); one whose deadline is at or after the end of the run is
   * checked with the atEnd properties, on the final state.
   */
  private scheduleEventuallyChecks(): void {
    for (const property of this.world.properties.ofKind('eventually')) {
      const deadline = property.deadlineUs ?? this.untilUs;
      if (deadline >= this.untilUs) continue;
      this.world.at(deadline, () => this.checkEventually(property));
    }
  }

  private checkEventually(property: Property): void {
    const problem = property.check();
    if (problem !== undefined) this.addViolation(property.name, 'eventually', problem);
  }

  private addViolation(property: string, kind: Violation['kind'], problem: Exclude<Problem, undefined>): void {
    const eventIndex = Math.max(0, this.simulation.trace.count - 1);
    const { message, nodes } = describeProblem(problem);
    this.violations.push({ property, kind, timeUs: this.simulation.now, eventIndex, message, nodes: [...nodes] });
  }

  /** Checks atEnd properties (once) and builds the report. */
  report(): Report {
    if (this.outcome === undefined) throw new Error('report() before the run ended');
    if (this.finalReport === undefined) {
      this.finalReport = this.buildReport();
      const history = this.world.recordedHistory;
      if (history !== undefined) this.options.onHistory?.(history);
    }
    return this.finalReport;
  }

  private buildReport(): Report {
    if (this.outcome === undefined) throw new Error('report() before the run ended');
    const stoppedEarly = this.outcome.reason === 'stopped' || this.outcome.reason === 'event-limit';
    if (!stoppedEarly) {
      for (const property of this.world.properties.ofKind('eventually')) {
        if ((property.deadlineUs ?? this.untilUs) >= this.untilUs) this.checkEventually(property);
      }
      for (const property of this.world.properties.ofKind('atEnd')) {
        const problem = property.check();
        if (problem !== undefined) this.addViolation(property.name, 'atEnd', problem);
      }
    }
    return {
      scenario: this.scenario.name,
      seed: this.simulation.seed,
      params: displayParams(this.scenario, this.params),
      verdict: this.violations.length === 0 ? 'pass' : 'fail',
      violations: this.violations.slice(),
      events: this.simulation.trace.count,
      engineSteps: this.simulation.eventsProcessed,
      virtualTimeMs: this.simulation.now / 1000,
      traceHash: this.simulation.trace.digest(),
      stopReason: this.outcome.reason,
      faults: describeSchedule(this.faults),
      ...this.summaryAndTables(),
      replay: replayCommand({
        scenario: this.scenario,
        seed: this.simulation.seed,
        params: nonDefaultParams(this.scenario, this.params),
        untilUs: this.options.untilUs,
        maxEvents: this.options.maxEvents,
        faultsFile: this.options.faultsFile,
      }),
    };
  }

  /** The summary figures, and the tables laid out from them when the scenario declares any. */
  private summaryAndTables(): Pick<Report, 'summary' | 'tables'> {
    const summary = this.world.computeSummary();
    const tables = this.world.computeTables(summary);
    return tables.length === 0 ? { summary } : { summary, tables };
  }
}

/** Builds, runs and reports one scenario run. Throws ParamError / RangeError on bad input. */
export function runScenario(scenario: Scenario, options: RunOptions): Report {
  const report = new ScenarioRun(scenario, options).run();
  if (report.verdict === 'pass' || options.explain === false) return report;
  return { ...report, violations: report.violations.map((violation) => ({ ...violation, recentEvents: recentEventsBefore(scenario, options, violation) })) };
}

/**
 * Replays the run (it is deterministic) with a bounded ring watching the violation's
 * nodes, stopping at the violation's event.
 */
export function recentEventsBefore(scenario: Scenario, options: RunOptions, violation: Violation, capacity = DEFAULT_RECENT_EVENTS): TraceEvent[] {
  const recent = new RecentEvents(violation.nodes, capacity);
  let replay: ScenarioRun | undefined;
  const watch: TraceObserver = (event) => {
    if (event.index <= violation.eventIndex) recent.observe(event);
    if (event.index >= violation.eventIndex) replay?.simulation.stop('reached the violation');
  };
  // The replay stops at the violation: its history is partial, and the caller has the full one already.
  replay = new ScenarioRun(scenario, { ...options, observers: [watch], onHistory: undefined });
  replay.run();
  return recent.events();
}

/**
 * The world the scenario builds with these parameters, set up (seed 0) but never run: for
 * questions about its shape. Throws ParamError for bad parameters.
 */
function worldOnly(scenario: Scenario, params: RawParams): World {
  return new ScenarioRun(scenario, { seed: 0, params, faults: [] }).world;
}

/** Nodes the scenario builds with these parameters. */
export function countScenarioNodes(scenario: Scenario, params: RawParams): number {
  return worldOnly(scenario, params).cluster.size;
}

/** Whether the scenario, built with these parameters, records a client history. */
export function scenarioRecordsHistory(scenario: Scenario, params: RawParams): boolean {
  return worldOnly(scenario, params).recordedHistory !== undefined;
}

/** Parameter values as a person would type them (durations as `100ms`). */
function displayParams(scenario: Scenario, params: ScenarioRun['params']): Record<string, number | string | boolean> {
  const result: Record<string, number | string | boolean> = {};
  for (const [name, spec] of Object.entries(scenario.params)) {
    result[name] = spec.type === 'duration' ? formatParamValue(spec, params[name]) : (params[name] as number | string | boolean);
  }
  return result;
}

function nonDefaultParams(scenario: Scenario, params: ScenarioRun['params']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, spec] of Object.entries(scenario.params)) {
    if (params[name] !== spec.default) result[name] = formatParamValue(spec, params[name]);
  }
  return result;
}
