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

/** Alea's step constants (seedrandom's lib/alea.js). */
const ALEA_MULTIPLIER = 2091639;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * One deterministic stream of numbers with the helpers simulation code needs.
 * seedrandom's alea seeds it (its state after seeding is read once); each draw then runs
 * Alea's step here, the same arithmetic on the same state, so every number is the one
 * seedrandom would give (test/engine/rng.test.ts pins the 100,000th). Why not call
 * seedrandom's generator: it is a closure per stream over an object of boxed doubles,
 * and a new closure per stream made V8 drop and redo the optimized send path when a run
 * began; this state is one typed array and next() one method (pingpong-100: ~4% faster).
 */
export class Random {
  /** Alea's state: s0, s1, s2 (fractions in [0, 1)) and the carry c. */
  private readonly state: Float64Array;

  constructor(seedText: string) {
    const seeded = seedrandom.alea(seedText, { state: true }).state();
    this.state = Float64Array.of(seeded.s0, seeded.s1, seeded.s2, seeded.c);
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    const state = this.state;
    const t = ALEA_MULTIPLIER * (state[0] as number) + (state[3] as number) * TWO_POW_MINUS_32;
    state[0] = state[1] as number;
    state[1] = state[2] as number;
    const carry = t | 0;
    const fraction = t - carry;
    state[3] = carry;
    state[2] = fraction;
    return fraction;
  }

  /** True with the given probability (0 never, 1 always). */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An integer in [min, max], both included. */
  intInclusive(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [0, count). */
  below(count: number): number {
    return Math.floor(this.next() * count);
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
