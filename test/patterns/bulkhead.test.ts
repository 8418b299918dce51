// The bulkhead around real calls: it never runs more than its limit, serves the queue in
// order, refuses when both are full, and takes back the place of a cancelled caller.
import { describe, expect, it } from 'vitest';
import { call, sleep, spawn, type Process } from '../../src/node/process.ts';
import { bulkhead } from '../../src/patterns/bulkhead.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld } from './pattern-world.ts';

describe('bulkhead', () => {
  it('runs at most maxConcurrent calls, queues maxQueued in order, and refuses the rest at once', () => {
    const world = new PatternWorld();
    let inFlight = 0;
    let mostInFlight = 0;
    const server = world.addNode<number, number>(function* (request) {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      yield* sleep(1_000);
      inFlight--;
      return { kind: 'ok', reply: request };
    });
    const client = world.addNode();
    world.start();
    const limit = bulkhead({ name: 'to-server', maxConcurrent: 2, maxQueued: 2 });
    const ended: string[] = [];
    for (let index = 0; index < 6; index++) {
      world.spawn(
        client,
        (function* (): Process<void> {
          const result = yield* limit.execute(() => call<number>(server, index, { timeoutUs: 100_000 }));
          ended.push(`${index} ${result.kind === 'ok' ? 'ok' : result.kind === 'error' ? result.reason : 'timeout'} @${world.now}`);
        })(),
      );
    }
    expect(limit.snapshot()).toEqual({ policy: 'to-server', active: 2, queued: 2, maxConcurrent: 2, maxQueued: 2, rejected: 2 });
    world.runUntil(10_000);
    expect(ended).toEqual(['4 bulkhead-full @0', '5 bulkhead-full @0', '0 ok @1200', '1 ok @1200', '2 ok @2400', '3 ok @2400']);
    expect(mostInFlight).toBe(2);
    expect(world.eventsOf('bulkhead-rejected')).toEqual([
      { kind: 'bulkhead-rejected', policy: 'to-server', active: 2, queued: 2 },
      { kind: 'bulkhead-rejected', policy: 'to-server', active: 2, queued: 2 },
    ]);
  });

  it('gives the slot of a call cut off by a timeout to the next in line', () => {
    const world = new PatternWorld();
    const server = world.addScriptedServer((index) => (index === 0 ? { kind: 'silent' } : { kind: 'ok', workUs: 100 }));
    const client = world.addNode();
    world.start();
    const limit = bulkhead({ maxConcurrent: 1, maxQueued: 1 });
    const policy = wrap(timeout({ durationUs: 500 }), limit);
    const ended: string[] = [];
    const caller = (label: string) => (): Process<void> =>
      (function* () {
        const result = yield* policy.execute(() => call<number>(server, label, { timeoutUs: 100_000 }));
        ended.push(`${label} ${result.kind} @${world.now}`);
      })();
    world.spawnAt(0, client, caller('stuck'));
    world.spawnAt(400, client, caller('next'));
    world.runUntil(10_000);
    // 'next' queues at 400 (deadline 900), gets the slot when 'stuck' times out at 500, and is answered at 500 + 100 + 100 + 100.
    expect(ended).toEqual(['stuck timeout @500', 'next ok @800']);
    expect(limit.snapshot()).toMatchObject({ active: 0, queued: 0 });
  });

  it('takes back the place of a queued caller that is cancelled', () => {
    const world = new PatternWorld();
    const client = world.addNode();
    world.start();
    const limit = bulkhead({ maxConcurrent: 1, maxQueued: 1 });
    world.spawn(
      client,
      (function* (): Process<void> {
        const holder = yield* spawn(limit.execute(() => (function* () { yield* sleep(1_000); return { kind: 'ok' as const, reply: 'held' }; })()));
        const waiter = yield* spawn(limit.execute(() => (function* () { return { kind: 'ok' as const, reply: 'never' }; })()));
        yield* sleep(10);
        expect(limit.snapshot()).toMatchObject({ active: 1, queued: 1 });
        waiter.cancel();
        expect(limit.snapshot()).toMatchObject({ active: 1, queued: 0 });
        holder.cancel();
      })(),
    );
    world.runUntil(5_000);
    expect(limit.snapshot()).toMatchObject({ active: 0, queued: 0, rejected: 0 });
  });
});
