// Seeded randomness: pinned outputs for a fixed seed, independent named streams,
// and seed validation.
import { describe, expect, it } from 'vitest';
import { assertValidSeed, Random, RandomStreams } from '../../src/engine/rng.ts';

function firstFive(random: Random): number[] {
  return Array.from({ length: 5 }, () => random.next());
}

describe('golden outputs', () => {
  // These pin the seedrandom alea algorithm and the "<seed>/<name>" seed text. If they
  // change, every recorded trace hash and replay command changes with them: only on purpose.
  it("pins the first five outputs of new Random('42/network')", () => {
    expect(firstFive(new Random('42/network'))).toEqual([
      0.6561266935896128, 0.029141037026420236, 0.7984603559598327, 0.1815234599635005, 0.5298644367139786,
    ]);
  });

  it("pins the first five outputs of RandomStreams(42).stream('workload')", () => {
    expect(firstFive(new RandomStreams(42).stream('workload'))).toEqual([
      0.016901586670428514, 0.06319526513107121, 0.016711461823433638, 0.01831624936312437, 0.6811717196833342,
    ]);
  });

  it('pins draws far into a stream (Random runs alea\'s step itself, from the state seedrandom seeds)', () => {
    const random = new Random('42/network');
    let last = 0;
    for (let draw = 0; draw < 100_000; draw++) last = random.next();
    expect(last).toBe(0.18534068716689944);
    expect([random.intInclusive(-5, 1000), random.chance(0.5), random.below(2 ** 32)]).toEqual([297, false, 3478555472]);
    const other = new Random('7/node:3');
    for (let draw = 0; draw < 100_000; draw++) last = other.next();
    expect(last).toBe(0.4461099565960467);
  });

  it('a stream is the Random seeded with "<root seed>/<name>"', () => {
    expect(firstFive(new RandomStreams(42).stream('network'))).toEqual(firstFive(new Random('42/network')));
  });
});

describe('named streams', () => {
  it('drawing from one stream does not change another', () => {
    const quiet = new RandomStreams(7);
    const busy = new RandomStreams(7);
    for (let index = 0; index < 1_000; index++) busy.stream('workload').next();
    busy.stream('node:3').below(10);
    expect(firstFive(busy.stream('network'))).toEqual(firstFive(quiet.stream('network')));
  });

  it('returns the same stream object for the same name, continuing where it left off', () => {
    const streams = new RandomStreams(7);
    const first = streams.stream('faults').next();
    const second = streams.stream('faults').next();
    expect(first).not.toBe(second);
    expect(firstFive(new Random('7/faults')).slice(0, 2)).toEqual([first, second]);
  });

  it('streams with different names, or different root seeds, give different numbers', () => {
    expect(firstFive(new RandomStreams(7).stream('a'))).not.toEqual(firstFive(new RandomStreams(7).stream('b')));
    expect(firstFive(new RandomStreams(7).stream('a'))).not.toEqual(firstFive(new RandomStreams(8).stream('a')));
  });
});

describe('seed validation', () => {
  it.each([-1, 1.5, 2 ** 53, Number.NaN, Infinity])('rejects %s', (seed) => {
    expect(() => assertValidSeed(seed)).toThrow(RangeError);
    expect(() => assertValidSeed(seed)).toThrow(`invalid seed ${String(seed)}`);
    expect(() => new RandomStreams(seed)).toThrow(RangeError);
  });

  it.each([0, 1, 42, Number.MAX_SAFE_INTEGER])('accepts %s', (seed) => {
    expect(() => assertValidSeed(seed)).not.toThrow();
  });
});

describe('pick', () => {
  it('refuses an empty list', () => {
    expect(() => new Random('x').pick([])).toThrow(RangeError);
  });
});
