// Shards split one sweep across machines: shard `k/n` (1-based) takes every n-th seed,
// starting at the k-th. Rule: shards 1/n..n/n partition the seeds exactly, so any batch
// system that runs indexed jobs can fan a sweep out and concatenate the results files.
import { MAX_SWEEP_SEEDS } from './seed-range.ts';

export interface Shard {
  /** 1-based: 1 <= index <= count. */
  readonly index: number;
  readonly count: number;
}

/** The most shards one sweep may be split into. */
export const MAX_SHARDS = MAX_SWEEP_SEEDS;

export const WHOLE_SWEEP: Shard = { index: 1, count: 1 };

const SHARD_PATTERN = /^(\d+)\/(\d+)$/;

/** Parses `k/n`; throws a one-line RangeError naming the text and the accepted form. */
export function parseShard(text: string): Shard {
  const match = SHARD_PATTERN.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(index >= 1 && index <= count && count <= MAX_SHARDS)) {
    throw new RangeError(`invalid shard ${JSON.stringify(text)}: expected k/n with integers 1 <= k <= n <= ${MAX_SHARDS} (for example 2/4)`);
  }
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
