// broadcast: a gossip broadcast in the style of Maelstrom's broadcast workload.
// Clients hand values to random nodes; every node must end up with every value,
// despite lost messages, partitions, crashes and pauses.
//
// For a learner: sending each value once to every neighbour ("eager push") is fast
// but fragile: one lost message or one partition and a node never hears the value.
// The fix is to remember what each neighbour has acknowledged and to keep re-sending
// the rest on a timer. Run it with `--set retransmit=false` to see the fragile version
// fail, and read the violation: it names the node and the values it never saw.
import { ms, seconds } from '../src/engine/time.ts';
import { generateNemesisSchedule } from '../src/faults/nemesis.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import { assertNever } from '../src/engine/assert-never.ts';
import type { Cluster } from '../src/node/cluster.ts';
import type { NodeBehavior, NodeContext, NodeId } from '../src/node/node-api.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';
import type { Random } from '../src/engine/rng.ts';

type BroadcastMessage =
  | { readonly type: 'broadcast'; readonly value: number }
  | { readonly type: 'gossip'; readonly values: readonly number[] }
  | { readonly type: 'ack'; readonly values: readonly number[] };

type Topology = 'mesh' | 'ring' | 'tree';
type Context = NodeContext<BroadcastMessage, 'gossip'>;

export interface BroadcastSnapshot {
  readonly seen: readonly number[];
}

/** Neighbours of a node; ids are dense 0..nodeCount-1. */
export function neighboursOf(node: NodeId, nodeCount: number, topology: Topology): NodeId[] {
  if (nodeCount === 1) return [];
  switch (topology) {
    case 'mesh':
      return Array.from({ length: nodeCount - 1 }, (_, index) => (index < node ? index : index + 1));
    case 'ring':
      return nodeCount === 2 ? [1 - node] : [(node + nodeCount - 1) % nodeCount, (node + 1) % nodeCount];
    case 'tree': {
      // Built at its final length: pushing onto a short array would over-allocate its
      // backing store, and a million nodes each keep this list.
      const parent = node === 0 ? [] : [Math.floor((node - 1) / 2)];
      const children = [2 * node + 1, 2 * node + 2].filter((child) => child < nodeCount);
      return parent.concat(children);
    }
  }
}

interface GossipOptions {
  readonly topology: Topology;
  readonly gossipIntervalUs: number;
  readonly retransmit: boolean;
}

/**
 * One gossiping node. A class, not a closure per handler: a run may hold a million of
 * them, so an idle node is a few fields (about 330 bytes with its runtime and timer),
 * and its two sets are made when first needed: a node that has seen nothing, or heard
 * no acknowledgement, holds no set.
 */
class GossipNode implements NodeBehavior<BroadcastMessage, 'gossip'> {
  /** The values this node has seen, in the order it learned them; undefined while none. */
  private seen: Set<number> | undefined;
  private neighbours: readonly NodeId[] = [];
  /**
   * What the neighbours have acknowledged: value v from the neighbour at position p in
   * `neighbours` is the number v * neighbours.length + p. One set for all of them, made
   * at the first acknowledgement.
   */
  private acknowledged: Set<number> | undefined;

  constructor(
    private readonly id: NodeId,
    private readonly options: GossipOptions,
  ) {}

  /** A first boot: nothing can be on disk yet, so storage is not touched (or created). */
  onStart(context: Context): void {
    this.boot(context, undefined);
  }

  onRecover(context: Context): void {
    this.boot(context, context.storage.list<number>('seen'));
  }

  onMessage(context: Context, from: NodeId, message: BroadcastMessage): void {
    switch (message.type) {
      case 'broadcast':
        this.push(context, this.learn(context, [message.value]), -1);
        return;
      case 'gossip': {
        const fresh = this.learn(context, message.values);
        this.recordAcknowledged(from, message.values);
        context.send(from, { type: 'ack', values: message.values });
        if (fresh.length > 0) this.push(context, fresh, from);
        return;
      }
      case 'ack':
        this.recordAcknowledged(from, message.values);
        return;
      default:
        assertNever(message);
    }
  }

