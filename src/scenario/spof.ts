// The single-point-of-failure audit, the chaos experiment resilience guides recommend:
// one run with no fault, then one run per node in which that node crashes and stays
// down, and one run per link (a pair of nodes that exchanged messages in the fault-free
// run) in which that link is cut both ways and stays cut; every run from the same seed.
// A fault that pushes a figure past the objective, when the fault-free run meets it, is
// a single point of failure; the services whose own figures it pushes past the same
// bound are its blast radius.
// Rule: each run has exactly one fault, the scenario's own fault schedule is left out,
// and the audit is a pure function of (scenario, parameters, seed, run length, fault
// time, objective): no I/O, nothing random outside the runs.
import { assertNever } from '../engine/assert-never.ts';
import type { Seed } from '../engine/rng.ts';
import { formatDurationExact, type Micros } from '../engine/time.ts';
import type { TraceObserver } from '../engine/trace.ts';
import type { FaultEvent } from '../faults/fault-event.ts';
import type { NodeId, PartitionSpec } from '../net/partition.ts';
import type { Scenario } from './define-scenario.ts';
import {
  DEFAULT_OBJECTIVE_TEXT,
  formatClause,
  isClauseMet,
  numericFigure,
  numericFigures,
  OBJECTIVE_FIGURE,
  parseObjective,
  serviceFigures,
  type Objective,
  type ObjectiveClause,
} from './objective.ts';
import type { RawParams } from './params.ts';
import type { Report } from './report.ts';
import { ScenarioRun } from './runner.ts';
import type { SummaryValue } from './world.ts';

/** Faults strike at this share of the run unless the caller says when. */
export const DEFAULT_FAULT_SHARE = 0.2;
/** Most fault runs one audit makes (nodes plus links). */
export const MAX_AUDIT_FAULTS = 2_000;
/** The summary figure in which a scenario may name its nodes: names in id order, joined by ",". */
export const NODE_NAMES_FIGURE = 'node names';

export type SingleFault = { readonly kind: 'crash'; readonly node: NodeId } | { readonly kind: 'cut-link'; readonly nodes: readonly [NodeId, NodeId] };

export interface SpofAuditOptions {
  readonly scenario: Scenario;
  readonly seed: Seed;
  readonly params?: RawParams;
  /** Run length; the scenario's duration by default. */
  readonly untilUs?: Micros;
  /** When every fault strikes, after 0 and before the end; DEFAULT_FAULT_SHARE of the run by default. */
  readonly faultAtUs?: Micros;
  /** Replaces the objective the scenario declares. */
  readonly objective?: Objective;
}

/** Where the objective came from: the caller, the scenario's `objective` figure, or the default. */
export type ObjectiveSource = 'given' | 'scenario' | 'default';

export interface NodeDescription {
  readonly id: NodeId;
  /** From the scenario's `node names` figure, or `node <id>`. */
  readonly name: string;
}

/** A clause a run broke, and the figure's value there (null when the run did not report it). */
export interface ClauseBreach extends ObjectiveClause {
  readonly value: number | null;
}

/** A service whose own figure (`<figure> <service>`) broke the objective's bound on `figure`. */
export interface DegradedService {
  readonly service: string;
  readonly figure: string;
  readonly value: number;
}

/** How a run measured up: met the objective, broke it, or the run threw (a bug found). */
export type RunStatus = 'meets' | 'breaks' | 'crashed';

export interface AuditRun {
  /** Null for the fault-free run. */
  readonly fault: (SingleFault & { readonly label: string }) | null;
  readonly status: RunStatus;
  /** True when this one fault breaks an objective the fault-free run meets. */
  readonly isSinglePointOfFailure: boolean;
  /** The run's own checks (its properties); 'crash' when it threw. */
  readonly verdict: Report['verdict'] | 'crash';
  readonly breaches: readonly ClauseBreach[];
  /** Services whose own figures break the objective here but not in the fault-free run (for it: those that break it there). */
  readonly degraded: readonly DegradedService[];
  /** Every numeric summary figure of the run (empty when it crashed). */
  readonly figures: Readonly<Record<string, number>>;
  readonly traceHash: string;
  /** What the run threw, when it crashed. */
  readonly error?: string;
}

export interface SpofAudit {
  readonly scenario: string;
  readonly seed: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly objective: Objective;
  readonly objectiveSource: ObjectiveSource;
  readonly runLengthMs: number;
  readonly faultAtMs: number;
  readonly nodes: readonly NodeDescription[];
  readonly baseline: AuditRun;
  readonly runs: readonly AuditRun[];
  /** Labels of the faults that are single points of failure, in run order. */
  readonly singlePointsOfFailure: readonly string[];
}

