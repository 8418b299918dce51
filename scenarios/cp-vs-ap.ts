// cp-vs-ap: the CP store (kv-cp, on Raft) and the AP store (kv-ap, Dynamo-style) side by
// side in one world, cut by the same partition at the same moment, healed together.
//
// For a learner: this is the CAP theorem as you watch it. While the network is split,
// a store must either refuse to answer on the side that cannot reach a majority
// (consistent: CP) or answer there from what it has (available: AP). The CP store's
// minority-side clients get errors and timeouts, never old data, and every history is
// linearizable; the AP store answers everyone, so its two sides drift apart: reads
// miss writes made on the other side (stale reads), and when the partition heals,
// last-writer-wins throws away the losing side's writes (lost writes). Both then heal:
// the CP minority catches up from the leader's log, the AP replicas exchange what they
// missed until they agree (convergence). Every `cp …` figure sits beside its `ap …`
// twin, measured the same way.
import { formatDuration, ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultEvent } from '../src/faults/fault-event.ts';
import { applyFault } from '../src/faults/fault-schedule.ts';
import type { NodeId, PartitionSpec } from '../src/net/partition.ts';
import { CONFLICT_POLICIES } from '../src/protocols/kv-ap/kv-ap-options.ts';
import type { PartitionPlan } from '../src/protocols/kv-ap/partition-plan.ts';
import { RAFT_LIMITS } from '../src/protocols/raft/raft-options.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, ParamError } from '../src/scenario/params.ts';
import type { SummaryValue, World } from '../src/scenario/world.ts';
import { installKvAp, type InstalledKvAp } from './support/kv-ap-install.ts';
import { installKvCp, ISOLATE_CHOSEN_BY_SCENARIO, type InstalledKvCp } from './support/kv-cp-install.ts';
import type { StoreFigure } from './support/store-checking.ts';
import { nodeRange } from './support/node-range.ts';

/**
 * The shapes both stores take at once. isolate-node: each store's last node alone with
 * half its clients; isolate-leader: the CP store's leader when the partition starts, and
 * the AP store's last node (it has no leader), as kv-ap does.
 */
const SHARED_SHAPES = ['majority-minority', 'split-brain', 'bridge', 'isolate-node', 'isolate-leader', 'none'] as const;
/** Replicas per key of the AP store (Dynamo's N); at most `nodes`, which is at least 3. */
const AP_REPLICAS = 3;
/** Availability figures are rounded to this many decimals, so that they fit a terminal row. */
const AVAILABILITY_DECIMALS = 3;
/**
 * The figures shown side by side, `cp` then `ap`, in the order a reader should meet them:
 * the terminal UI shows the first rows that fit (eight at 80x24).
 */
const PAIRED_FIGURES = [
  'availability minority',
  'stale reads',
  'lost writes',
  'convergence ms',
  'linearizable',
  'availability majority',
  'latency p50 ms',
  'latency p99 ms',
  'operations',
] as const;

/** What the two stores share and what each store keeps at its default (kv-cp's and kv-ap's). */
const FIXED = {
  crossLatencyUs: ms(5),
  clientTimeoutUs: ms(500),
  attemptTimeoutUs: ms(100),
  convergenceBoundUs: seconds(1),
  maxOperations: 2000,
} as const;

