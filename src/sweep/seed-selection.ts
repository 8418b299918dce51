// The seeds one sweep (or one shard of it) runs, in seed order, addressed by position
// 0..count-1. Rule: nothing here materialises the seeds, so a ten-million-seed sweep
// costs no memory until a batch is cut from it.
import { seedCount, type SeedRange } from './seed-range.ts';
import type { Shard } from './shard.ts';

export class SeedSelection {
  /** How many seeds the selection holds. */
  readonly count: number;
  private readonly offset: number;

  constructor(
    readonly range: SeedRange,
    readonly shard: Shard,
  ) {
    this.offset = shard.index - 1;
    const span = seedCount(range);
    this.count = this.offset >= span ? 0 : Math.floor((span - 1 - this.offset) / shard.count) + 1;
  }

  seedAt(position: number): number {
    return this.range.first + this.offset + position * this.shard.count;
  }

  /** The seed's position, or undefined when the seed is not in this selection. */
  positionOf(seed: number): number | undefined {
    if (!Number.isSafeInteger(seed) || seed < this.range.first || seed > this.range.last) return undefined;
    const fromStart = seed - this.range.first - this.offset;
    if (fromStart < 0 || fromStart % this.shard.count !== 0) return undefined;
    return fromStart / this.shard.count;
  }
}
