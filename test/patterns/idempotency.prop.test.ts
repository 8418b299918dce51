// Property: with an idempotency store on the server, payments take effect exactly once
// per unique request, under any schedule of duplicated and lost messages, client retries
// and hedged copies; every answer for a payment carries the charge it first made.
// Safety phase: a loss burst and duplication; then the loss ends and retries must get
// every payment through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ok, type CallResult } from '../../src/node/call-result.ts';
import { call, sleep, uniqueId, type Process } from '../../src/node/process.ts';
import { hedge } from '../../src/patterns/hedge.ts';
import { idempotencyStore } from '../../src/patterns/idempotency.ts';
import { retry } from '../../src/patterns/retry.ts';
import { timeout } from '../../src/patterns/timeout.ts';
import { wrap } from '../../src/patterns/wrap.ts';
import { PatternWorld } from './pattern-world.ts';

interface Schedule {
  readonly seed: number;
  readonly payments: number;
  readonly clients: number;
  readonly burstLoss: number;
  readonly burstUs: number;
  readonly duplicateProbability: number;
  readonly workUs: number;
  readonly attemptTimeoutUs: number;
  readonly hedged: boolean;
}

const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.record({
  seed: fc.nat(1_000_000),
  payments: fc.integer({ min: 1, max: 12 }),
  clients: fc.integer({ min: 1, max: 3 }),
  burstLoss: fc.constantFrom(0, 0.2, 0.5, 0.9),
  burstUs: fc.integer({ min: 0, max: 20_000 }),
  duplicateProbability: fc.constantFrom(0, 0.2, 0.6),
  workUs: fc.nat(1_500),
  attemptTimeoutUs: fc.integer({ min: 500, max: 3_000 }),
  hedged: fc.boolean(),
});

interface Outcome {
  readonly keys: string[];
  readonly charges: Map<string, number[]>;
  readonly answers: Map<string, number[]>;
  failedPayments: number;
}

interface Payment {
  readonly key: string;
  readonly workUs: number;
}

function runSchedule(schedule: Schedule): Outcome {
  const world = new PatternWorld(schedule.seed, {
    latency: { kind: 'uniform', baseUs: 50, minUs: 0, maxUs: 500 },
    lossProbability: 0,
    duplicateProbability: schedule.duplicateProbability,
    ordering: 'reorder',
  });
  const outcome: Outcome = { keys: [], charges: new Map(), answers: new Map(), failedPayments: 0 };
  let chargeCount = 0;
  const server = world.addServer<Payment, number>(() => {
    const store = idempotencyStore({ maxEntries: 1_000, expiryUs: 10_000_000, retention: 'volatile' });
    return function* (payment): Process<CallResult<number>> {
      return yield* store.execute(payment.key, function* () {
        yield* sleep(payment.workUs);
        const charge = chargeCount++;
        outcome.charges.set(payment.key, [...(outcome.charges.get(payment.key) ?? []), charge]);
        return ok(charge);
      });
    };
  });
  const clients = Array.from({ length: schedule.clients }, () => world.addNode());
  world.start();
  world.cluster.network.lossBurst(schedule.burstLoss, schedule.burstUs);
  for (let index = 0; index < schedule.payments; index++) {
    const client = clients[index % clients.length] as number;
    world.spawnAt(index * 300, client, (): Process<void> =>
      (function* () {
        // Each client node builds its policies once; a fresh set per payment is fine too.
        const attempt = timeout({ durationUs: schedule.attemptTimeoutUs });
        const retries = retry({ maxAttempts: 40, backoff: { initialDelayUs: 200, maxDelayUs: 1_000, multiplier: 2, jitter: 'full' } });
        const policy = schedule.hedged ? wrap(retries, attempt, hedge({ delayUs: 400, maxHedges: 1 })) : wrap(retries, attempt);
        const key = yield* uniqueId();
        outcome.keys.push(key);
        const result = yield* policy.execute(() => call<number>(server, { key, workUs: schedule.workUs }, { timeoutUs: 100_000 }));
        if (result.kind === 'ok') outcome.answers.set(key, [...(outcome.answers.get(key) ?? []), result.reply]);
        else outcome.failedPayments++;
      })(),
    );
  }
  world.runUntil(2_000_000);
  return outcome;
}

describe('idempotency property', () => {
  it('takes effect once per unique payment under duplication, loss, retries and hedging', () => {
    fc.assert(
      fc.property(scheduleArbitrary, (schedule) => {
        const outcome = runSchedule(schedule);
        expect(outcome.keys).toHaveLength(schedule.payments);
        expect(new Set(outcome.keys).size).toBe(schedule.payments);
        expect(outcome.failedPayments).toBe(0);
        // Effects equal unique requests: every payment charged, none twice.
        expect([...outcome.charges.keys()].sort()).toEqual([...outcome.keys].sort());
        for (const [key, charges] of outcome.charges) {
          expect(charges).toHaveLength(1);
          // The client's answer is the charge the payment made.
          expect(outcome.answers.get(key)).toEqual(charges);
        }
      }),
      { numRuns: 60 },
    );
  });
});
