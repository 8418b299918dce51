// The ping-pong workload shared by the pingpong cases and their baseline: 100 nodes in
// pairs (0,1), (2,3), ...; the even node of each pair serves a ball that the two bounce
// back and forth over a lossy network, and a per-node tick resends the ball when a pair
// has been silent too long, so the run never dies out. Rule: every constant here is
// used by both sides, so the engine run and the bare loop simulate the same thing.
import type { LinkConfig } from '../src/net/link.ts';

export const PINGPONG_NODES = 100;
export const PINGPONG_SEED = 7;
export const TICK_US = 2_000;
/** Longer than the slowest round trip (2 x 1 ms), so only lost balls are resent. */
export const RESEND_AFTER_US = 5_000;
export const LATENCY_BASE_US = 100;
export const LATENCY_MIN_US = 0;
export const LATENCY_MAX_US = 900;
export const LOSS_PROBABILITY = 0.01;

export const PINGPONG_LINK: LinkConfig = {
  latency: { kind: 'uniform', baseUs: LATENCY_BASE_US, minUs: LATENCY_MIN_US, maxUs: LATENCY_MAX_US },
  lossProbability: LOSS_PROBABILITY,
  duplicateProbability: 0,
  ordering: 'reorder',
};

/** What both sides count; equal tallies mean both simulated the same run. */
export interface PingpongTally {
  deliveries: number;
  ticks: number;
  resends: number;
  /** Sum of every ball value received, modulo a prime. */
  ballChecksum: number;
}

export function newTally(): PingpongTally {
  return { deliveries: 0, ticks: 0, resends: 0, ballChecksum: 0 };
}

export function describeRun(timeUs: number, tally: PingpongTally): string {
  return `time ${timeUs}us deliveries ${tally.deliveries} ticks ${tally.ticks} resends ${tally.resends} checksum ${tally.ballChecksum}`;
}

export function partnerOf(node: number): number {
  return node ^ 1;
}

export function isServer(node: number): boolean {
  return node % 2 === 0;
}

export const CHECKSUM_MODULUS = 1_000_000_007;
