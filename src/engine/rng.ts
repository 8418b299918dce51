// Seeded randomness. The root seed forks independent named streams ("network",
// "faults", "workload", "node:3"), so adding a client never changes how the network
// behaves. Rule: this is the only module that imports seedrandom; every stream uses
// the named `alea` algorithm (fast, 32-bit output) seeded with a string, never autoseeded.
import seedrandom from 'seedrandom';

/** Root seeds are non-negative safe integers, printed first and replayed exactly. */
export type Seed = number;

export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export function assertValidSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`invalid seed ${String(seed)}: expected an integer from 0 to ${MAX_SEED}`);
  }
}

/** One deterministic stream of numbers with the helpers simulation code needs. */
export class Random {
  private readonly nextUnit: () => number;

  constructor(seedText: string) {
    this.nextUnit = seedrandom.alea(seedText);
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUnit();
  }

  /** True with the given probability (0 never, 1 always). */
  chance(probability: number): boolean {
    return this.nextUnit() < probability;
  }

  /** An integer in [min, max], both included. */
  intInclusive(min: number, max: number): number {
    return min + Math.floor(this.nextUnit() * (max - min + 1));
  }

  /** An integer in [0, count). */
  below(count: number): number {
    return Math.floor(this.nextUnit() * count);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.below(items.length)] as T;
  }

  /** Fisher-Yates shuffle into a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const result = items.slice();
    for (let index = result.length - 1; index > 0; index--) {
      const other = this.below(index + 1);
      const held = result[index] as T;
      result[index] = result[other] as T;
      result[other] = held;
    }
    return result;
  }
}

/** Forks named streams from one root seed. Streams are created on first use. */
export class RandomStreams {
  private readonly streams = new Map<string, Random>();

  constructor(readonly seed: Seed) {
    assertValidSeed(seed);
  }

  stream(name: string): Random {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new Random(`${this.seed}/${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
