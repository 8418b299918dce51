// Installs the CP store of the kv-cp scenario into a world: its Raft nodes, its clients
// and probe, the history they record, the partition plan, the checks and the figures.
// kv-cp installs it alone; cp-vs-ap installs it beside the AP store. Rule: the store takes
// the next free node ids (its nodes, then its clients, then the probe) and numbers them
// from 0 inside (shifted-node.ts); installed first in an empty world, as kv-cp does, it
// builds exactly what kv-cp always built, in the same order.
import { formatDuration, ms, type Micros } from '../../src/engine/time.ts';
import { checkConvergence, describeDivergence, divergentNodes } from '../../src/check/convergence.ts';
import { ConvergenceTracker } from '../../src/check/convergence-tracker.ts';
import type { FaultEvent } from '../../src/faults/fault-event.ts';
import { applyFault } from '../../src/faults/fault-schedule.ts';
import type { NodeFactory, NodeId } from '../../src/node/node-api.ts';
import type { HistoryRecorder } from '../../src/protocols/kv-ap/history-recorder.ts';
import { isolatedNodeOf, planPartition, type PartitionPlan } from '../../src/protocols/kv-ap/partition-plan.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { applySiteLinks } from '../../src/protocols/kv-ap/site-links.ts';
import { kvCpClient } from '../../src/protocols/kv-cp/kv-cp-client.ts';
import { checkKvCpHistory, type LinearizabilityVerdict } from '../../src/protocols/kv-cp/kv-cp-linearizability.ts';
import { kvCpStoreNode } from '../../src/protocols/kv-cp/kv-cp-node.ts';
import { currentLeader, finalTextStates, replicaTextStates, storeViews } from '../../src/protocols/kv-cp/kv-cp-observation.ts';
import { kvCpRaftOptions, type KvCpBug, type ReadMode } from '../../src/protocols/kv-cp/kv-cp-options.ts';
import { kvCpProbe, type ProbeRecord } from '../../src/protocols/kv-cp/kv-cp-probe.ts';
import type { RaftView } from '../../src/protocols/raft/raft-view.ts';
import type { World } from '../../src/scenario/world.ts';
import { shiftedFactory } from './shifted-node.ts';
import { analyseHistory, commonFigures, lostWritesMessage, memoizeWhileUnchanged, sampleReplicas, sidedRecorder, type HistoryAnalysis, type PartitionControl, type SharedStoreParams, type StoreFigure } from './store-checking.ts';

/** How often the replicas are compared after the heal (for convergence time), as in kv-ap. */
const SAMPLE_INTERVAL_US = ms(5);
/** The isolate parameter's value for "let the scenario choose". */
export const ISOLATE_CHOSEN_BY_SCENARIO = -1;

/** The kv-cp scenario's parameters, as the installer reads them. */
export interface KvCpParams extends SharedStoreParams {
  readonly 'cas-share': number;
  readonly read: ReadMode;
  readonly 'attempt-timeout': Micros;
  readonly bug: KvCpBug;
}

export interface KvCpInstallOptions {
  readonly partitionControl: PartitionControl;
  /** Put before every check's name ('' alone, 'cp ' beside another store). */
  readonly label: string;
}

/** What the report shows of the partition, and which node it isolates (-1: none, or not decided yet). */
export interface PartitionShown {
  description: string;
  isolatedNode: number;
}

export interface InstalledKvCp {
  /** Node ids in the world. */
  readonly storeNodes: readonly NodeId[];
  readonly clientNodes: readonly NodeId[];
  readonly probeNode: NodeId;
  /** The partition, in the world's node ids. */
  readonly plan: PartitionPlan;
  readonly partition: PartitionShown;
  /** For isolate-leader under shared control: the caller calls it when the partition starts. */
  readonly isolateLeaderNow: IsolateLeaderNow;
  readonly recorder: HistoryRecorder;
  /** In kv-cp's order, unlabelled; the scenario declares them. */
  readonly figures: readonly StoreFigure[];
  /** Readable names of the store's nodes, in id order. */
  readonly nodeNames: readonly string[];
}