/**
 * Runs the audit. Throws RangeError (bad input) when the fault time is outside the run,
 * or when the scenario reports no numeric figure an objective clause names; the
 * parameters are checked (ParamError) before anything runs.
 */
export function runSpofAudit(options: SpofAuditOptions): SpofAudit {
  const links = new LinkRecorder();
  const baselineRun = new ScenarioRun(options.scenario, { ...runOptionsOf(options, []), observers: [links.observer] });
  const faultAtUs = options.faultAtUs ?? Math.max(1, Math.floor(baselineRun.untilUs * DEFAULT_FAULT_SHARE));
  // Not at 0: a crash at time 0 would come before the nodes' start, which boots them anyway.
  if (!Number.isSafeInteger(faultAtUs) || faultAtUs <= 0 || faultAtUs >= baselineRun.untilUs) {
    throw new RangeError(
      `invalid fault time ${formatDurationExact(faultAtUs)}: expected a time inside the ${formatDurationExact(baselineRun.untilUs)} run, after its start and before its end`,
    );
  }
  const nodeCount = baselineRun.world.cluster.size;
  const baselineReport = runFaultFree(baselineRun);
  const [objective, objectiveSource] = chooseObjective(options.objective, baselineReport.summary);
  checkObjectiveFigures(objective, baselineReport.summary);
  const nodes = describeNodes(nodeCount, baselineReport.summary);
  const faults = planFaults(nodeCount, links.pairs());
  if (faults.length > MAX_AUDIT_FAULTS) {
    throw new RangeError(`the audit would need ${faults.length} fault runs (${nodeCount} nodes and their links): at most ${MAX_AUDIT_FAULTS}`);
  }
  const baseline = judgeReport(null, baselineReport, objective, undefined);
  const runs = faults.map((fault) => {
    const labelled = { ...fault, label: labelOf(fault, nodes) };
    return runWithFault(options, labelled, faultEventOf(fault, faultAtUs, nodeCount), objective, baseline);
  });
  return {
    scenario: options.scenario.name,
    seed: options.seed,
    params: baselineReport.params,
    objective,
    objectiveSource,
    runLengthMs: baselineRun.untilUs / 1000,
    faultAtMs: faultAtUs / 1000,
    nodes,
    baseline,
    runs,
    singlePointsOfFailure: runs.filter((run) => run.isSinglePointOfFailure).map((run) => run.fault?.label ?? ''),
  };
}

