// Case engine-timers-10k: the engine alone, with 10,000 pending events; every handler
// that fires schedules itself again after a random delay, so the queue stays at
// 10,000. Rule: the engine side and the baseline draw the same delays from the same
// seeded stream in the same order, so they visit the same (time, timer) sequence.
import { Simulation } from '../src/engine/simulation.ts';
import { RandomStreams, type Random } from '../src/engine/rng.ts';
import { BareEventHeap } from './bare-event-heap.ts';
import type { BenchCase, RunResult } from './bench-case.ts';

const PENDING_TIMERS = 10_000;
const DELAY_MIN_US = 1;
const DELAY_MAX_US = 10_000;
const SEED = 1;
const STREAM = 'timers';

export function engineTimersCase(events: number): BenchCase {
  return {
    name: 'engine-timers-10k',
    description: 'Simulation alone, 10k self-rescheduling events',
    events,
    hasTarget: true,
    runEngine: () => runEngineTimers(events),
    runBaseline: () => runBareTimers(events),
  };
}

function runEngineTimers(events: number): RunResult {
  const simulation = new Simulation(SEED, { maxEvents: events });
  const random = simulation.random.stream(STREAM);
  let checksum = 0;
  const fire = (timerIndex: number): void => {
    checksum = (checksum + timerIndex) % 1_000_000_007;
    simulation.scheduleAfter(random.intInclusive(DELAY_MIN_US, DELAY_MAX_US), fire, timerIndex);
  };
  for (let timerIndex = 0; timerIndex < PENDING_TIMERS; timerIndex++) {
    simulation.scheduleAfter(random.intInclusive(DELAY_MIN_US, DELAY_MAX_US), fire, timerIndex);
  }
  simulation.runUntil(Infinity);
  return { events: simulation.eventsProcessed, fingerprint: `time ${simulation.now} checksum ${checksum}` };
}

function runBareTimers(events: number): RunResult {
  const heap = new BareEventHeap();
  const random: Random = new RandomStreams(SEED).stream(STREAM);
  let now = 0;
  let checksum = 0;
  const fire = (argument: unknown): void => {
    const timerIndex = argument as number;
    checksum = (checksum + timerIndex) % 1_000_000_007;
    heap.push(now + random.intInclusive(DELAY_MIN_US, DELAY_MAX_US), fire, timerIndex);
  };
  for (let timerIndex = 0; timerIndex < PENDING_TIMERS; timerIndex++) {
    heap.push(now + random.intInclusive(DELAY_MIN_US, DELAY_MAX_US), fire, timerIndex);
  }
  let processed = 0;
  while (processed < events && heap.pop()) {
    now = heap.poppedTime;
    processed++;
    (heap.poppedHandler as (argument: unknown) => void)(heap.poppedArgument);
  }
  return { events: processed, fingerprint: `time ${now} checksum ${checksum}` };
}