export default defineScenario({
  name: 'cp-vs-ap',
  summary: 'the CP store (Raft) and the AP store (Dynamo-style) through the same partition: the minority stops on one, drifts on the other',
  description: [
    'Two stores in one world: kv-cp (a linearizable store on a Raft cluster) on the first',
    'node ids, kv-ap (Dynamo-style: N=3 replicas per key, reads wait for ap-r, writes for',
    'ap-w, sloppy quorum with hinted handoff) on the next. Each has `nodes` nodes and',
    '`clients` clients that append unique tokens to `keys` keys and read them back. One',
    'partition (from partition-at to heal-at) cuts both stores the same way: the majority',
    'side of one with the majority side of the other (majority-minority), no majority on',
    'either side (split-brain), two sides joined by one node (bridge), or one node alone',
    '(isolate-node). Clients stop at the heal. Expect cp availability minority near 0',
    'and cp linearizable 1, while ap answers on both sides (availability near 1), reads',
    'stale data, loses writes under ap-conflict=lww, is not linearizable, and converges',
    'after the heal. Checks: the CP side must be linearizable, lose no acknowledged write,',
    'serve the probe and converge after the heal; the AP side must converge (its lost',
    'writes and stale reads are figures, as in kv-ap). Figures: `cp …` and `ap …`, as',
    'kv-cp and kv-ap define them. In the terminal UI an AP store node shows data=, a digest',
    'of what it holds as a replica: the two sides differ during the partition and agree',
    'again once converged (with nodes > 3 each node holds other keys). Try ap-r=3 ap-w=3:',
    'the AP store then stops on the minority side too.',
  ].join('\n'),
  durationUs: seconds(4),
  params: {
    nodes: param.int({ default: 3, min: RAFT_LIMITS.minServers, max: RAFT_LIMITS.maxServers, description: 'nodes of each store' }),
    clients: param.int({ default: 2, min: 1, max: 10, description: 'clients of each store, alternating between the two sides' }),
    keys: param.int({ default: 4, min: 1, max: 100, description: 'keys the clients pick from' }),
    'write-ratio': param.number({ default: 0.5, min: 0, max: 1, description: 'share of operations that write (append)' }),
    interval: param.duration({ default: ms(20), min: ms(1), max: seconds(10), description: 'mean pause between one client’s operations' }),
    partition: param.enum({
      values: SHARED_SHAPES,
      default: 'majority-minority',
      description: 'the partition of both stores: majority-minority, split-brain, bridge, isolate-node, isolate-leader (the CP leader; the last AP node) or none',
    }),
    'partition-at': param.duration({ default: ms(500), min: 0, max: seconds(60), description: 'when the partition starts' }),
    'heal-at': param.duration({ default: seconds(2), min: ms(1), max: seconds(60), description: 'when it heals; clients stop then' }),
    'ap-conflict': param.enum({ values: CONFLICT_POLICIES, default: 'lww', description: 'the AP store’s conflict policy: lww (hybrid-logical-clock stamps) or version-vectors (siblings)' }),
    'ap-r': param.int({ default: 1, min: 1, max: AP_REPLICAS, description: 'replicas an AP read waits for (of N=3)' }),
    'ap-w': param.int({ default: 1, min: 1, max: AP_REPLICAS, description: 'replicas an AP write waits for (of N=3)' }),
  },
  setup(world, params) {
    if (params['heal-at'] <= params['partition-at']) {
      throw new ParamError(`invalid heal-at ${formatDuration(params['heal-at'])}: expected it after partition-at (${formatDuration(params['partition-at'])})`);
    }
    const shared = {
      nodes: params.nodes,
      clients: params.clients,
      keys: params.keys,
      'write-ratio': params['write-ratio'],
      interval: params.interval,
      partition: params.partition,
      isolate: ISOLATE_CHOSEN_BY_SCENARIO,
      'partition-at': params['partition-at'],
      'heal-at': params['heal-at'],
      'cross-latency': FIXED.crossLatencyUs,
      loss: 0,
      'client-timeout': FIXED.clientTimeoutUs,
      'convergence-bound': FIXED.convergenceBoundUs,
      'max-operations': FIXED.maxOperations,
    };
    const cp = installKvCp(world, { ...shared, 'cas-share': 0, read: 'log', 'attempt-timeout': FIXED.attemptTimeoutUs, bug: 'none' }, { partitionControl: 'shared', label: 'cp ' });
    const apFirstNode = world.cluster.size;
    const ap = installKvAp(
      world,
      {
        ...shared,
        n: AP_REPLICAS,
        r: params['ap-r'],
        w: params['ap-w'],
        conflict: params['ap-conflict'],
        values: 'register',
        routing: 'nearest',
        skew: 0,
        'hinted-handoff': true,
        'read-repair': true,
        'anti-entropy': true,
      },
      { partitionControl: 'shared', label: 'ap ', storeDisplay: 'data-digest' },
    );
    // Each store's messages draw loss and latency from a stream of their own, so that changing one store's parameters never moves the other's figures.
    world.network.separateRandomness('cp', nodeRange(0, apFirstNode));
    world.network.separateRandomness('ap', nodeRange(apFirstNode, world.cluster.size));
    schedulePartition(world, cp, ap, params.partition === 'isolate-leader', params['partition-at'], params['heal-at']);
    declareFigures(world, cp, ap);
  },
});

