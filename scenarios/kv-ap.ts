// kv-ap: a Dynamo-style replicated key-value store through a partition that heals.
//
// For a learner: an AP store answers on both sides of a partition. Every key lives on N
// of the nodes (a hash ring decides which); a read waits for R of them, a write for W.
// When a replica is cut off, the next healthy node takes the write instead and keeps a
// hint (a sloppy quorum), so both sides keep working; the price is that the sides now
// disagree. After the heal, hinted handoff, read repair and anti-entropy bring every
// replica back to the same state, and the conflict policy decides what that state is:
// last-writer-wins keeps the write with the highest hybrid-logical-clock stamp and
// silently drops the others; version vectors keep concurrent writes side by side as
// siblings, which the next client merges. Counters and sets can instead be CRDTs, which
// merge without losing anything. The report measures it all from outside: availability
// per side, latency, stale reads, lost writes, time to converge, siblings, and whether
// the clients' history is linearizable (it is not: that is what AP gives up).
import { formatDuration, ms, seconds, type Micros } from '../src/engine/time.ts';
import { checkConvergence, describeDivergence, divergentNodes } from '../src/check/convergence.ts';
import { ConvergenceTracker } from '../src/check/convergence-tracker.ts';
import type { HistoryEvent } from '../src/check/history/history-event.ts';
import { checkHistoryEvents } from '../src/check/linearizability/check-linearizability.ts';
import { kvModel } from '../src/check/linearizability/kv-model.ts';
import { DEADLINE_CHECK_INTERVAL_STEPS } from '../src/check/linearizability/search-limits.ts';
import { findLostWrites, type LostWritesReport } from '../src/check/lost-writes.ts';
import { findStaleReads } from '../src/check/stale-reads.ts';
import type { FaultEvent } from '../src/faults/fault-event.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { HistoryRecorder } from '../src/protocols/kv-ap/history-recorder.ts';
import { kvApClient, type KeySpec } from '../src/protocols/kv-ap/kv-ap-client.ts';
import { emptyKvApMetrics, type KvApMetrics } from '../src/protocols/kv-ap/kv-ap-metrics.ts';
import { kvApStoreNode, ringFor } from '../src/protocols/kv-ap/kv-ap-node.ts';
import { CONFLICT_POLICIES, DEFAULT_KV_AP_TIMING, type KvApOptions } from '../src/protocols/kv-ap/kv-ap-options.ts';
import { availability, percentileMs, successLatenciesUs } from '../src/protocols/kv-ap/operation-figures.ts';
import { PARTITION_SHAPES, planPartition, type PartitionPlan } from '../src/protocols/kv-ap/partition-plan.ts';
import { applySiteLinks } from '../src/protocols/kv-ap/site-links.ts';
import { partitionSide } from '../src/protocols/kv-ap/partition-side.ts';
import { finalKeyStates, finalTokens, replicaKeyStates, snapshotStore, type StoreSnapshot } from '../src/protocols/kv-ap/store-observation.ts';
import type { ValueType } from '../src/protocols/kv-ap/stored-record.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, ParamError } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';

/** How often the replicas are compared after the heal (for convergence time). */
const SAMPLE_INTERVAL_US = ms(5);
/** The linearizability search gives up (verdict unknown) after this many steps per key... */
const LINEARIZABILITY_MAX_STEPS = 1_000_000;
/** ...and after this many over all keys (counted through the checker's deadline hook, so no clock is read). */
const LINEARIZABILITY_TOTAL_STEPS = 4_000_000;
const LINEARIZABILITY_MAX_MEMO_BYTES = 64 * 1024 * 1024;
const VALUE_KINDS = ['register', 'counter', 'set', 'mixed'] as const;

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

