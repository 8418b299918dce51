// Timeouts fire at exactly the virtual time: a call answered before the deadline passes
// through unchanged, and any other ends as a timeout at start + duration, to the
// microsecond, with the operation cancelled (its finally runs, its late reply is ignored).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, type Process } from '../../src/node/process.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { LATENCY_US, PatternWorld } from './pattern-world.ts';

describe('timeout', () => {
  it('ends a call at exactly start + duration unless its reply arrives strictly before', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 3_000 }), fc.nat(3_000), (startUs, durationUs, workUs) => {
        const world = new PatternWorld();
        const server = world.addScriptedServer(() => ({ kind: 'ok', workUs }));
        const client = world.addNode();
        world.start();
        const policy = timeout({ durationUs });
        const ended: { kind: string; atUs: number }[] = [];
        let finallyRan = false;
        world.spawnAt(startUs, client, (): Process<void> =>
          (function* () {
            const result = yield* policy.execute(function* () {
              try {
                return yield* call<number>(server, 'work', { timeoutUs: 100_000 });
              } finally {
                finallyRan = true;
              }
            });
            ended.push({ kind: result.kind, atUs: world.now });
          })(),
        );
        world.runUntil(startUs + 10_000);
        const answeredAtUs = startUs + 2 * LATENCY_US + workUs;
        const expected = answeredAtUs < startUs + durationUs ? { kind: 'ok', atUs: answeredAtUs } : { kind: 'timeout', atUs: startUs + durationUs };
        expect(ended).toEqual([expected]);
        expect(finallyRan).toBe(true);
        expect(world.host(client).snapshot()).toMatchObject({ processes: 0, unmatchedReplies: expected.kind === 'ok' ? 0 : 1 });
        expect(world.eventsOf('timeout-fired')).toEqual(expected.kind === 'ok' ? [] : [{ kind: 'timeout-fired', policy: 'timeout', afterUs: durationUs }]);
      }),
      { numRuns: 200 },
    );
  });
});