/** A fault-free run that throws is a bug in the scenario, never bad input: it is not let out as a RangeError. */
function runFaultFree(run: ScenarioRun): Report {
  try {
    return run.run();
  } catch (error) {
    throw new Error(`the fault-free run threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

function runOptionsOf(options: SpofAuditOptions, faults: readonly FaultEvent[]) {
  return {
    seed: options.seed,
    faults,
    explain: false,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
  };
}

function runWithFault(options: SpofAuditOptions, fault: SingleFault & { readonly label: string }, event: FaultEvent, objective: Objective, baseline: AuditRun): AuditRun {
  let run: ScenarioRun | undefined;
  try {
    run = new ScenarioRun(options.scenario, runOptionsOf(options, [event]));
    return judgeReport(fault, run.run(), objective, baseline);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      fault,
      status: 'crashed',
      isSinglePointOfFailure: false,
      verdict: 'crash',
      breaches: [],
      degraded: [],
      figures: {},
      traceHash: run === undefined ? '' : run.simulation.trace.digest(),
      error: message.split('\n')[0] ?? message,
    };
  }
}

/** Measures a report against the objective; `baseline` is undefined when judging the fault-free run itself. */
function judgeReport(fault: AuditRun['fault'], report: Report, objective: Objective, baseline: AuditRun | undefined): AuditRun {
  const breaches = objective.flatMap((clause): ClauseBreach[] => {
    const value = numericFigure(report.summary, clause.figure);
    return value !== undefined && isClauseMet(clause, value) ? [] : [{ ...clause, value: value ?? null }];
  });
  const status: RunStatus = breaches.length === 0 ? 'meets' : 'breaks';
  const baselineDegraded = new Set((baseline?.degraded ?? []).map((service) => `${service.figure} ${service.service}`));
  const degraded = objective.flatMap((clause) =>
    serviceFigures(report.summary, clause.figure)
      .filter((figure) => !isClauseMet(clause, figure.value) && !baselineDegraded.has(figure.figure))
      .map((figure): DegradedService => ({ service: figure.service, figure: clause.figure, value: figure.value })),
  );
  return {
    fault,
    status,
    isSinglePointOfFailure: baseline !== undefined && baseline.status === 'meets' && status === 'breaks',
    verdict: report.verdict,
    breaches,
    degraded,
    figures: numericFigures(report.summary),
    traceHash: report.traceHash,
  };
}

function chooseObjective(given: Objective | undefined, summary: Readonly<Record<string, SummaryValue>>): [Objective, ObjectiveSource] {
  if (given !== undefined && given.length > 0) return [given, 'given'];
  const declared = Object.hasOwn(summary, OBJECTIVE_FIGURE) ? summary[OBJECTIVE_FIGURE] : undefined;
  if (typeof declared !== 'string') return [parseObjective(DEFAULT_OBJECTIVE_TEXT), 'default'];
  try {
    return [parseObjective(declared), 'scenario'];
  } catch (error) {
    // The scenario's own declaration is wrong: a bug in the scenario, not the user's input.
    throw new Error(`the scenario's ${OBJECTIVE_FIGURE} figure: ${(error as Error).message}`);
  }
}

function checkObjectiveFigures(objective: Objective, summary: Readonly<Record<string, SummaryValue>>): void {
  for (const clause of objective) {
    if (numericFigure(summary, clause.figure) !== undefined) continue;
    const known = Object.keys(numericFigures(summary));
    const listed = known.length === 0 ? 'it reports no numeric figures' : `its numeric figures are: ${known.join(', ')}`;
    throw new RangeError(`objective ${formatClause(clause)}: the scenario reports no numeric figure ${JSON.stringify(clause.figure)}; ${listed}`);
  }
}

function describeNodes(nodeCount: number, summary: Readonly<Record<string, SummaryValue>>): NodeDescription[] {
  const declared = Object.hasOwn(summary, NODE_NAMES_FIGURE) ? summary[NODE_NAMES_FIGURE] : undefined;
  const names = typeof declared === 'string' ? declared.split(',').map((name) => name.trim()) : [];
  const isUsable = names.length === nodeCount && names.every((name) => name !== '');
  return Array.from({ length: nodeCount }, (_, id) => ({ id, name: isUsable ? (names[id] as string) : `node ${id}` }));
}

/** Crashes in node order, then cuts in link order. */
export function planFaults(nodeCount: number, links: readonly (readonly [NodeId, NodeId])[]): SingleFault[] {
  const faults: SingleFault[] = [];
  for (let node = 0; node < nodeCount; node++) faults.push({ kind: 'crash', node });
  for (const nodes of links) faults.push({ kind: 'cut-link', nodes });
  return faults;
}

/** The fault as a schedule event: a crash with no restart, or a partition with no heal. */
export function faultEventOf(fault: SingleFault, atUs: Micros, nodeCount: number): FaultEvent {
  switch (fault.kind) {
    case 'crash':
      return { atUs, kind: 'crash', node: fault.node };
    case 'cut-link':
      return { atUs, kind: 'partition', partition: linkCut(fault.nodes, nodeCount) };
    default:
      return assertNever(fault);
  }
}

/**
 * Cuts exactly one link, both ways: a bridge whose two sides are the link's ends (every
 * other node reaches both, like the bridge node); with only two nodes, a split.
 */
export function linkCut([first, second]: readonly [NodeId, NodeId], nodeCount: number): PartitionSpec {
  let bridge = 0;
  while (bridge === first || bridge === second) bridge++;
  if (bridge >= nodeCount) return { kind: 'split', groups: [[first], [second]] };
  return { kind: 'bridge', left: [first], right: [second], bridge };
}

function labelOf(fault: SingleFault, nodes: readonly NodeDescription[]): string {
  const nameOf = (id: NodeId): string => nodes[id]?.name ?? `node ${id}`;
  const named = (id: NodeId): boolean => nameOf(id) !== `node ${id}`;
  switch (fault.kind) {
    case 'crash':
      return named(fault.node) ? `crash node ${fault.node} (${nameOf(fault.node)})` : `crash node ${fault.node}`;
    case 'cut-link': {
      const [first, second] = fault.nodes;
      const names = named(first) || named(second) ? ` (${nameOf(first)}, ${nameOf(second)})` : '';
      return `cut link ${first}-${second}${names}`;
    }
    default:
      return assertNever(fault);
  }
}

/** Watches the fault-free run's deliveries and keeps each pair of nodes that exchanged a message. */
class LinkRecorder {
  private readonly seen = new Set<string>();
  private readonly found: [NodeId, NodeId][] = [];

  readonly observer: TraceObserver = (event) => {
    if (event.kind !== 'deliver' || event.from === undefined || event.to === undefined) return;
    const first = Math.min(event.from, event.to);
    const second = Math.max(event.from, event.to);
    if (first < 0 || first === second) return;
    const key = `${first}-${second}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.push([first, second]);
  };

  /** Pairs (lower id first), ordered by lower id, then higher. */
  pairs(): (readonly [NodeId, NodeId])[] {
    return this.found.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
}
