// Property: against a flaky server over a lossy network, a retry policy never makes more
// than maxAttempts attempts for one call, and with a budget, at the moment of every retry
// the retries in the window are within the budget's share of the requests in the window.
// The window rule is recomputed here from the trace, independently of retry-budget.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { JITTER_MODES, type JitterMode } from '../../src/patterns/backoff.ts';
import { retry } from '../../src/patterns/retry.ts';
import { RETRY_BUDGET_BUCKETS, retryBudget, type RetryBudgetSettings } from '../../src/patterns/retry-budget.ts';
import { PatternWorld } from './pattern-world.ts';

interface RetryPlan {
  readonly seed: number;
  readonly maxAttempts: number;
  readonly jitter: JitterMode;
  readonly failureShare: number;
  readonly lossProbability: number;
  readonly budget: RetryBudgetSettings | undefined;
  readonly callStartsUs: readonly number[];
}

const planArbitrary: fc.Arbitrary<RetryPlan> = fc.record({
  seed: fc.nat(1_000_000),
  maxAttempts: fc.integer({ min: 1, max: 6 }),
  jitter: fc.constantFrom(...JITTER_MODES),
  failureShare: fc.constantFrom(0, 0.3, 0.7, 1),
  lossProbability: fc.constantFrom(0, 0.2),
  budget: fc.option(
    fc.record({
      ratio: fc.constantFrom(0, 0.1, 0.5, 1),
      windowUs: fc.integer({ min: 10, max: 20_000 }),
      minRetriesPerWindow: fc.integer({ min: 0, max: 3 }),
    }),
    { nil: undefined },
  ),
  callStartsUs: fc.array(fc.nat(30_000), { minLength: 1, maxLength: 30 }),
});

interface Observed {
  readonly attemptsPerCall: number[];
  readonly requestTimes: number[];
  readonly retryTimes: number[];
}

function runPlan(plan: RetryPlan): Observed {
  const world = new PatternWorld(plan.seed, {
    latency: { kind: 'uniform', baseUs: 50, minUs: 0, maxUs: 400 },
    lossProbability: plan.lossProbability,
    duplicateProbability: 0,
    ordering: 'reorder',
  });
  const failures = world.simulation.random.stream('failures');
  const server = world.addScriptedServer(() => (failures.chance(plan.failureShare) ? { kind: 'error', workUs: 20 } : { kind: 'ok', workUs: 20 }));
  const client = world.addNode();
  world.start();
  const budget = plan.budget === undefined ? undefined : retryBudget(plan.budget);
  const policy = retry({ maxAttempts: plan.maxAttempts, backoff: { initialDelayUs: 100, maxDelayUs: 3_000, multiplier: 2, jitter: plan.jitter }, budget });
  const observed: Observed = { attemptsPerCall: [], requestTimes: [], retryTimes: [] };
  plan.callStartsUs.forEach((startUs, index) => {
    observed.attemptsPerCall[index] = 0;
    world.spawnAt(startUs, client, (): Process<void> =>
      (function* () {
        observed.requestTimes.push(world.now);
        yield* policy.execute(() => {
          observed.attemptsPerCall[index] = (observed.attemptsPerCall[index] as number) + 1;
          return call<number>(server, index, { timeoutUs: 2_000 });
        });
        yield* sleep(0);
      })(),
    );
  });
  world.runUntil(200_000);
  for (const seen of world.events) if (seen.event.kind === 'retry-scheduled') observed.retryTimes.push(seen.timeUs);
  return observed;
}

/** Counts the entries of `times` whose bucket is in the window ending with the bucket of `nowUs`. */
function countInWindow(times: readonly number[], nowUs: number, bucketUs: number): number {
  const latest = Math.floor(nowUs / bucketUs);
  return times.filter((time) => time <= nowUs && Math.floor(time / bucketUs) > latest - RETRY_BUDGET_BUCKETS).length;
}

describe('retry property', () => {
  it('never exceeds maxAttempts per call, nor the budget in any window', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const observed = runPlan(plan);
        for (const attempts of observed.attemptsPerCall) {
          expect(attempts).toBeGreaterThanOrEqual(1);
          expect(attempts).toBeLessThanOrEqual(plan.maxAttempts);
        }
        const retries = observed.attemptsPerCall.reduce((sum, attempts) => sum + attempts - 1, 0);
        expect(observed.retryTimes).toHaveLength(retries);
        if (plan.budget === undefined) return;
        const bucketUs = Math.ceil(plan.budget.windowUs / RETRY_BUDGET_BUCKETS);
        observed.retryTimes.forEach((timeUs, index) => {
          // Retries granted up to and including this one (several may share an instant).
          const retriesSoFar = observed.retryTimes.slice(0, index + 1);
          const retriesInWindow = countInWindow(retriesSoFar, timeUs, bucketUs);
          const requestsInWindow = countInWindow(observed.requestTimes, timeUs, bucketUs);
          const budget = plan.budget as RetryBudgetSettings;
          expect(retriesInWindow).toBeLessThanOrEqual(Math.floor(budget.ratio * requestsInWindow) + budget.minRetriesPerWindow);
        });
      }),
      { numRuns: 150 },
    );
  });
});
