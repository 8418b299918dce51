// The token bucket: a burst up to capacity, then one call per interval, refilled from
// elapsed virtual time and never above capacity.
import { describe, expect, it } from 'vitest';
import { call, type Process } from '../../src/node/process.ts';
import { rateLimiter } from '../../src/patterns/rate-limiter.ts';
import { PatternWorld } from './pattern-world.ts';

describe('rate limiter', () => {
  it('allows a burst of capacity, then one call per token interval', () => {
    const limiter = rateLimiter({ capacity: 3, tokenIntervalUs: 100 });
    const takes = (nowUs: number, count: number): boolean[] => Array.from({ length: count }, () => limiter.tryTake(nowUs));
    expect(takes(0, 5)).toEqual([true, true, true, false, false]);
    expect(takes(99, 1)).toEqual([false]);
    expect(takes(150, 2)).toEqual([true, false]);
    expect(takes(200, 2)).toEqual([true, false]);
    // A long quiet spell refills to capacity, no further.
    expect(takes(10_000, 4)).toEqual([true, true, true, false]);
    expect(limiter.snapshot(10_000)).toEqual({ policy: 'rate-limiter', tokens: 0, capacity: 3, limited: 6 });
  });

  it('refuses calls past the limit with a rate-limited error, without calling', () => {
    const world = new PatternWorld();
    let served = 0;
    const server = world.addScriptedServer(() => {
      served++;
      return { kind: 'ok', workUs: 0 };
    });
    const client = world.addNode();
    world.start();
    const limiter = rateLimiter({ name: 'api', capacity: 2, tokenIntervalUs: 1_000 });
    const outcomes: string[] = [];
    for (let index = 0; index < 3; index++) {
      world.spawn(
        client,
        (function* (): Process<void> {
          const result = yield* limiter.execute(() => call<number>(server, index, { timeoutUs: 10_000 }));
          outcomes.push(result.kind === 'error' ? result.reason : result.kind);
        })(),
      );
    }
    world.runUntil(10_000);
    expect(outcomes).toEqual(['rate-limited', 'ok', 'ok']);
    expect(served).toBe(2);
    expect(world.eventsOf('rate-limited')).toEqual([{ kind: 'rate-limited', policy: 'api' }]);
  });
});
