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
import { CONFLICT_POLICIES } from '../src/protocols/kv-ap/kv-ap-options.ts';
import { PARTITION_SHAPES } from '../src/protocols/kv-ap/partition-plan.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, ParamError } from '../src/scenario/params.ts';
import { installKvAp, ROUTINGS, VALUE_KINDS } from './support/kv-ap-install.ts';

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
    partition: param.enum({
      values: PARTITION_SHAPES,
      default: 'majority-minority',
      description: 'the partition: none, majority-minority, isolate-node, bridge, split-brain, or isolate-leader (no leader here: as isolate-node)',
    }),
    isolate: param.int({ default: -1, min: -1, max: 14, description: 'the node isolate-node and isolate-leader cut off; -1: the last node' }),
    'partition-at': param.duration({ default: ms(500), min: 0, max: seconds(60), description: 'when the partition starts' }),
    'heal-at': param.duration({ default: seconds(2), min: ms(1), max: seconds(60), description: 'when it heals; clients stop then' }),
    'cross-latency': param.duration({ default: ms(5), min: 0, max: seconds(1), description: 'extra one-way latency between the two sides (two datacenters)' }),
    loss: param.number({ default: 0, min: 0, max: 0.5, description: 'probability that the network loses a message' }),
    routing: param.enum({ values: ROUTINGS, default: 'nearest', description: 'clients call a node on their side (nearest) or any node (random)' }),
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
    // The store, its clients, checks and partition: scenarios/support/kv-ap-install.ts.
    const store = installKvAp(world, params, { partitionControl: 'own', label: '', storeDisplay: 'as-built' });
    for (const [name, compute] of store.figures) world.summary(name, compute);
    world.history(store.recorder);
    world.summary('partition', () => store.plan.description);
    world.summary('isolated node', () => store.isolatedNode);
    world.summary('node names', () => store.nodeNames.join(', '));
  },
});

/** Combinations that no single parameter's range can rule out. */
function checkCombination(params: { readonly nodes: number; readonly n: number; readonly r: number; readonly w: number; readonly partition: string; readonly isolate: number; readonly 'partition-at': Micros; readonly 'heal-at': Micros }): void {
  if (params.isolate >= params.nodes) throw new ParamError(`invalid isolate ${params.isolate}: expected -1 or a node from 0 to ${params.nodes - 1}`);
  if (params.n > params.nodes) throw new ParamError(`invalid n ${params.n}: expected at most nodes (${params.nodes})`);
  if (params.r > params.n) throw new ParamError(`invalid r ${params.r}: expected at most n (${params.n})`);
  if (params.w > params.n) throw new ParamError(`invalid w ${params.w}: expected at most n (${params.n})`);
  if (params['heal-at'] <= params['partition-at']) {
    throw new ParamError(`invalid heal-at ${formatDuration(params['heal-at'])}: expected it after partition-at (${formatDuration(params['partition-at'])})`);
  }
  if (params.partition === 'bridge' && params.nodes < 3) throw new ParamError(`invalid partition bridge with ${params.nodes} nodes: expected at least 3 nodes`);
}