export default defineScenario({
  name: 'kv-ap',
  summary: 'a Dynamo-style store (N/R/W, sloppy quorum, LWW or version vectors) through a partition: available, then convergent',
  description: [
    'A Dynamo-style key-value store on `nodes` nodes: each key has n replicas on a hash ring;',
    'reads wait for r answers, writes for w. Clients on both sides of a partition (from',
    'partition-at to heal-at) append unique tokens to keys and read them back; a replica cut',
    'off is replaced by the next healthy node, which keeps a hint (sloppy quorum). Clients',
    'stop at the heal; hinted handoff, read repair and anti-entropy then make every replica',
    'agree. With conflict=lww the write with the highest hybrid-logical-clock stamp wins and',
    'concurrent appends are lost (skew sets the last node’s clock ahead, so its writes win',
    'even against later ones); with conflict=version-vectors they are kept as siblings and',
    'merged by the next client. values=counter or set uses CRDTs (PN-counter, OR-set).',
    'Figures: availability per side, latency p50/p99, stale reads (reads missing an append',
    'acknowledged before they began), lost writes (acknowledged, absent once converged),',
    'convergence ms after the heal (after the clients stop, with partition=none), siblings',
    'max, and linearizable (1/0, or unknown when the checker reaches its limit). Try r=1 w=1',
    'partition=none for stale reads without any partition, conflict=version-vectors for no',
    'lost writes, and anti-entropy=false read-repair=false to see hints alone fall short.',
  ].join('\n'),
  durationUs: seconds(4),
  params: {
    nodes: param.int({ default: 5, min: 2, max: 15, description: 'store nodes on the hash ring' }),
    n: param.int({ default: 3, min: 1, max: 15, description: 'replicas per key (at most nodes)' }),
    r: param.int({ default: 2, min: 1, max: 15, description: 'replicas a read waits for (at most n)' }),
    w: param.int({ default: 2, min: 1, max: 15, description: 'replicas a write waits for (at most n)' }),
    conflict: param.enum({ values: CONFLICT_POLICIES, default: 'lww', description: 'lww (hybrid-logical-clock stamps) or version-vectors (siblings)' }),
    values: param.enum({ values: VALUE_KINDS, default: 'register', description: 'key type: register (appended tokens), counter, set (CRDTs), or mixed' }),
    clients: param.int({ default: 4, min: 1, max: 50, description: 'clients, alternating between the two sides' }),
    keys: param.int({ default: 4, min: 1, max: 100, description: 'keys the clients pick from' }),
    'write-ratio': param.number({ default: 0.5, min: 0, max: 1, description: 'share of operations that write' }),
    interval: param.duration({ default: ms(20), min: ms(1), max: seconds(10), description: 'mean pause between one client’s operations' }),
    partition: param.enum({ values: PARTITION_SHAPES, default: 'majority-minority', description: 'the partition: none, majority-minority, isolate-node or bridge' }),
    'partition-at': param.duration({ default: ms(500), min: 0, max: seconds(60), description: 'when the partition starts' }),
    'heal-at': param.duration({ default: seconds(2), min: ms(1), max: seconds(60), description: 'when it heals; clients stop then' }),
    'cross-latency': param.duration({ default: ms(5), min: 0, max: seconds(1), description: 'extra one-way latency between the two sides (two datacenters)' }),
    loss: param.number({ default: 0, min: 0, max: 0.5, description: 'probability that the network loses a message' }),
    routing: param.enum({ values: ['nearest', 'random'], default: 'nearest', description: 'clients call a node on their side (nearest) or any node (random)' }),
    skew: param.duration({ default: 0, min: 0, max: seconds(10), description: 'how far ahead the last store node’s clock runs' }),
    'hinted-handoff': param.boolean({ default: true, description: 'sloppy quorum with hinted handoff (false: strict quorum)' }),
    'read-repair': param.boolean({ default: true, description: 'reads write the merged value back to replicas behind' }),
    'anti-entropy': param.boolean({ default: true, description: 'replicas exchange digests every 100ms on average' }),
    'client-timeout': param.duration({ default: ms(500), min: ms(1), max: seconds(10), description: 'how long a client waits for its coordinator' }),
    'convergence-bound': param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'replicas must agree this long after the heal' }),
    'max-operations': param.int({ default: 2000, min: 1, max: 20_000, description: 'operations the history holds at most (bounds the checkers)' }),
  },
  setup(world, params) {
    checkCombination(params);
    const options: KvApOptions = {
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
    const metrics = emptyKvApMetrics();
    const storeNodes = world.cluster.addNodes(params.nodes, kvApStoreNode(options, metrics));
    const clientNodes = Array.from({ length: params.clients }, (_unused, index) => params.nodes + index);
    const plan = planPartition(params.partition, storeNodes, clientNodes);
    applySiteLinks(world.network, plan.sites, params['cross-latency'], params.loss);
    const healAt = params['heal-at'];
    const recorder = new HistoryRecorder(
      () => world.simulation.now,
      (process) => partitionSide(world.network.partitions, clientNodes[process as number] as NodeId, storeNodes),
      params['max-operations'],
    );
    const keys = keySpecs(params.values, params.keys);
    clientNodes.forEach((_node, index) => {
      world.cluster.addNode(
        kvApClient({
          process: index,
          coordinators: params.routing === 'nearest' ? (plan.nearest[index] as NodeId[]) : storeNodes,
          keys,
          writeRatio: params['write-ratio'],
          intervalUs: params.interval,
          timeoutUs: params['client-timeout'],
          stopAtUs: healAt,
          recorder,
        }),
      );
    });
    world.faults = faultsFor(plan, params['partition-at'], healAt, params.skew, params.nodes - 1);
    const ring = ringFor(options);
    const observed: ObservedStore = {
      recorder,
      metrics,
      snapshot: () => snapshotStore((node) => world.cluster.inspect(node), ring, options.replicas),
      tracker: new ConvergenceTracker(healAt),
    };
    sampleReplicas(world, healAt, observed.tracker, () => checkConvergence(replicaKeyStates(observed.snapshot())));
    // Figures may be asked for mid-run (the terminal UI previews them): recompute when the history or the clock has moved.
    const analysis = memoizeWhileUnchanged(() => `${recorder.events.length}@${world.simulation.now}`, () => analyse(recorder.events, observed.snapshot()));
    const linearizable = memoizeWhileUnchanged(() => recorder.events.length, () => linearizableFigure(recorder.events));
    declareProperties(world, observed, analysis, healAt + params['convergence-bound'], options.conflict);
    declareFigures(world, observed, analysis, linearizable);
    world.summary('partition', () => plan.description);
    world.summary('node names', () => [...storeNodes.map((node) => `store-${node}`), ...clientNodes.map((_node, index) => `client-${index}`)].join(', '));
  },
});