export function installKvCp(world: World, params: KvCpParams, options: KvCpInstallOptions): InstalledKvCp {
  const offset = world.cluster.size;
  const isolate = params.isolate === ISOLATE_CHOSEN_BY_SCENARIO ? undefined : params.isolate + offset;
  const isolatesLeader = params.partition === 'isolate-leader' && isolate === undefined;
  const shift = <Message, TimerTag>(factory: NodeFactory<Message, TimerTag>): NodeFactory<Message, TimerTag> => shiftedFactory(factory, offset);
  const storeNodes = world.cluster.addNodes(params.nodes, shift(kvCpStoreNode(kvCpRaftOptions(params.nodes, params.read, params.bug), params.bug)));
  const clientNodes = Array.from({ length: params.clients }, (_unused, index) => offset + params.nodes + index);
  const plan = planPartition(params.partition, storeNodes, clientNodes, isolate);
  applySiteLinks(world.network, plan.sites, params['cross-latency'], params.loss);
  const healAt = params['heal-at'];
  const recorder = sidedRecorder(world, clientNodes, storeNodes, params['max-operations']);
  const views = (): (RaftView | undefined)[] => storeViews((node) => world.cluster.inspect(node + offset), params.nodes);
  const isStoreReady = latch(() => currentLeader(views()) !== undefined);
  const ownStoreNodes = storeNodes.map((node) => node - offset);
  clientNodes.forEach((_node, index) => {
    world.cluster.addNode(
      shift(
        kvCpClient({
          process: index,
          storeNodes: ownStoreNodes,
          nearest: (plan.nearest[index] as NodeId[]).map((node) => node - offset),
          mix: { writeRatio: params['write-ratio'], casShare: params['cas-share'], keys: params.keys },
          intervalUs: params.interval,
          operationTimeoutUs: params['client-timeout'],
          attemptTimeoutUs: params['attempt-timeout'],
          stopAtUs: healAt,
          isStoreReady,
          recorder,
        }),
      ),
    );
  });
  const probe: ProbeRecord = { answeredAtUs: undefined, attempts: 0 };
  const probeNode = world.cluster.addNode(
    shift(kvCpProbe({ storeNodes: ownStoreNodes, startAtUs: healAt, attemptTimeoutUs: params['attempt-timeout'], clock: () => world.simulation.now, record: probe })),
  );
  const leaderPlan = (): LeaderPlan => {
    const leader = currentLeader(views());
    return { leader, plan: planPartition('isolate-leader', storeNodes, clientNodes, leader === undefined ? undefined : leader.id + offset) };
  };
  const { shown: partition, isolateLeaderNow } = installPartition(world, plan, options.partitionControl, isolatesLeader, params, leaderPlan);
  const tracker = new ConvergenceTracker(healAt);
  sampleReplicas(world, healAt, SAMPLE_INTERVAL_US, tracker, () => checkConvergence(replicaTextStates(views())));
  const analysis = memoizeWhileUnchanged(() => `${recorder.events.length}@${world.simulation.now}`, () => analyseHistory(recorder.events, finalTextStates(views())));
  const linearizable = memoizeWhileUnchanged(() => recorder.events.length, () => checkKvCpHistory(recorder.events));
  const observed: ObservedStore = { recorder, tracker, probe, views, analysis, linearizable, healAt, offset };
  declareProperties(world, observed, healAt + params['convergence-bound'], options.label);
  const nodeNames = [...storeNodes.map((node) => `store-${node - offset}`), ...clientNodes.map((_node, index) => `client-${index}`), 'probe'];
  return { storeNodes, clientNodes, probeNode, plan, partition, isolateLeaderNow, recorder, figures: figuresOf(observed), nodeNames };
}

/** Whoever leads now (undefined: nobody), and the plan that isolates that node (the last one when nobody leads). */
interface LeaderPlan {
  readonly leader: RaftView | undefined;
  readonly plan: PartitionPlan;
}

/**
 * Chooses the node to isolate (the leader now, or the last node when nobody leads), hands
 * the plan to `apply` (which applies the partition), then lays the store's two sites out
 * again around that node and updates what the report shows.
 */
export type IsolateLeaderNow = (apply: (chosen: PartitionPlan) => void) => void;

interface InstalledPartition {
  readonly shown: PartitionShown;
  readonly isolateLeaderNow: IsolateLeaderNow;
}

function installPartition(
  world: World,
  plan: PartitionPlan,
  control: PartitionControl,
  isolatesLeader: boolean,
  params: KvCpParams,
  leaderPlan: () => LeaderPlan,
): InstalledPartition {
  // The two links applySiteLinks chose, to lay the sites out again if the isolated node is chosen late.
  const [first, second] = [plan.sites[0][0] as NodeId, plan.sites[1][0] as NodeId];
  const sites = { within: world.network.linkBetween(first, first), across: world.network.linkBetween(first, second) };
  const shown: PartitionShown = { description: plan.description, isolatedNode: isolatedNodeOf(plan) };
  const partitionAt = params['partition-at'];
  if (isolatesLeader) {
    shown.description = `the leader at ${formatDuration(partitionAt)} alone`;
    shown.isolatedNode = -1;
  }
  const isolateLeaderNow = (apply: (chosen: PartitionPlan) => void): void => {
    const { leader, plan: chosen } = leaderPlan();
    apply(chosen);
    layOutSites(world, chosen.sites, sites);
    shown.isolatedNode = chosen.sites[1][0] as NodeId;
    shown.description = `${chosen.description} (${leader === undefined ? 'nobody led: the last node' : `node ${chosen.sites[1][0] as NodeId} led term ${leader.term}`})`;
  };
  if (control === 'own') schedulePartition(world, plan, isolatesLeader, partitionAt, params['heal-at'], isolateLeaderNow);
  return { shown, isolateLeaderNow };
}

