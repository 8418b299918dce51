// How one directed link behaves: latency, loss, duplication, ordering.
// Rule: every field has a documented default, and validation names the bad value.
import { validateLatency, type LatencyDistribution } from './latency.ts';

/** 'fifo': messages on the link arrive in send order (TCP-like); 'reorder': independent delays. */
export type LinkOrdering = 'fifo' | 'reorder';

export interface LinkConfig {
  readonly latency: LatencyDistribution;
  /** Probability that a message is lost, 0..1. */
  readonly lossProbability: number;
  /** Probability that a message is delivered twice, 0..1. */
  readonly duplicateProbability: number;
  readonly ordering: LinkOrdering;
}

/** A LAN-like default: 0.1 ms to 1 ms, nothing lost or duplicated, reordering allowed. */
export const DEFAULT_LINK: LinkConfig = {
  latency: { kind: 'uniform', baseUs: 100, minUs: 0, maxUs: 900 },
  lossProbability: 0,
  duplicateProbability: 0,
  ordering: 'reorder',
};

export function validateLink(link: LinkConfig, where: string): void {
  validateLatency(link.latency, where);
  for (const key of ['lossProbability', 'duplicateProbability'] as const) {
    const value = link[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RangeError(`${where}: invalid ${key} ${String(value)}: expected a probability from 0 to 1`);
    }
  }
  if (link.ordering !== 'fifo' && link.ordering !== 'reorder') {
    throw new RangeError(`${where}: invalid ordering ${JSON.stringify(link.ordering)}: expected "fifo" or "reorder"`);
  }
}
