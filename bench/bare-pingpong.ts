// The pingpong baseline: the same ping-pong workload as a bare event loop, with one
// heap of node starts, deliveries and ticks, the same "network" random draws (loss,
// then latency, per send), and no trace, no node layer, no partition or link lookups.
// Rule: it pushes events in exactly the order the engine schedules them, so both
// sides pop the same sequence and their tallies must match.
import { RandomStreams, type Random } from '../src/engine/rng.ts';
import { BareEventHeap } from './bare-event-heap.ts';
import type { RunResult } from './bench-case.ts';
import {
  CHECKSUM_MODULUS,
  LATENCY_BASE_US,
  LATENCY_MAX_US,
  LATENCY_MIN_US,
  LOSS_PROBABILITY,
  PINGPONG_NODES,
  PINGPONG_SEED,
  RESEND_AFTER_US,
  TICK_US,
  describeRun,
  isServer,
  newTally,
  partnerOf,
} from './pingpong-workload.ts';

/** A message in flight. */
interface Delivery {
  readonly from: number;
  readonly to: number;
  readonly ball: number;
}

export function runBarePingpong(events: number): RunResult {
  const heap = new BareEventHeap();
  const random: Random = new RandomStreams(PINGPONG_SEED).stream('network');
  const lastBall = new Float64Array(PINGPONG_NODES);
  const lastActivityUs = new Float64Array(PINGPONG_NODES);
  const tally = newTally();
  let now = 0;

  const send = (from: number, to: number, ball: number): void => {
    if (random.chance(LOSS_PROBABILITY)) return;
    const arrival = now + LATENCY_BASE_US + random.intInclusive(LATENCY_MIN_US, LATENCY_MAX_US);
    heap.push(arrival, deliver, { from, to, ball } satisfies Delivery);
  };
  const deliver = (argument: unknown): void => {
    const delivery = argument as Delivery;
    tally.deliveries++;
    tally.ballChecksum = (tally.ballChecksum + delivery.ball) % CHECKSUM_MODULUS;
    lastBall[delivery.to] = delivery.ball + 1;
    lastActivityUs[delivery.to] = now;
    send(delivery.to, delivery.from, delivery.ball + 1);
  };
  const tick = (argument: unknown): void => {
    const node = argument as number;
    tally.ticks++;
    heap.push(now + TICK_US, tick, node);
    if (isServer(node) && now - (lastActivityUs[node] as number) >= RESEND_AFTER_US) {
      tally.resends++;
      send(node, partnerOf(node), lastBall[node] as number);
      lastActivityUs[node] = now;
    }
  };
  const start = (argument: unknown): void => {
    const node = argument as number;
    heap.push(now + TICK_US, tick, node);
    if (isServer(node)) {
      send(node, partnerOf(node), 0);
      lastActivityUs[node] = now;
    }
  };

  for (let node = 0; node < PINGPONG_NODES; node++) heap.push(0, start, node);
  let processed = 0;
  while (processed < events && heap.pop()) {
    now = heap.poppedTime;
    processed++;
    (heap.poppedHandler as (argument: unknown) => void)(heap.poppedArgument);
  }
  return { events: processed, fingerprint: describeRun(now, tally) };
}
