// Fallback: a failed or refused call gets the cheaper answer instead; a good one passes.
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/node/call-result.ts';
import { call, type Process } from '../../src/node/process.ts';
import { circuitBreaker } from '../../src/patterns/circuit-breaker.ts';
import { fallback } from '../../src/patterns/fallback.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld } from './pattern-world.ts';

describe('fallback', () => {
  it('answers from the cache when the call fails and when the breaker refuses it, and passes good replies through', () => {
    const world = new PatternWorld();
    const server = world.addScriptedServer((index) => (index === 0 ? { kind: 'ok', workUs: 0 } : { kind: 'error', workUs: 0 }));
    const client = world.addNode();
    world.start();
    const breaker = circuitBreaker({ trip: { kind: 'consecutive-failures', failures: 1 }, openDuration: { kind: 'fixed', durationUs: 1_000_000 }, halfOpenProbes: 1 });
    const cached = fallback<number | string>({ name: 'price-cache', answer: () => ok('cached price') });
    const policy = wrap(cached, breaker);
    const replies: unknown[] = [];
    world.spawn(
      client,
      (function* (): Process<void> {
        for (let index = 0; index < 3; index++) {
          const result = yield* policy.execute(() => call<number>(server, index, { timeoutUs: 10_000 }));
          replies.push(result.kind === 'ok' ? result.reply : result.kind);
        }
      })(),
    );
    world.runUntil(100_000);
    expect(replies).toEqual([0, 'cached price', 'cached price']);
    expect(world.eventsOf('fallback-used')).toEqual([
      { kind: 'fallback-used', policy: 'price-cache', outcome: 'error:remote' },
      { kind: 'fallback-used', policy: 'price-cache', outcome: 'error:circuit-open' },
    ]);
    expect(cached.snapshot()).toEqual({ policy: 'price-cache', used: 2 });
  });

  it('leaves failures it is not told to replace alone', () => {
    const world = new PatternWorld();
    const server = world.addScriptedServer(() => ({ kind: 'error', workUs: 0 }));
    const client = world.addNode();
    world.start();
    const onlyTimeouts = fallback<number>({ answer: () => ok(-1), shouldReplace: (failure) => failure.kind === 'timeout' });
    const outcomes: string[] = [];
    world.spawn(
      client,
      (function* (): Process<void> {
        outcomes.push((yield* onlyTimeouts.execute(() => call<number>(server, 0, { timeoutUs: 10_000 }))).kind);
      })(),
    );
    world.runUntil(100_000);
    expect(outcomes).toEqual(['error']);
  });
});