  onTimer(context: Context): void {
    const neighbours = this.neighbours;
    for (let index = 0; index < neighbours.length; index++) {
      const missing = this.missingFor(index);
      if (missing !== undefined) context.send(neighbours[index] as NodeId, { type: 'gossip', values: missing });
    }
    context.setTimer(this.options.gossipIntervalUs, 'gossip');
  }

  inspect(): BroadcastSnapshot {
    return { seen: this.seen === undefined ? [] : [...this.seen].sort((a, b) => a - b) };
  }

  private boot(context: Context, stored: readonly number[] | undefined): void {
    this.seen = stored === undefined || stored.length === 0 ? undefined : new Set(stored);
    this.neighbours = neighboursOf(this.id, context.nodeCount, this.options.topology);
    this.acknowledged = undefined;
    if (this.options.retransmit) context.setTimer(this.options.gossipIntervalUs, 'gossip');
  }

  /**
   * Records new values durably; returns the ones that were new. The durable list holds
   * the seen values in the order they were learned; each write appends only the new ones.
   */
  private learn(context: Context, values: readonly number[]): number[] {
    const seen = (this.seen ??= new Set());
    const fresh = values.filter((value) => !seen.has(value));
    for (const value of fresh) {
      seen.add(value);
      context.storage.appendToList('seen', value);
    }
    return fresh;
  }

  private push(context: Context, values: readonly number[], except: NodeId): void {
    for (const neighbour of this.neighbours) if (neighbour !== except) context.send(neighbour, { type: 'gossip', values });
  }

  /** Acknowledgements from a node that is not a neighbour are ignored. */
  private recordAcknowledged(from: NodeId, values: readonly number[]): void {
    const position = this.positionOf(from);
    if (position < 0) return;
    const acknowledged = (this.acknowledged ??= new Set());
    const stride = this.neighbours.length;
    for (const value of values) acknowledged.add(value * stride + position);
  }

  /** Where `node` sits in `neighbours`, or -1; O(1) for a mesh, whose list is every other node. */
  private positionOf(node: NodeId): number {
    if (this.options.topology !== 'mesh') return this.neighbours.indexOf(node);
    if (node === this.id || !(node >= 0 && node <= this.neighbours.length)) return -1;
    return node < this.id ? node : node - 1;
  }

  /** The seen values the neighbour at `position` has not acknowledged, in the order they were learned; undefined when none. */
  private missingFor(position: number): number[] | undefined {
    if (this.seen === undefined) return undefined;
    const acknowledged = this.acknowledged;
    const stride = this.neighbours.length;
    let missing: number[] | undefined;
    for (const value of this.seen) if (acknowledged === undefined || !acknowledged.has(value * stride + position)) (missing ??= []).push(value);
    return missing;
  }
}

