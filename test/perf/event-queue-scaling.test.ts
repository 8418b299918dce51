// Performance smoke test, time: an event must cost about the same with 100,000 events
// pending as with 1,000. The radix queue moves an event at most 12 times, so the ratio is
// about 1 to 4 here (more moves, and slots that no longer fit in the cache); an accidental O(n)
// step per event (a sorted-array insert, a linear scan) makes it about 100. Rule: the
// bound, 25, sits far from both, and each side is the fastest of three runs, so only an
// order-of-magnitude regression fails it, never noise.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';

const EVENTS = 150_000;
const SMALL_QUEUE = 1_000;
const LARGE_QUEUE = 100_000;
const RATIO_LIMIT = 25;

/** Seconds per event with `pending` self-rescheduling events in the queue. */
function secondsPerEvent(pending: number): number {
  const simulation = new Simulation(3, { maxEvents: EVENTS + pending });
  const random = simulation.random.stream('delays');
  const reschedule = (): void => simulation.scheduleAfter(random.intInclusive(1, 10_000), reschedule, undefined);
  for (let index = 0; index < pending; index++) simulation.scheduleAfter(random.intInclusive(0, 10_000), reschedule, undefined);
  const startMs = performance.now();
  simulation.runUntil(Infinity);
  const elapsedMs = performance.now() - startMs;
  expect(simulation.pendingEvents).toBe(pending);
  return elapsedMs / 1000 / simulation.eventsProcessed;
}

function fastestOfThree(pending: number): number {
  return Math.min(secondsPerEvent(pending), secondsPerEvent(pending), secondsPerEvent(pending));
}

describe('event queue scaling', () => {
  it(`costs less than ${RATIO_LIMIT} times as much per event with ${LARGE_QUEUE} pending events as with ${SMALL_QUEUE}`, () => {
    fastestOfThree(SMALL_QUEUE); // warm-up: the JIT compiles the loop before anything is timed
    const small = fastestOfThree(SMALL_QUEUE);
    const large = fastestOfThree(LARGE_QUEUE);
    expect(large / small).toBeLessThan(RATIO_LIMIT);
  });
});