/** Combinations that no single parameter's range can rule out. */
function checkCombination(params: { readonly nodes: number; readonly n: number; readonly r: number; readonly w: number; readonly partition: string; readonly 'partition-at': Micros; readonly 'heal-at': Micros }): void {
  if (params.n > params.nodes) throw new ParamError(`invalid n ${params.n}: expected at most nodes (${params.nodes})`);
  if (params.r > params.n) throw new ParamError(`invalid r ${params.r}: expected at most n (${params.n})`);
  if (params.w > params.n) throw new ParamError(`invalid w ${params.w}: expected at most n (${params.n})`);
  if (params['heal-at'] <= params['partition-at']) {
    throw new ParamError(`invalid heal-at ${formatDuration(params['heal-at'])}: expected it after partition-at (${formatDuration(params['partition-at'])})`);
  }
  if (params.partition === 'bridge' && params.nodes < 3) throw new ParamError(`invalid partition bridge with ${params.nodes} nodes: expected at least 3 nodes`);
}

/** What the checks and figures read: the clients' history, the store's counters, snapshots of its replicas. */
interface ObservedStore {
  readonly recorder: HistoryRecorder;
  readonly metrics: KvApMetrics;
  readonly snapshot: () => StoreSnapshot;
  readonly tracker: ConvergenceTracker;
}

