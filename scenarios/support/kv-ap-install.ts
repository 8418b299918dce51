// Installs the AP store of the kv-ap scenario into a world: its Dynamo-style nodes, its
// clients, the history they record, the partition plan, the checks and the figures.
// kv-ap installs it alone; cp-vs-ap installs it beside the CP store. Rule: the store takes
// the next free node ids (its nodes, then its clients) and numbers them from 0 inside
// (shifted-node.ts); installed first in an empty world, as kv-ap does, it builds exactly
// what kv-ap always built, in the same order.
import { ms, type Micros } from '../../src/engine/time.ts';
import { checkConvergence, describeDivergence, divergentNodes } from '../../src/check/convergence.ts';
import { ConvergenceTracker } from '../../src/check/convergence-tracker.ts';
import type { HistoryEvent } from '../../src/check/history/history-event.ts';
import { checkHistoryEvents } from '../../src/check/linearizability/check-linearizability.ts';
import { kvModel } from '../../src/check/linearizability/kv-model.ts';
import { DEADLINE_CHECK_INTERVAL_STEPS } from '../../src/check/linearizability/search-limits.ts';
import type { FaultEvent } from '../../src/faults/fault-event.ts';
import type { NodeFactory, NodeId } from '../../src/node/node-api.ts';
import type { HistoryRecorder } from '../../src/protocols/kv-ap/history-recorder.ts';
import { kvApClient, type KeySpec } from '../../src/protocols/kv-ap/kv-ap-client.ts';
import { emptyKvApMetrics, type KvApMetrics } from '../../src/protocols/kv-ap/kv-ap-metrics.ts';
import { kvApStoreNode, ringFor } from '../../src/protocols/kv-ap/kv-ap-node.ts';
import { DEFAULT_KV_AP_TIMING, type ConflictPolicy, type KvApOptions } from '../../src/protocols/kv-ap/kv-ap-options.ts';
import { isolatedNodeOf, planPartition, type PartitionPlan } from '../../src/protocols/kv-ap/partition-plan.ts';
import { applySiteLinks } from '../../src/protocols/kv-ap/site-links.ts';
import { finalKeyStates, replicaKeyStates, snapshotStore, type StoreSnapshot } from '../../src/protocols/kv-ap/store-observation.ts';
import type { ValueType } from '../../src/protocols/kv-ap/stored-record.ts';
import { hashHex } from '../../src/engine/text-hash.ts';
import { storeViewOf } from '../../src/protocols/kv-ap/kv-ap-view.ts';
import type { World } from '../../src/scenario/world.ts';
import { withDisplay } from './node-display.ts';
import { shiftedFactory } from './shifted-node.ts';
import { analyseHistory, commonFigures, lostWritesMessage, memoizeWhileUnchanged, sampleReplicas, sidedRecorder, type HistoryAnalysis, type PartitionControl, type SharedStoreParams, type StoreFigure } from './store-checking.ts';

/** How often the replicas are compared after the heal (for convergence time). */
const SAMPLE_INTERVAL_US = ms(5);
/** The linearizability search gives up (verdict unknown) after this many steps per key... */
const LINEARIZABILITY_MAX_STEPS = 1_000_000;
/** ...and after this many over all keys (counted through the checker's deadline hook, so no clock is read). */
const LINEARIZABILITY_TOTAL_STEPS = 4_000_000;
const LINEARIZABILITY_MAX_MEMO_BYTES = 64 * 1024 * 1024;
export const VALUE_KINDS = ['register', 'counter', 'set', 'mixed'] as const;
export const ROUTINGS = ['nearest', 'random'] as const;

/** The kv-ap scenario's parameters, as the installer reads them. */
export interface KvApParams extends SharedStoreParams {
  readonly n: number;
  readonly r: number;
  readonly w: number;
  readonly conflict: ConflictPolicy;
  readonly values: (typeof VALUE_KINDS)[number];
  readonly routing: (typeof ROUTINGS)[number];
  readonly skew: Micros;
  readonly 'hinted-handoff': boolean;
  readonly 'read-repair': boolean;
  readonly 'anti-entropy': boolean;
}

/**
 * How a store node shows in the terminal UI:
 * - as-built: its whole snapshot (process host and store view);
 * - data-digest: a digest of the data it holds as a replica (equal digests, same data),
 *   its hints, and each key's digest, so that replicas drifting apart and converging show.
 */
export type StoreDisplay = 'as-built' | 'data-digest';

