// raft-flapping: one server's link goes down and up, again and again.
//
// For a learner: a flapping link is worse than a dead one. While a server is cut off it
// hears no leader, times out, and moves to a higher term; each time the link comes back,
// that higher term reaches the others and forces the leader to step down, so the cluster
// spends its time electing leaders. Pre-vote stops this: a server first asks whether it
// could win, and servers that still hear their leader say no. Compare the "leaders
// elected" figure with and without --set preVote=true. With flap=one-way-in the server
// hears nobody but can still be heard (the textbook disruptive server); with
// flap=one-way-out it hears everyone but cannot answer (a leader cut this way is
// replaced, and finds out only from the new leader's messages).
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultEvent } from '../src/faults/fault-event.ts';
import type { NodeId, PartitionSpec } from '../src/net/partition.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import { buildRaftCluster, declareRaftChecks, declareRaftSummaries, RAFT_CLUSTER_PARAMS } from './raft-cluster.ts';

const FLAPS = ['isolate', 'one-way-in', 'one-way-out'] as const;
type Flap = (typeof FLAPS)[number];
/** The link flaps from 1s until this share of the run; the rest is for recovery. */
const FLAPPING_END_SHARE = 0.6;
const FLAPPING_START: Micros = seconds(1);

export default defineScenario({
  name: 'raft-flapping',
  summary: 'one Raft server’s link goes down and up again and again',
  description: [
    'From 1s to 6s one server (drawn from the seed) is cut off for `down`, then',
    'reconnected for `up`, over and over: cut off both ways (isolate), unable to hear',
    '(one-way-in) or unable to be heard (one-way-out). Every invariant of the raft',
    'scenario is checked after every event, and at the end a leader must serve and',
    'earlier commands must have committed. Watch "leaders elected" and "highest term",',
    'then run again with --set preVote=true (and checkQuorum=true).',
  ].join('\n'),
  durationUs: seconds(10),
  params: {
    ...RAFT_CLUSTER_PARAMS,
    flap: param.enum({ values: FLAPS, default: 'one-way-in', description: 'how the link fails: both ways, inbound only, or outbound only' }),
    down: param.duration({ default: ms(400), min: ms(1), max: seconds(60), description: 'how long the link stays down each time' }),
    up: param.duration({ default: ms(300), min: ms(1), max: seconds(60), description: 'how long the link stays up each time' }),
  },
  setup(world, params) {
    const cluster = buildRaftCluster(world, params);
    const flapping = world.random('faults').below(cluster.serverCount);
    const endUs = Math.floor(world.durationUs * FLAPPING_END_SHARE);
    world.faults = flappingSchedule(flapping, cluster.serverCount, params.flap, params.down, params.up, endUs);
    declareRaftChecks(world, cluster);
    declareRaftSummaries(world, cluster);
    world.summary('flapping node', () => flapping);
  },
});

/** Down for `downUs`, up for `upUs`, from 1s until `endUs` (the last cut heals by then). */
export function flappingSchedule(node: NodeId, serverCount: number, flap: Flap, downUs: Micros, upUs: Micros, endUs: Micros): FaultEvent[] {
  const partition = partitionFor(node, serverCount, flap);
  const schedule: FaultEvent[] = [];
  for (let atUs = FLAPPING_START; atUs + downUs <= endUs; atUs += downUs + upUs) {
    schedule.push({ atUs, kind: 'partition', partition }, { atUs: atUs + downUs, kind: 'heal' });
  }
  return schedule;
}

function partitionFor(node: NodeId, serverCount: number, flap: Flap): PartitionSpec {
  const others = Array.from({ length: serverCount }, (_, index) => index).filter((other) => other !== node);
  switch (flap) {
    case 'isolate':
      return { kind: 'isolate', node };
    case 'one-way-in':
      return { kind: 'one-way', from: others, to: [node] };
    case 'one-way-out':
      return { kind: 'one-way', from: [node], to: others };
  }
}