export default defineScenario({
  name: 'broadcast',
  summary: 'gossip broadcast: every node must see every value despite loss and partitions',
  description: [
    'Clients hand numbered values to random nodes. Each node pushes new values to its',
    'neighbours at once and, unless retransmit=false, re-sends on a timer whatever a',
    'neighbour has not acknowledged. By default the cluster is split in two halves at',
    '1s and healed at 4s; values given to one half must still reach the other.',
    'Checked at the end: every node that is up has seen every value.',
  ].join('\n'),
  durationUs: seconds(10),
  params: {
    nodes: param.int({ default: 5, min: 1, max: 1_000_000, description: 'number of nodes' }),
    values: param.int({ default: 10, min: 0, max: 100_000, description: 'values the clients broadcast (during the first half of the run)' }),
    topology: param.enum({ values: ['mesh', 'ring', 'tree'], default: 'mesh', description: 'who gossips with whom' }),
    loss: param.number({ default: 0.05, min: 0, max: 1, description: 'probability a message is lost' }),
    gossipInterval: param.duration({ default: ms(100), min: ms(1), max: seconds(60), description: 'time between re-sends of unacknowledged values' }),
    retransmit: param.boolean({ default: true, description: 're-send unacknowledged values on a timer (false: eager push only)' }),
    faults: param.enum({ values: ['partition-heal', 'none', 'nemesis'], default: 'partition-heal', description: 'fault schedule: a split-and-heal, nothing, or random faults from the seed' }),
  },
  setup(world, params) {
    world.network.setDefaultLink({
      latency: { kind: 'uniform', baseUs: ms(1), minUs: 0, maxUs: ms(9) },
      lossProbability: params.loss,
      duplicateProbability: 0,
      ordering: 'reorder',
    });
    const options: GossipOptions = { topology: params.topology, gossipIntervalUs: params.gossipInterval, retransmit: params.retransmit };
    world.cluster.addNodes(params.nodes, (id) => new GossipNode(id, options));
    world.faults = faultsFor(params.faults, world.random('faults'), params.nodes, world.durationUs);
    const injected = scheduleClientValues(world, params.values);
    world.summary('values', () => injected.length);
    world.summary('nodes with every value', () => nodesMissing(world, injected).filter(([, missing]) => missing.length === 0).length);
    world.properties.atEnd('every node sees every value', () => {
      const lagging = nodesMissing(world, injected).filter(([, missing]) => missing.length > 0);
      if (lagging.length === 0) return undefined;
      const shown = lagging.slice(0, 3).map(([node, missing]) => `node ${node} has not seen value${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
      const message = `${shown.join('; ')}${lagging.length > 3 ? `; and ${lagging.length - 3} more nodes` : ''}`;
      return { message, nodes: lagging.slice(0, 3).map(([node]) => node) };
    });
  },
});

/** Clients give value i to a random up node at a random time in the first half of the run. */
function scheduleClientValues(world: World, count: number): number[] {
  const workload = world.random('workload');
  const injected: number[] = [];
  const times = Array.from({ length: count }, () => workload.below(world.durationUs / 2)).sort((a, b) => a - b);
  times.forEach((time, value) => {
    world.at(time, () => {
      const node = pickUpNode(world.cluster, workload);
      if (node === undefined) return;
      world.cluster.inject(node, { type: 'broadcast', value });
      injected.push(value);
    });
  });
  return injected;
}

/**
 * A random node that is up, or undefined when none is: the same draw as
 * `random.pick(list of up nodes in id order)`, without building that list (O(1) while
 * every node is up, one pass over the statuses otherwise).
 */
function pickUpNode(cluster: Cluster, random: Random): NodeId | undefined {
  const upCount = cluster.upCount;
  if (upCount === 0) return undefined;
  const rank = random.below(upCount);
  if (upCount === cluster.size) return rank;
  let upBefore = 0;
  for (let node = 0; node < cluster.size; node++) {
    if (cluster.status(node) !== 'up') continue;
    if (upBefore === rank) return node;
    upBefore++;
  }
  throw new Error(`broadcast: the cluster counts ${upCount} nodes up but has fewer`);
}

function nodesMissing(world: World, injected: readonly number[]): [NodeId, number[]][] {
  const result: [NodeId, number[]][] = [];
  for (let node = 0; node < world.cluster.size; node++) {
    const snapshot = world.cluster.inspect(node) as BroadcastSnapshot | undefined;
    if (snapshot === undefined) continue; // down at the end: nothing to ask it
    const seen = new Set(snapshot.seen);
    result.push([node, injected.filter((value) => !seen.has(value))]);
  }
  return result;
}

function faultsFor(kind: 'partition-heal' | 'none' | 'nemesis', random: Random, nodeCount: number, durationUs: number): FaultSchedule {
  if (kind === 'none' || nodeCount < 2) return [];
  if (kind === 'partition-heal') {
    const half = Math.floor(nodeCount / 2);
    const left = Array.from({ length: half }, (_, index) => index);
    const right = Array.from({ length: nodeCount - half }, (_, index) => half + index);
    return [
      { atUs: seconds(1), kind: 'partition', partition: { kind: 'split', groups: [left, right] } },
      { atUs: seconds(4), kind: 'heal' },
    ];
  }
  return generateNemesisSchedule(random, nodeCount, {
    kinds: ['partition', 'crash', 'pause', 'loss-burst', 'clock-skew'],
    startUs: 0,
    endUs: Math.floor(durationUs * 0.6),
    meanGapUs: seconds(0.5),
    meanFaultUs: seconds(0.8),
    maxFaults: 20,
  });
}