export interface KvApInstallOptions {
  /** own: the installer writes the world's fault schedule; shared: the caller builds it from `plan` and `clockFaults`. */
  readonly partitionControl: PartitionControl;
  /** Put before every check's name ('' alone, 'ap ' beside another store). */
  readonly label: string;
  readonly storeDisplay: StoreDisplay;
}

export interface InstalledKvAp {
  /** Node ids in the world. */
  readonly storeNodes: readonly NodeId[];
  readonly clientNodes: readonly NodeId[];
  /** The partition, in the world's node ids. */
  readonly plan: PartitionPlan;
  /** The node isolate-node and isolate-leader cut off, -1 for the other shapes. */
  readonly isolatedNode: number;
  /** The clock skew of the last store node, if any (part of the schedule under `own`). */
  readonly clockFaults: readonly FaultEvent[];
  readonly recorder: HistoryRecorder;
  /** In kv-ap's order, unlabelled; the scenario declares them. */
  readonly figures: readonly StoreFigure[];
  /** Readable names of the store's nodes, in id order. */
  readonly nodeNames: readonly string[];
}

function keySpecs(values: (typeof VALUE_KINDS)[number], count: number): KeySpec[] {
  const types: readonly ValueType[] = ['register', 'counter', 'set'];
  return Array.from({ length: count }, (_unused, index) => ({
    name: `k${index}`,
    type: values === 'mixed' ? (types[index % types.length] as ValueType) : values,
  }));
}

/** Register operations only: the kv model knows get and append, not counters and sets. */
function registerEvents(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.filter((event) => event.f === 'get' || event.f === 'append');
}

/** 1, 0, 'unknown' (the search hit its limit), or 'n/a' when no register was used. */
function linearizableFigure(events: readonly HistoryEvent[]): number | string {
  const registers = registerEvents(events);
  if (registers.length === 0) return 'n/a';
  let deadlineChecks = 0;
  const isPastDeadline = (): boolean => ++deadlineChecks * DEADLINE_CHECK_INTERVAL_STEPS > LINEARIZABILITY_TOTAL_STEPS;
  const result = checkHistoryEvents(registers, kvModel, { maxSteps: LINEARIZABILITY_MAX_STEPS, maxMemoBytes: LINEARIZABILITY_MAX_MEMO_BYTES, isPastDeadline });
  return result.verdict === 'unknown' ? 'unknown' : result.verdict === 'linearizable' ? 1 : 0;
}

function storeOptions(params: KvApParams): KvApOptions {
  return {
    storeNodes: params.nodes,
    replicas: params.n,
    readQuorum: params.r,
    writeQuorum: params.w,
    conflict: params.conflict,
    ...DEFAULT_KV_AP_TIMING,
    hintedHandoff: params['hinted-handoff'],
    readRepair: params['read-repair'],
    antiEntropy: params['anti-entropy'],
  };
}

export function installKvAp(world: World, params: KvApParams, install: KvApInstallOptions): InstalledKvAp {
  const offset = world.cluster.size;
  const shift = <Message, TimerTag>(factory: NodeFactory<Message, TimerTag>): NodeFactory<Message, TimerTag> => shiftedFactory(factory, offset);
  const options = storeOptions(params);
  const metrics = emptyKvApMetrics();
  const storeNode = kvApStoreNode(options, metrics);
  const storeNodes = world.cluster.addNodes(params.nodes, shift(install.storeDisplay === 'data-digest' ? withDisplay(storeNode, digestDisplay) : storeNode));
  const clientNodes = Array.from({ length: params.clients }, (_unused, index) => offset + params.nodes + index);
  const plan = planPartition(params.partition, storeNodes, clientNodes, params.isolate < 0 ? undefined : params.isolate + offset);
  applySiteLinks(world.network, plan.sites, params['cross-latency'], params.loss);
  const healAt = params['heal-at'];
  const recorder = sidedRecorder(world, clientNodes, storeNodes, params['max-operations']);
  const keys = keySpecs(params.values, params.keys);
  const own = (nodes: readonly NodeId[]): NodeId[] => nodes.map((node) => node - offset);
  clientNodes.forEach((_node, index) => {
    world.cluster.addNode(
      shift(
        kvApClient({
          process: index,
          coordinators: params.routing === 'nearest' ? own(plan.nearest[index] as NodeId[]) : own(storeNodes),
          keys,
          writeRatio: params['write-ratio'],
          intervalUs: params.interval,
          timeoutUs: params['client-timeout'],
          stopAtUs: healAt,
          recorder,
        }),
      ),
    );
  });
  const clockFaults: FaultEvent[] = params.skew > 0 ? [{ atUs: 0, kind: 'clock-skew', node: offset + params.nodes - 1, offsetUs: params.skew, driftPpm: 0 }] : [];
  if (install.partitionControl === 'own') world.faults = faultsFor(plan, params['partition-at'], healAt, clockFaults);
  const ring = ringFor(options);
  const observed: ObservedStore = {
    recorder,
    metrics,
    snapshot: () => snapshotStore((node) => world.cluster.inspect(node + offset), ring, options.replicas),
    tracker: new ConvergenceTracker(healAt),
    offset,
  };
  sampleReplicas(world, healAt, SAMPLE_INTERVAL_US, observed.tracker, () => checkConvergence(replicaKeyStates(observed.snapshot())));
  // Figures may be asked for mid-run (the terminal UI previews them): recompute when the history or the clock has moved.
  const analysis = memoizeWhileUnchanged(() => `${recorder.events.length}@${world.simulation.now}`, () => analyseHistory(recorder.events, finalKeyStates(observed.snapshot())));
  const linearizable = memoizeWhileUnchanged(() => recorder.events.length, () => linearizableFigure(recorder.events));
  declareProperties(world, observed, analysis, healAt + params['convergence-bound'], options.conflict, install.label);
  const isolatedNode = isolatedNodeOf(plan);
  const nodeNames = [...storeNodes.map((node) => `store-${node - offset}`), ...clientNodes.map((_node, index) => `client-${index}`)];
  return { storeNodes, clientNodes, plan, isolatedNode, clockFaults, recorder, figures: figuresOf(observed, analysis, linearizable), nodeNames };
}