/**
 * Installs the partition and the heal. For isolate-leader with no node given, which node
 * is cut off is decided when the partition starts (the leader then, or the last node if
 * nobody leads), so that partition is applied by the scenario at that moment instead of
 * being listed in the fault schedule, and the two sites (cross-latency) are laid out
 * again around the chosen node, as kv-ap lays them out when told `isolate` that node.
 */
function schedulePartition(world: World, plan: PartitionPlan, isolatesLeader: boolean, partitionAt: Micros, healAt: Micros, isolateLeaderNow: IsolateLeaderNow): void {
  if (plan.spec === undefined) return;
  if (!isolatesLeader) {
    world.faults = [{ atUs: partitionAt, kind: 'partition', partition: plan.spec }, { atUs: healAt, kind: 'heal' }];
    return;
  }
  world.faults = [{ atUs: healAt, kind: 'heal' }];
  world.at(partitionAt, () => {
    isolateLeaderNow((chosen) => {
      const event: FaultEvent = { atUs: partitionAt, kind: 'partition', partition: chosen.spec as NonNullable<PartitionPlan['spec']> };
      applyFault(world.cluster, event);
    });
  });
}

interface SitesOptions {
  readonly within: LinkConfig;
  readonly across: LinkConfig;
}

/** Sets the link of every pair of nodes in the two sites: `within` inside a site, `across` between them. */
function layOutSites(world: World, sites: PartitionPlan['sites'], { within, across }: SitesOptions): void {
  const siteOf = new Map<NodeId, number>();
  sites.forEach((site, index) => site.forEach((node) => siteOf.set(node, index)));
  for (const [from, fromSite] of siteOf) {
    for (const [to, toSite] of siteOf) if (from !== to) world.network.setLink(from, to, fromSite === toSite ? within : across);
  }
}

/** What the checks and figures read. */
interface ObservedStore {
  readonly recorder: HistoryRecorder;
  readonly tracker: ConvergenceTracker;
  readonly probe: ProbeRecord;
  readonly views: () => (RaftView | undefined)[];
  readonly analysis: () => HistoryAnalysis;
  readonly linearizable: () => LinearizabilityVerdict;
  readonly healAt: Micros;
  /** The world's id of the store's node 0. */
  readonly offset: number;
}

function declareProperties(world: World, observed: ObservedStore, deadlineUs: Micros, label: string): void {
  world.properties.atEnd(`${label}linearizable (a CP store’s history must be)`, () => {
    const verdict = observed.linearizable();
    return verdict.figure === 0 ? `the clients' history is not linearizable: ${verdict.explanation ?? ''}` : undefined;
  });
  world.properties.atEnd(`${label}no acknowledged write lost`, () => {
    return lostWritesMessage(observed.analysis().lost.lost);
  });
  world.properties.eventually(`${label}serves after heal (the probe is answered)`, deadlineUs, () => {
    if (world.simulation.now < deadlineUs) return undefined;
    if (observed.probe.answeredAtUs !== undefined) return undefined;
    const leader = currentLeader(observed.views());
    return `the probe put at the heal was not answered after ${observed.probe.attempts} attempts; ${leader === undefined ? 'no node leads' : `node ${leader.id + observed.offset} leads term ${leader.term}`}`;
  });
  world.properties.eventually(`${label}converges after heal`, deadlineUs, () => {
    if (world.simulation.now < deadlineUs) return undefined;
    const report = checkConvergence(replicaTextStates(observed.views()));
    return report.converged ? undefined : { message: describeDivergence(report), nodes: divergentNodes(report).map((node) => node + observed.offset) };
  });
}

function figuresOf(observed: ObservedStore): StoreFigure[] {
  const { recorder, tracker, probe, views } = observed;
  const operations = recorder.operations;
  return [
    ...commonFigures(operations, observed.analysis, tracker),
    ['linearizable', () => observed.linearizable().figure],
    ['unknown outcomes (info)', () => operations.filter((operation) => operation.completion === 'info').length],
    ['probe answered ms', () => (probe.answeredAtUs === undefined ? -1 : (probe.answeredAtUs - observed.healAt) / 1000)],
    ['highest term', () => Math.max(0, ...views().map((view) => view?.term ?? 0))],
    ['reads answered without the log', () => views().reduce((sum, view) => sum + (view?.localReads ?? 0), 0)],
  ];
}

/** `condition()` until it first holds, then true for good. */
function latch(condition: () => boolean): () => boolean {
  let held = false;
  return () => (held ||= condition());
}
