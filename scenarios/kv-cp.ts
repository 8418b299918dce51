// kv-cp: a linearizable key-value store on Raft through a partition that heals.
//
// For a learner: a CP store keeps one copy of the truth. Every command (a get too, unless
// the leader holds a lease) goes into the Raft log, and only a majority can commit it;
// the leader answers once it is applied. When the network splits, the side with a
// majority elects a leader (or keeps its own) and goes on; the minority side cannot
// commit anything, so its clients get "not leader" or no answer at all: errors and
// timeouts, never old data. That is what CP buys: every history is linearizable, no
// acknowledged write is ever lost; and what it costs: the minority side is unavailable,
// and every operation waits for a round to a majority. Run it beside kv-ap with the same
// parameters to see the two answers to the same partition, figure by figure.
import { formatDuration, ms, seconds, type Micros } from '../src/engine/time.ts';
import { PARTITION_SHAPES } from '../src/protocols/kv-ap/partition-plan.ts';
import { KV_CP_BUGS, READ_MODES } from '../src/protocols/kv-cp/kv-cp-options.ts';
import { RAFT_LIMITS } from '../src/protocols/raft/raft-options.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, ParamError } from '../src/scenario/params.ts';
import { installKvCp, ISOLATE_CHOSEN_BY_SCENARIO } from './support/kv-cp-install.ts';

export default defineScenario({
  name: 'kv-cp',
  summary: 'a linearizable key-value store on Raft through a partition: the minority side stops, nothing stale, nothing lost',
  description: [
    'A key-value store on a Raft cluster of `nodes` nodes: get, put, append and compare-and-set',
    'on string values (a key never written reads as ""). Clients on both sides of a partition',
    '(from partition-at to heal-at) append unique tokens to register keys and read them back,',
    'and with cas-share > 0 also read, write and compare-and-set small integers on cas keys.',
    'A client sends each command to the node it believes leads, follows "not leader" hints,',
    'and retries an unanswered attempt at the next node with the same request id (the state',
    'machine applies it once); after client-timeout it records fail (every attempt refused)',
    'or info (outcome unknown). With read=log a get goes through the log; with read=lease',
    'a leader holding a lease answers it alone. Clients stop at the heal; a probe then puts',
    'a value and must be answered within convergence-bound (liveness), and every node must',
    'have applied the same state (convergence ms). The partition shapes and the figures are',
    'kv-ap\'s: availability per side, latency p50/p99, stale reads, lost writes, convergence,',
    'and linearizable (1/0, unknown when the checker reaches its limit). isolate-leader cuts',
    'off whichever node leads when the partition starts. bug=stale-local-read lets every node',
    'answer gets from its own state: the checker then finds the history not linearizable.',
  ].join('\n'),
  durationUs: seconds(4),
  params: {
    nodes: param.int({ default: 5, min: RAFT_LIMITS.minServers, max: RAFT_LIMITS.maxServers, description: 'Raft nodes holding the store' }),
    clients: param.int({ default: 4, min: 1, max: 50, description: 'clients, alternating between the two sides' }),
    keys: param.int({ default: 4, min: 1, max: 100, description: 'register keys (k0..) and cas keys (c0..) the clients pick from' }),
    'write-ratio': param.number({ default: 0.5, min: 0, max: 1, description: 'share of operations that write (append; write or cas on cas keys)' }),
    'cas-share': param.number({ default: 0, min: 0, max: 1, description: 'share of operations on cas keys (read, write, compare-and-set) instead of registers' }),
    interval: param.duration({ default: ms(20), min: ms(1), max: seconds(10), description: 'mean pause between one client’s operations' }),
    partition: param.enum({ values: PARTITION_SHAPES, default: 'majority-minority', description: 'the partition: none, majority-minority, isolate-node, bridge, split-brain or isolate-leader' }),
    isolate: param.int({
      default: ISOLATE_CHOSEN_BY_SCENARIO,
      min: ISOLATE_CHOSEN_BY_SCENARIO,
      max: RAFT_LIMITS.maxServers - 1,
      description: 'the node isolate-node and isolate-leader cut off; -1: the leader when the partition starts (isolate-leader), the last node (isolate-node)',
    }),
    'partition-at': param.duration({ default: ms(500), min: 0, max: seconds(60), description: 'when the partition starts' }),
    'heal-at': param.duration({ default: seconds(2), min: ms(1), max: seconds(60), description: 'when it heals; clients stop then' }),
    'cross-latency': param.duration({ default: ms(5), min: 0, max: seconds(1), description: 'extra one-way latency between the two sides (two datacenters)' }),
    loss: param.number({ default: 0, min: 0, max: 0.5, description: 'probability that the network loses a message' }),
    read: param.enum({ values: READ_MODES, default: 'log', description: 'gets go through the log (log) or a leader with a lease answers them alone (lease)' }),
    'client-timeout': param.duration({ default: ms(500), min: ms(1), max: seconds(10), description: 'how long a client tries one operation, all attempts together' }),
    'attempt-timeout': param.duration({ default: ms(100), min: ms(1), max: seconds(10), description: 'how long one attempt waits before the client tries the next node' }),
    'convergence-bound': param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'after the heal, the probe must be answered and the nodes agree within this' }),
    'max-operations': param.int({ default: 2000, min: 1, max: 20_000, description: 'operations the history holds at most (bounds the checkers)' }),
    bug: param.enum({
      values: KV_CP_BUGS,
      default: 'none',
      description:
        'a deliberate mistake: stale-local-read (any node answers gets alone), read-without-lease (a leader answers gets alone), no-dedupe (a retried command takes effect again)',
    }),
  },
  setup(world, params) {
    checkCombination(params);
    // The store, its clients, probe, checks and partition: scenarios/support/kv-cp-install.ts.
    const store = installKvCp(world, params, { partitionControl: 'own', label: '' });
    world.history(store.recorder);
    for (const [name, compute] of store.figures) world.summary(name, compute);
    world.summary('partition', () => store.partition.description);
    world.summary('isolated node', () => store.partition.isolatedNode);
    world.summary('node names', () => store.nodeNames.join(', '));
  },
});

/** Combinations that no single parameter's range can rule out. */
function checkCombination(params: { readonly nodes: number; readonly isolate: number; readonly partition: string; readonly 'partition-at': Micros; readonly 'heal-at': Micros }): void {
  if (params['heal-at'] <= params['partition-at']) {
    throw new ParamError(`invalid heal-at ${formatDuration(params['heal-at'])}: expected it after partition-at (${formatDuration(params['partition-at'])})`);
  }
  if (params.isolate >= params.nodes) throw new ParamError(`invalid isolate ${params.isolate}: expected -1 or a node from 0 to ${params.nodes - 1}`);
  // Raft names a client by its node id (at most RAFT_LIMITS.maxClientNodeId): with at most
  // 9 nodes and 50 clients, the probe (the last node) is node 59 at most.
}
