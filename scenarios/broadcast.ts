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
      const neighbours = node === 0 ? [] : [Math.floor((node - 1) / 2)];
      for (const child of [2 * node + 1, 2 * node + 2]) if (child < nodeCount) neighbours.push(child);
      return neighbours;
    }
  }
}

interface GossipOptions {
  readonly topology: Topology;
  readonly gossipIntervalUs: number;
  readonly retransmit: boolean;
}

function gossipNode(id: NodeId, options: GossipOptions): NodeBehavior<BroadcastMessage, 'gossip'> {
  let seen = new Set<number>();
  let neighbours: NodeId[] = [];
  /** What each neighbour has acknowledged. */
  const acknowledged = new Map<NodeId, Set<number>>();

  const boot = (context: Context): void => {
    seen = new Set(context.storage.get<number[]>('seen') ?? []);
    neighbours = neighboursOf(id, context.nodeCount, options.topology);
    for (const neighbour of neighbours) acknowledged.set(neighbour, new Set());
    if (options.retransmit) context.setTimer(options.gossipIntervalUs, 'gossip');
  };

  /** Records new values durably; returns the ones that were new. */
  const learn = (context: Context, values: readonly number[]): number[] => {
    const fresh = values.filter((value) => !seen.has(value));
    if (fresh.length === 0) return fresh;
    for (const value of fresh) seen.add(value);
    context.storage.set('seen', [...seen]);
    return fresh;
  };

  const push = (context: Context, values: readonly number[], except: NodeId): void => {
    for (const neighbour of neighbours) if (neighbour !== except) context.send(neighbour, { type: 'gossip', values });
  };

  return {
    onStart: boot,
    onRecover: boot,
    onMessage(context, from, message) {
      switch (message.type) {
        case 'broadcast':
          push(context, learn(context, [message.value]), -1);
          return;
        case 'gossip': {
          const fresh = learn(context, message.values);
          for (const value of message.values) acknowledged.get(from)?.add(value);
          context.send(from, { type: 'ack', values: message.values });
          if (fresh.length > 0) push(context, fresh, from);
          return;
        }
        case 'ack':
          for (const value of message.values) acknowledged.get(from)?.add(value);
          return;
      }
    },
    onTimer(context) {
      for (const neighbour of neighbours) {
        const known = acknowledged.get(neighbour) as Set<number>;
        const missing = [...seen].filter((value) => !known.has(value));
        if (missing.length > 0) context.send(neighbour, { type: 'gossip', values: missing });
      }
      context.setTimer(options.gossipIntervalUs, 'gossip');
    },
    inspect: (): BroadcastSnapshot => ({ seen: [...seen].sort((a, b) => a - b) }),
  };
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
    world.cluster.addNodes(params.nodes, (id) => gossipNode(id, options));
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
      const upNodes = Array.from({ length: world.cluster.size }, (_, node) => node).filter((node) => world.cluster.status(node) === 'up');
      if (upNodes.length === 0) return;
      world.cluster.inject(workload.pick(upNodes), { type: 'broadcast', value });
      injected.push(value);
    });
  });
  return injected;
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