/** What the checks and figures read: the clients' history, the store's counters, snapshots of its replicas. */
interface ObservedStore {
  readonly recorder: HistoryRecorder;
  readonly metrics: KvApMetrics;
  readonly snapshot: () => StoreSnapshot;
  readonly tracker: ConvergenceTracker;
  /** The world's id of the store's node 0. */
  readonly offset: number;
}

function declareProperties(world: World, observed: ObservedStore, analysis: () => HistoryAnalysis, deadlineUs: Micros, conflict: ConflictPolicy, label: string): void {
  world.properties.eventually(`${label}converges after heal`, deadlineUs, () => {
    // A run cut short (--until) before the deadline cannot judge it: the store was not given the time.
    if (world.simulation.now < deadlineUs) return undefined;
    const report = checkConvergence(replicaKeyStates(observed.snapshot()));
    return report.converged ? undefined : { message: describeDivergence(report), nodes: divergentNodes(report).map((node) => node + observed.offset) };
  });
  world.properties.atEnd(`${label}no acknowledged write lost (version vectors and CRDTs)`, () => {
    // Under last-writer-wins, appends are expected to be lost: that is the figure, not a failure.
    return lostWritesMessage(analysis().lost.lost.filter((entry) => conflict === 'version-vectors' || entry.operation.f !== 'append'));
  });
}

function figuresOf(observed: ObservedStore, analysis: () => HistoryAnalysis, linearizable: () => number | string): StoreFigure[] {
  const { recorder, metrics, tracker } = observed;
  return [
    ...commonFigures(recorder.operations, analysis, tracker),
    ['siblings max', () => metrics.siblingsMax],
    ['linearizable', linearizable],
    ['hints delivered', () => metrics.hintsDelivered],
    ['read repairs', () => metrics.readRepairs],
    ['anti-entropy repairs', () => metrics.antiEntropyRepairs],
  ];
}

/** What a store node shows under data-digest (four hex digits are plenty to tell a few replicas apart). */
function digestDisplay(snapshot: object): unknown {
  const view = storeViewOf(snapshot);
  if (view === undefined) return snapshot;
  const replicated = view.keys.filter((entry) => entry.isReplica).sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  const keys: Record<string, string> = {};
  for (const entry of replicated) keys[entry.key] = entry.siblings > 1 ? `${entry.digest.slice(0, 4)}/${entry.siblings}` : entry.digest.slice(0, 4);
  const data = hashHex(replicated.map((entry) => `${entry.key}=${entry.digest}`).join('\n')).slice(0, 4);
  return { role: view.role, data, hints: view.hints, keys };
}

function faultsFor(plan: PartitionPlan, partitionAt: Micros, healAt: Micros, clockFaults: readonly FaultEvent[]): FaultEvent[] {
  if (plan.spec === undefined) return [...clockFaults];
  return [...clockFaults, { atUs: partitionAt, kind: 'partition', partition: plan.spec }, { atUs: healAt, kind: 'heal' }];
}