/**
 * One partition for both stores: each group (or side) of the CP plan with the same group
 * of the AP plan. For isolate-leader the CP store's leader is known only when the
 * partition starts, so that partition is applied then (and the schedule lists the heal).
 */
function schedulePartition(world: World, cp: InstalledKvCp, ap: InstalledKvAp, isolatesLeader: boolean, partitionAt: Micros, healAt: Micros): void {
  const heal: FaultEvent = { atUs: healAt, kind: 'heal' };
  if (!isolatesLeader) {
    const spec = combinedSpec(cp.plan, ap.plan, cp.probeNode);
    world.faults = spec === undefined ? [] : [{ atUs: partitionAt, kind: 'partition', partition: spec }, heal];
    return;
  }
  world.faults = [heal];
  world.at(partitionAt, () => {
    cp.isolateLeaderNow((chosen) => {
      const spec = combinedSpec(chosen, ap.plan, cp.probeNode) as PartitionSpec;
      applyFault(world.cluster, { atUs: partitionAt, kind: 'partition', partition: spec });
    });
  });
}

/**
 * The union of the two plans' partitions. The probe (idle until the heal) goes with the
 * first group, so that it does not show as a side of its own. With bridge, the CP
 * store's middle node is the bridge; the AP store's, listed nowhere, reaches both sides
 * as a bridge does.
 */
function combinedSpec(cp: PartitionPlan, ap: PartitionPlan, probe: NodeId): PartitionSpec | undefined {
  if (cp.spec === undefined || ap.spec === undefined) return undefined;
  if (cp.spec.kind === 'split' && ap.spec.kind === 'split') {
    const apGroups = ap.spec.groups;
    if (cp.spec.groups.length !== apGroups.length) throw new RangeError(`cp-vs-ap: the two plans cut into ${cp.spec.groups.length} and ${apGroups.length} groups`);
    return { kind: 'split', groups: cp.spec.groups.map((group, index) => [...group, ...(index === 0 ? [probe] : []), ...(apGroups[index] as NodeId[])]) };
  }
  if (cp.spec.kind === 'bridge' && ap.spec.kind === 'bridge') {
    return { kind: 'bridge', left: [...cp.spec.left, probe, ...ap.spec.left], right: [...cp.spec.right, ...ap.spec.right], bridge: cp.spec.bridge };
  }
  throw new RangeError(`cp-vs-ap: cannot combine a ${cp.spec.kind} partition with a ${ap.spec.kind} one`);
}

function declareFigures(world: World, cp: InstalledKvCp, ap: InstalledKvAp): void {
  const figureOf = (figures: readonly StoreFigure[], name: string): (() => SummaryValue) => {
    const found = figures.find(([figure]) => figure === name);
    if (found === undefined) throw new Error(`cp-vs-ap: no figure ${name}`);
    const compute = found[1];
    return name.startsWith('availability') ? () => roundedAvailability(compute()) : compute;
  };
  for (const name of PAIRED_FIGURES) {
    world.summary(`cp ${name}`, figureOf(cp.figures, name));
    world.summary(`ap ${name}`, figureOf(ap.figures, name));
  }
  world.table('CP and AP, side by side', ['cp', 'ap'], PAIRED_FIGURES.map((name) => [name, [`cp ${name}`, `ap ${name}`]]));
  world.summary('cp highest term', figureOf(cp.figures, 'highest term'));
  world.summary('partition', () => `cp ${cp.partition.description}; ap ${ap.plan.description}`);
  world.summary('node names', () => [...cp.nodeNames.map((name) => `cp ${name}`), ...ap.nodeNames.map((name) => `ap ${name}`)].join(', '));
}

function roundedAvailability(value: SummaryValue): SummaryValue {
  if (typeof value !== 'number') return value;
  const scale = 10 ** AVAILABILITY_DECIMALS;
  return Math.round(value * scale) / scale;
}
