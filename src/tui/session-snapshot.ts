// What the views see: a plain, read-only picture of the session taken between two
// slices of simulation. Rule: views read only snapshots, never the simulation, and a
// snapshot's cost is bounded (a window of nodes, a bounded copy of recent events),
// whatever the size of the cluster or the length of the run.
import type { Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { FaultEvent } from '../faults/fault-event.ts';
import { describePartition } from '../net/partition.ts';
import type { NodeStatus } from '../node/node-api.ts';
import type { SummaryValue } from '../scenario/world.ts';
import { checkRows, verdictSoFar, type CheckRow, type VerdictSoFar } from './check-states.ts';
import { EVENT_RING_CAPACITY } from './event-ring.ts';
import { summarizeNodeState, type NodeStateSummary } from './node-state-summary.ts';
import type { Speed } from './speed.ts';
import type { LossBurst, TrafficInterval } from './traffic-meter.ts';
import type { TuiSession } from './tui-session.ts';

/** Nodes whose state a snapshot reads, around the focused one. */
export const NODE_WINDOW = 64;
/** Above this many nodes, partition sides and cut links are not worked out node by node. */
export const MAX_NODES_FOR_SIDES = 256;
/** Undecided checks are previewed only for clusters up to this size (a preview may scan every node). */
export const MAX_NODES_FOR_PREVIEW = 1_000;

export type RunState = 'running' | 'paused' | 'finished';

/**
 * The latest trace events, oldest first, read through methods. Kept behind a private
 * field because React's development build walks plain props when it profiles a render,
 * and two thousand events made every render of every panel slow.
 */
export class EventList {
  readonly #events: readonly TraceEvent[];

  constructor(events: readonly TraceEvent[]) {
    this.#events = events;
  }

  get size(): number {
    return this.#events.length;
  }

  /** The newest events that pass `keep`, oldest first, at most `limit`. */
  latest(limit: number, keep: (event: TraceEvent) => boolean = () => true): TraceEvent[] {
    const found: TraceEvent[] = [];
    for (let index = this.#events.length - 1; index >= 0 && found.length < limit; index--) {
      const event = this.#events[index] as TraceEvent;
      if (keep(event)) found.push(event);
    }
    return found.reverse();
  }
}

export interface NodeRow {
  readonly id: number;
  readonly status: NodeStatus;
  /** Index of the partition side the node is on; undefined when there is no partition. */
  readonly side: number | undefined;
  readonly state: NodeStateSummary;
}

export interface PartitionView {
  /** `{0,1}|{2,3,4}`, as reports write it. */
  readonly description: string;
  /** Nodes on each side, by side index (empty when the cluster is too big to list). */
  readonly sides: readonly (readonly number[])[];
  /** Directed links cut, and all directed links; undefined for huge clusters. */
  readonly cutLinks: number | undefined;
  readonly links: number;
}

export interface PerSecond {
  readonly sent: number;
  readonly delivered: number;
  readonly duplicated: number;
  readonly droppedByLoss: number;
  readonly droppedByPartition: number;
  readonly droppedByNodeDown: number;
}

export interface NetworkView {
  readonly inFlight: number;
  /** Rates over the last virtual second; undefined before the first interval closes. */
  readonly perSecond: PerSecond | undefined;
  /** Loss probability of the default link (node 0 to node 1). */
  readonly linkLoss: number | undefined;
  readonly lossBurst: LossBurst | undefined;
}

export interface SessionSnapshot {
  readonly scenario: string;
  readonly seed: number;
  /** Parameters that differ from the defaults, `name=value` joined by spaces. */
  readonly changedParams: string;
  readonly timeUs: Micros;
  readonly untilUs: Micros;
  readonly runState: RunState;
  readonly speed: Speed;
  readonly verdict: VerdictSoFar;
  readonly nodeCount: number;
  readonly nodesUp: number;
  /** A window of nodes around the focused one, in id order. */
  readonly nodes: readonly NodeRow[];
  /** The focused node's whole inspect() snapshot, for the detail view. */
  readonly focusedNode: { readonly id: number; readonly snapshot: unknown } | undefined;
  readonly partition: PartitionView | undefined;
  readonly network: NetworkView;
  readonly intervalUs: Micros;
  readonly intervals: readonly TrafficInterval[];
  readonly figures: Readonly<Record<string, SummaryValue>>;
  readonly checks: readonly CheckRow[];
  /** The latest trace events. */
  readonly events: EventList;
  readonly manualFaults: readonly FaultEvent[];
  readonly traceEvents: number;
}

export interface SnapshotControls {
  readonly runState: RunState;
  readonly speed: Speed;
  readonly focusNode: number;
  /**
   * The snapshot before this one, whose check previews and figures are reused unless
   * `refreshPreviews` (they may scan every node: a few a second are plenty).
   */
  readonly previous?: SessionSnapshot | undefined;
  readonly refreshPreviews?: boolean;
}

export function takeSnapshot(session: TuiSession, controls: SnapshotControls): SessionSnapshot {
  const cluster = session.cluster;
  const nodeCount = cluster.size;
  session.traffic.catchUp(session.timeUs);
  const partition = partitionView(session);
  const focus = Math.min(Math.max(0, controls.focusNode), Math.max(0, nodeCount - 1));
  const refresh = controls.refreshPreviews !== false || controls.previous === undefined;
  const checks = checkRows({
    properties: session.run.world.properties.all,
    violations: session.violations(),
    nowUs: session.timeUs,
    untilUs: session.untilUs,
    isFinished: session.isFinished,
    preview: refresh && nodeCount <= MAX_NODES_FOR_PREVIEW,
  });
  return {
    scenario: session.scenario.name,
    seed: session.simulation.seed,
    changedParams: Object.entries(session.changedParams).map(([name, value]) => `${name}=${value}`).join(' '),
    timeUs: session.timeUs,
    untilUs: session.untilUs,
    runState: controls.runState,
    speed: controls.speed,
    verdict: verdictSoFar(checks, session.isFinished),
    nodeCount,
    nodesUp: session.traffic.nodesUp,
    nodes: nodeRows(session, focus, partition !== undefined),
    focusedNode: nodeCount === 0 ? undefined : { id: focus, snapshot: cluster.inspect(focus) },
    partition,
    network: networkView(session),
    intervalUs: session.traffic.intervalUs,
    intervals: session.traffic.intervals(),
    figures: refresh ? figuresOf(session) : (controls.previous as SessionSnapshot).figures,
    checks: refresh ? checks : withPreviousPreviews(checks, (controls.previous as SessionSnapshot).checks),
    events: new EventList(session.events.latest(EVENT_RING_CAPACITY)),
    manualFaults: [...session.manualFaults],
    traceEvents: session.simulation.trace.count,
  };
}

/** Pending checks keep the preview they had in the previous snapshot. */
function withPreviousPreviews(checks: readonly CheckRow[], previous: readonly CheckRow[]): CheckRow[] {
  return checks.map((row) => {
    if (row.check.state !== 'pending') return row;
    const before = previous.find((candidate) => candidate.name === row.name)?.check;
    return before?.state === 'pending' ? { ...row, check: { ...row.check, preview: before.preview } } : row;
  });
}

function nodeRows(session: TuiSession, focus: number, isPartitioned: boolean): NodeRow[] {
  const cluster = session.cluster;
  const partitions = cluster.network.partitions;
  const first = Math.max(0, Math.min(focus - NODE_WINDOW / 2, cluster.size - NODE_WINDOW));
  const rows: NodeRow[] = [];
  for (let id = first; id < Math.min(cluster.size, first + NODE_WINDOW); id++) {
    rows.push({
      id,
      status: cluster.status(id),
      side: isPartitioned ? partitions.groupOfNode(id) : undefined,
      state: summarizeNodeState(cluster.inspect(id)),
    });
  }
  return rows;
}

function partitionView(session: TuiSession): PartitionView | undefined {
  const partitions = session.cluster.network.partitions;
  const spec = partitions.current;
  if (spec === null) return undefined;
  const nodeCount = session.cluster.size;
  const links = nodeCount * (nodeCount - 1);
  if (nodeCount > MAX_NODES_FOR_SIDES) return { description: describePartition(spec), sides: [], cutLinks: undefined, links };
  const sides: number[][] = [];
  for (let node = 0; node < nodeCount; node++) (sides[partitions.groupOfNode(node)] ??= []).push(node);
  let cutLinks = 0;
  for (let from = 0; from < nodeCount; from++) {
    for (let to = 0; to < nodeCount; to++) if (from !== to && partitions.isCut(from, to)) cutLinks++;
  }
  return { description: describePartition(spec), sides: Array.from(sides, (side) => side ?? []), cutLinks, links };
}

function networkView(session: TuiSession): NetworkView {
  const traffic = session.traffic;
  const recent = traffic.lastSecond();
  const network = session.cluster.network;
  return {
    inFlight: traffic.inFlight,
    perSecond: recent.length === 0 ? undefined : ratesOf(recent, traffic.intervalUs),
    linkLoss: session.cluster.size >= 2 ? network.linkBetween(0, 1).lossProbability : undefined,
    lossBurst: traffic.lossBurstAt(session.timeUs),
  };
}

function ratesOf(intervals: readonly TrafficInterval[], intervalUs: Micros): PerSecond {
  const seconds = (intervals.length * intervalUs) / 1_000_000;
  const rate = (pick: (interval: TrafficInterval) => number): number => Math.round(intervals.reduce((sum, interval) => sum + pick(interval), 0) / seconds);
  return {
    sent: rate((interval) => interval.sent),
    delivered: rate((interval) => interval.delivered),
    duplicated: rate((interval) => interval.duplicated),
    droppedByLoss: rate((interval) => interval.droppedByLoss),
    droppedByPartition: rate((interval) => interval.droppedByPartition),
    droppedByNodeDown: rate((interval) => interval.droppedByNodeDown),
  };
}

/** The scenario's report figures as they stand now (a figure that cannot be computed yet is left out). */
function figuresOf(session: TuiSession): Record<string, SummaryValue> {
  if (session.cluster.size > MAX_NODES_FOR_PREVIEW) return {};
  try {
    return session.run.world.computeSummary();
  } catch {
    return {};
  }
}
