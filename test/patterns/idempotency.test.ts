// The idempotency store in examples: duplicates and copies that arrive mid-run take
// effect once and get the first result; results expire and are evicted when the store is
// full; durable results survive a crash of the server, volatile ones do not.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../src/engine/time.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { ok, type CallResult } from '../../src/node/call-result.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { idempotencyStore, type IdempotencyRetention, type IdempotencySettings } from '../../src/patterns/idempotency.ts';
import { CONSTANT_LINK, PatternWorld } from './pattern-world.ts';

interface Charge {
  readonly key: string;
  readonly workUs: number;
}

interface Bank {
  readonly world: PatternWorld;
  readonly server: number;
  readonly client: number;
  /** Charges made, per key: the effect we count. */
  readonly charges: Map<string, number>;
  /** Replies the client got: `<key> <charge id>`. */
  readonly replies: string[];
  send(atUs: number, key: string, workUs?: number): void;
}

/** A payment server whose store the test configures (or leaves out), and one client. */
function bank(settings: IdempotencySettings | 'no store', link: LinkConfig = CONSTANT_LINK): Bank {
  const world = new PatternWorld(5, link);
  const charges = new Map<string, number>();
  let chargeCount = 0;
  const server = world.addServer<Charge, number>(() => {
    // Built in every incarnation: only durable retention keeps results across a crash.
    const store = settings === 'no store' ? undefined : idempotencyStore(settings);
    return function* (charge): Process<CallResult<number>> {
      const charging = function* (): Process<CallResult<number>> {
        yield* sleep(charge.workUs);
        charges.set(charge.key, (charges.get(charge.key) ?? 0) + 1);
        return ok(chargeCount++);
      };
      return store === undefined ? yield* charging() : yield* store.execute(charge.key, charging);
    };
  });
  const client = world.addNode();
  world.start();
  const replies: string[] = [];
  return {
    world,
    server,
    client,
    charges,
    replies,
    send(atUs, key, workUs = 0) {
      world.spawnAt(atUs, client, (): Process<void> =>
        (function* () {
          const result = yield* call<number>(server, { key, workUs }, { timeoutUs: seconds(1) });
          if (result.kind === 'ok') replies.push(`${key} ${result.reply}`);
        })(),
      );
    },
  };
}

const VOLATILE: IdempotencySettings = { maxEntries: 100, expiryUs: seconds(60), retention: 'volatile' };

describe('idempotency store', () => {
  it('runs a duplicated request once and answers the copy with the first result', () => {
    const duplicating = bank(VOLATILE, { ...CONSTANT_LINK, duplicateProbability: 1 });
    duplicating.send(0, 'pay-1');
    duplicating.world.runUntil(seconds(1));
    expect(duplicating.charges).toEqual(new Map([['pay-1', 1]]));
    // Both copies of the request are answered with charge 0 (each answer is itself duplicated; the caller takes the first).
    expect(duplicating.replies).toEqual(['pay-1 0']);
    expect(duplicating.world.eventsOf('idempotent-replay')).toEqual([{ kind: 'idempotent-replay', policy: 'idempotency', key: 'pay-1' }]);
  });

  it('charges twice without the store, on the same schedule', () => {
    const duplicating = bank('no store', { ...CONSTANT_LINK, duplicateProbability: 1 });
    duplicating.send(0, 'pay-1');
    duplicating.world.runUntil(seconds(1));
    expect(duplicating.charges).toEqual(new Map([['pay-1', 2]]));
  });

  it('makes a copy that arrives while the first is running wait for it, then share its result', () => {
    const slow = bank(VOLATILE);
    slow.send(0, 'pay-1', 1_000);
    slow.send(300, 'pay-1', 1_000);
    slow.world.runUntil(seconds(1));
    expect(slow.charges).toEqual(new Map([['pay-1', 1]]));
    expect(slow.replies).toEqual(['pay-1 0', 'pay-1 0']);
  });

  it('forgets a result after its expiry, so a much later copy takes effect again', () => {
    const expiring = bank({ ...VOLATILE, expiryUs: 5_000 });
    expiring.send(0, 'pay-1');
    expiring.send(4_000, 'pay-1');
    expiring.send(10_000, 'pay-1');
    expiring.world.runUntil(seconds(1));
    expect(expiring.charges).toEqual(new Map([['pay-1', 2]]));
    expect(expiring.replies).toEqual(['pay-1 0', 'pay-1 0', 'pay-1 1']);
    expect(expiring.world.eventsOf('idempotency-evicted')).toEqual([{ kind: 'idempotency-evicted', policy: 'idempotency', key: 'pay-1', reason: 'expired' }]);
  });

  it('keeps at most maxEntries results, forgetting the oldest first', () => {
    const small = bank({ ...VOLATILE, maxEntries: 2 });
    ['a', 'b', 'c', 'b', 'a'].forEach((key, index) => small.send(index * 1_000, key));
    small.world.runUntil(seconds(1));
    expect(small.charges).toEqual(new Map([['a', 2], ['b', 1], ['c', 1]]));
  });

  it.each<[IdempotencyRetention, number]>([
    ['durable', 1],
    ['volatile', 2],
  ])('with %s results, a retry after the server restarts is charged %i time(s) in all', (retention, charged) => {
    const restarting = bank({ ...VOLATILE, retention });
    restarting.send(0, 'pay-1');
    restarting.world.simulation.scheduleAt(1_000, () => {
      restarting.world.cluster.crash(restarting.server);
      restarting.world.cluster.restart(restarting.server);
    }, undefined);
    restarting.send(2_000, 'pay-1');
    restarting.world.runUntil(seconds(1));
    expect(restarting.charges.get('pay-1')).toBe(charged);
  });
});
