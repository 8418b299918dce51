// Retry in examples: attempts happen after exactly their backoff delays, the last
// failure comes back when attempts run out, only chosen failures are retried, and a
// retry budget caps retries per window.
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/node/call-result.ts';
import { call, type Process } from '../../src/node/process.ts';
import { retry, type RetrySettings } from '../../src/patterns/retry.ts';
import { retryBudget } from '../../src/patterns/retry-budget.ts';
import { PatternWorld, type ScriptedAnswer } from './pattern-world.ts';

const NO_JITTER: RetrySettings = { maxAttempts: 4, backoff: { initialDelayUs: 100, maxDelayUs: 1_000, multiplier: 2, jitter: 'none' } };

function worldWithServer(script: (index: number) => ScriptedAnswer): { world: PatternWorld; server: number; client: number } {
  const world = new PatternWorld();
  const server = world.addScriptedServer(script);
  const client = world.addNode();
  world.start();
  return { world, server, client };
}

function describeResult(result: CallResult<unknown>): string {
  return result.kind === 'ok' ? `ok ${String(result.reply)}` : result.kind === 'error' ? `error ${result.reason}` : 'timeout';
}

describe('retry', () => {
  it('tries again after exactly the backoff delays and returns the last failure when attempts run out', () => {
    const { world, server, client } = worldWithServer(() => ({ kind: 'error', workUs: 0 }));
    const policy = retry(NO_JITTER);
    const starts: number[] = [];
    const ended: string[] = [];
    world.spawn(
      client,
      (function* (): Process<void> {
        const result = yield* policy.execute((execution) => {
          starts.push(world.now);
          expect(execution.attempt).toBe(starts.length);
          return call<number>(server, 'work', { timeoutUs: 10_000 });
        });
        ended.push(`${describeResult(result)} @${world.now}`);
      })(),
    );
    world.runUntil(100_000);
    // Each attempt takes a 200 us round trip; then 100, 200, 400 us of backoff.
    expect(starts).toEqual([0, 300, 700, 1_300]);
    expect(ended).toEqual(['error remote @1500']);
    expect(world.eventsOf('retry-scheduled')).toEqual([
      { kind: 'retry-scheduled', policy: 'retry', attempt: 2, delayUs: 100 },
      { kind: 'retry-scheduled', policy: 'retry', attempt: 3, delayUs: 200 },
      { kind: 'retry-scheduled', policy: 'retry', attempt: 4, delayUs: 400 },
    ]);
    expect(world.eventsOf('retry-exhausted')).toEqual([{ kind: 'retry-exhausted', policy: 'retry', attempts: 4 }]);
    expect(policy.snapshot()).toEqual({ policy: 'retry', calls: 1, attempts: 4, exhausted: 1, refusedByBudget: 0 });
  });

  it('stops at the first success', () => {
    const { world, server, client } = worldWithServer((index) => (index < 2 ? { kind: 'error', workUs: 0 } : { kind: 'ok', workUs: 0 }));
    const policy = retry(NO_JITTER);
    const ended: string[] = [];
    world.spawn(
      client,
      (function* (): Process<void> {
        ended.push(describeResult(yield* policy.execute(() => call<number>(server, 'work', { timeoutUs: 10_000 }))));
      })(),
    );
    world.runUntil(100_000);
    expect(ended).toEqual(['ok 2']);
    expect(policy.snapshot()).toMatchObject({ attempts: 3, exhausted: 0 });
  });

  it('retries only the results shouldRetry accepts', () => {
    const { world, server, client } = worldWithServer(() => ({ kind: 'error', workUs: 0 }));
    const policy = retry({ ...NO_JITTER, shouldRetry: (result) => result.kind === 'timeout' });
    world.spawn(
      client,
      (function* (): Process<void> {
        yield* policy.execute(() => call<number>(server, 'work', { timeoutUs: 10_000 }));
      })(),
    );
    world.runUntil(100_000);
    expect(policy.snapshot()).toMatchObject({ calls: 1, attempts: 1 });
    expect(world.eventsOf('retry-scheduled')).toEqual([]);
  });

  it('lets a budget refuse retries beyond its share of the window, and allow them again in the next window', () => {
    const { world, server, client } = worldWithServer(() => ({ kind: 'error', workUs: 0 }));
    const budget = retryBudget({ ratio: 0, windowUs: 10_000, minRetriesPerWindow: 2 });
    const policy = retry({ ...NO_JITTER, maxAttempts: 3, budget });
    const caller = (): Process<void> =>
      (function* () {
        yield* policy.execute(() => call<number>(server, 'work', { timeoutUs: 10_000 }));
      })();
    for (let index = 0; index < 3; index++) world.spawnAt(0, client, caller);
    world.spawnAt(50_000, client, caller);
    world.runUntil(100_000);
    // Three calls fail at once: the first two get the window's two retries, and every later
    // retry in that window is refused (the third call's first, the first two calls' second).
    // In a later window the fourth call gets its two retries again, and runs out of attempts.
    expect(policy.snapshot()).toEqual({ policy: 'retry', calls: 4, attempts: 3 + 2 + 3, exhausted: 1, refusedByBudget: 3 });
    expect(world.eventsOf('retry-budget-exhausted')).toHaveLength(3);
  });
});
