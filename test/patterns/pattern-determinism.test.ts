// Determinism: a run with every pattern at work (jitter drawn from node streams, hedges,
// breaker trips, shedding) gives the same trace hash for the same seed, and another for
// another seed.
import { describe, expect, it } from 'vitest';
import { ok, type CallResult } from '../../src/node/call-result.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { bulkhead } from '../../src/patterns/bulkhead.ts';
import { circuitBreaker } from '../../src/patterns/circuit-breaker.ts';
import { fallback } from '../../src/patterns/fallback.ts';
import { hedge } from '../../src/patterns/hedge.ts';
import { loadShedder } from '../../src/patterns/load-shedder.ts';
import { retry } from '../../src/patterns/retry.ts';
import { retryBudget } from '../../src/patterns/retry-budget.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld } from './pattern-world.ts';

function traceHash(seed: number): { digest: string; patternEvents: number } {
  const world = new PatternWorld(seed, { latency: { kind: 'uniform', baseUs: 50, minUs: 0, maxUs: 800 }, lossProbability: 0.1, duplicateProbability: 0.1, ordering: 'reorder' });
  const server = world.addServer<number, number>(() => {
    const shedder = loadShedder({ maxConcurrent: 2, maxQueued: 4, targetWaitUs: 1_000 });
    return function* (request): Process<CallResult<number>> {
      return yield* shedder.execute(function* () {
        yield* sleep(request % 3 === 0 ? 2_000 : 300);
        return ok(request);
      }, { attempt: 1, priority: request % 5 === 0 ? 'critical' : 'normal' });
    };
  });
  const client = world.addNode();
  world.start();
  const policy = wrap(
    fallback<number>({ answer: () => ok(-1) }),
    retry({ maxAttempts: 4, backoff: { initialDelayUs: 100, maxDelayUs: 2_000, multiplier: 2, jitter: 'decorrelated' }, budget: retryBudget({ ratio: 0.2, windowUs: 10_000, minRetriesPerWindow: 2 }) }),
    circuitBreaker({ trip: { kind: 'failure-rate', threshold: 0.5, windowSize: 10, minimumVolume: 5 }, openDuration: { kind: 'adaptive', initialUs: 2_000, maxUs: 20_000, multiplier: 2, driver: 'success-rate' }, halfOpenProbes: 2 }),
    bulkhead({ maxConcurrent: 3, maxQueued: 3 }),
    timeout({ durationUs: 1_500 }),
    hedge({ delayUs: 400, maxHedges: 1 }),
  );
  for (let index = 0; index < 60; index++) {
    world.spawnAt(index * 200, client, () => policy.execute(() => call<number>(server, index, { timeoutUs: 5_000 })));
  }
  world.runUntil(200_000);
  return { digest: world.simulation.trace.digest(), patternEvents: world.events.length };
}

describe('patterns and determinism', () => {
  it('gives the same trace hash for the same seed, and another for another seed', () => {
    const first = traceHash(11);
    expect(first.patternEvents).toBeGreaterThan(20);
    expect(traceHash(11)).toEqual(first);
    expect(traceHash(12).digest).not.toBe(first.digest);
  });
});