function declareProperties(world: World, observed: ObservedStore, analysis: () => Analysis, deadlineUs: Micros, conflict: KvApOptions['conflict']): void {
  world.properties.eventually('converges after heal', deadlineUs, () => {
    // A run cut short (--until) before the deadline cannot judge it: the store was not given the time.
    if (world.simulation.now < deadlineUs) return undefined;
    const report = checkConvergence(replicaKeyStates(observed.snapshot()));
    return report.converged ? undefined : { message: describeDivergence(report), nodes: divergentNodes(report) };
  });
  world.properties.atEnd('no acknowledged write lost (version vectors and CRDTs)', () => {
    // Under last-writer-wins, appends are expected to be lost: that is the figure, not a failure.
    const lost = analysis().lost.lost.filter((entry) => conflict === 'version-vectors' || entry.operation.f !== 'append');
    return lost.length === 0 ? undefined : `${lost.length} acknowledged writes lost, first: ${lost[0]?.reason ?? ''} (line ${lost[0]?.operation.invokeLine ?? 0})`;
  });
}

function declareFigures(world: World, observed: ObservedStore, analysis: () => Analysis, linearizable: () => number | string): void {
  const { recorder, metrics, tracker } = observed;
  const operations = recorder.operations;
  world.summary('availability', () => availability(operations));
  world.summary('availability majority', () => availability(operations, 'majority'));
  world.summary('availability minority', () => availability(operations, 'minority'));
  world.summary('operations', () => operations.length);
  world.summary('latency p50 ms', () => percentileMs(successLatenciesUs(operations), 0.5));
  world.summary('latency p99 ms', () => percentileMs(successLatenciesUs(operations), 0.99));
  world.summary('stale reads', () => analysis().staleReads);
  world.summary('lost writes', () => analysis().lost.lostCount);
  world.summary('acknowledged writes', () => analysis().lost.acknowledged);
  world.summary('convergence ms', () => (tracker.convergenceUs === undefined ? -1 : tracker.convergenceUs / 1000));
  world.summary('siblings max', () => metrics.siblingsMax);
  world.summary('linearizable', linearizable);
  world.summary('hints delivered', () => metrics.hintsDelivered);
  world.summary('read repairs', () => metrics.readRepairs);
  world.summary('anti-entropy repairs', () => metrics.antiEntropyRepairs);
}

function faultsFor(plan: PartitionPlan, partitionAt: Micros, healAt: Micros, skewUs: Micros, skewedNode: NodeId): FaultEvent[] {
  const skew: FaultEvent[] = skewUs > 0 ? [{ atUs: 0, kind: 'clock-skew', node: skewedNode, offsetUs: skewUs, driftPpm: 0 }] : [];
  if (plan.spec === undefined) return skew;
  return [...skew, { atUs: partitionAt, kind: 'partition', partition: plan.spec }, { atUs: healAt, kind: 'heal' }];
}

/** Compares the replicas every SAMPLE_INTERVAL_US from `fromUs` for as long as the run lasts. */
function sampleReplicas(world: World, fromUs: Micros, tracker: ConvergenceTracker, check: () => ReturnType<typeof checkConvergence>): void {
  const sample = (atUs: Micros): void => {
    world.at(atUs, () => {
      tracker.observe(world.simulation.now, check());
      sample(atUs + SAMPLE_INTERVAL_US);
    });
  };
  sample(fromUs);
}

interface Analysis {
  readonly lost: LostWritesReport;
  readonly staleReads: number;
}

function analyse(events: readonly HistoryEvent[], snapshot: StoreSnapshot): Analysis {
  const final = finalKeyStates(snapshot);
  const tokens = finalTokens(final);
  const lost = findLostWrites(events, final);
  const stale = findStaleReads(events, (key, token) => tokens.get(String(key))?.has(token) ?? false);
  return { lost, staleReads: stale.stale.length };
}

/** `compute()`, computed again only when `version()` has changed since the last time. */
function memoizeWhileUnchanged<T>(version: () => string | number, compute: () => T): () => T {
  let cachedVersion: string | number | undefined;
  let value: T | undefined;
  return () => {
    const current = version();
    if (current !== cachedVersion) {
      value = compute();
      cachedVersion = current;
    }
    return value as T;
  };
}
