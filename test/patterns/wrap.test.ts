// Composition: wrap(a, b, c) runs a around b around c, outermost first, and the order
// changes what the patterns do, as wrap.ts states.
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/node/call-result.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { circuitBreaker } from '../../src/patterns/circuit-breaker.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy, type Operation } from '../../src/patterns/policy.ts';
import { retry } from '../../src/patterns/retry.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld } from './pattern-world.ts';

/** A policy that only notes when calls go in and come out. */
function tracer(name: string, log: string[]): GenericPolicy {
  return {
    name,
    *execute<Reply>(operation: Operation<Reply>, execution: Execution = FIRST_EXECUTION): Process<CallResult<Reply>> {
      log.push(`enter ${name}`);
      const result = yield* operation(execution);
      log.push(`leave ${name}`);
      return result;
    },
  };
}

const RETRY_THREE = { maxAttempts: 3, backoff: { initialDelayUs: 100, maxDelayUs: 1_000, multiplier: 2, jitter: 'none' as const } };

describe('wrap', () => {
  it('runs the first policy outermost and the last one next to the call', () => {
    const world = new PatternWorld();
    const client = world.addNode();
    world.start();
    const log: string[] = [];
    const policy = wrap(tracer('a', log), tracer('b', log), tracer('c', log));
    expect(policy.name).toBe('wrap(a, b, c)');
    world.spawn(
      client,
      policy.execute(function* () {
        log.push('call');
        yield* sleep(1);
        return { kind: 'ok', reply: 1 };
      }),
    );
    world.runUntil(100);
    expect(log).toEqual(['enter a', 'enter b', 'enter c', 'call', 'leave c', 'leave b', 'leave a']);
  });

  it('gives each attempt its own deadline with wrap(retry, timeout), and all attempts one with wrap(timeout, retry)', () => {
    const run = (order: 'retry outside' | 'timeout outside'): string => {
      const world = new PatternWorld();
      const server = world.addScriptedServer((index) => (index < 2 ? { kind: 'silent' } : { kind: 'ok', workUs: 0 }));
      const client = world.addNode();
      world.start();
      const [outer, inner] = order === 'retry outside' ? [retry(RETRY_THREE), timeout({ durationUs: 500 })] : [timeout({ durationUs: 500 }), retry(RETRY_THREE)];
      let outcome = '';
      world.spawn(
        client,
        (function* (): Process<void> {
          const result = yield* wrap(outer, inner).execute(() => call<number>(server, 'work', { timeoutUs: 100_000 }));
          outcome = `${result.kind} @${world.now}`;
        })(),
      );
      world.runUntil(100_000);
      return outcome;
    };
    // Attempts at 0 and 600 time out after 500 each; the third, at 1300, is answered at 1500.
    expect(run('retry outside')).toBe('ok @1500');
    // One deadline for everything: the first attempt is still waiting when it passes.
    expect(run('timeout outside')).toBe('timeout @500');
  });

  it('counts every attempt toward the breaker with wrap(retry, breaker), one outcome per call with wrap(breaker, retry)', () => {
    const run = (order: 'retry outside' | 'breaker outside'): number => {
      const world = new PatternWorld();
      let requests = 0;
      const server = world.addScriptedServer(() => {
        requests++;
        return { kind: 'error', workUs: 0 };
      });
      const client = world.addNode();
      world.start();
      const breaker = circuitBreaker({ trip: { kind: 'consecutive-failures', failures: 3 }, openDuration: { kind: 'fixed', durationUs: 1_000_000 }, halfOpenProbes: 1 });
      const policy = order === 'retry outside' ? wrap(retry(RETRY_THREE), breaker) : wrap(breaker, retry(RETRY_THREE));
      world.spawn(
        client,
        (function* (): Process<void> {
          for (let index = 0; index < 4; index++) yield* policy.execute(() => call<number>(server, index, { timeoutUs: 10_000 }));
        })(),
      );
      world.runUntil(500_000);
      return requests;
    };
    // The first call's three attempts open the breaker; the next calls never reach the server.
    expect(run('retry outside')).toBe(3);
    // Each call is one failure to the breaker: three calls (nine attempts) open it, the fourth is refused.
    expect(run('breaker outside')).toBe(9);
  });
});
