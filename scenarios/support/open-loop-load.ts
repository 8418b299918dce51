// Open-loop load: new requests arrive at a rate of their own, whatever state the service
// is in, as users of a public service do (they do not wait for each other). Gaps between
// arrivals are exponential (a Poisson process), drawn with Math.log, so bit-identical
// replay assumes the same Node/V8 version. Rule: arrivals go on for as long as the run
// lasts (so `--until` longer than the default keeps the load on), at most `maxArrivals`
// of them, and at most MAX_IN_FLIGHT at once: an arrival beyond that is refused on the
// spot (`refused`), so no setting can push the client past its process limit. Each
// arrival runs as its own child process of the load process.
import type { Random } from '../../src/engine/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../src/engine/time.ts';
import { nodeContext, sleep, spawn, type Process } from '../../src/node/process.ts';

/** Requests one load process keeps running at once (each may run a few processes: retries, timeouts). */
export const MAX_IN_FLIGHT = 20_000;
/** Processes a client node may run: room for MAX_IN_FLIGHT requests of up to four processes each, and the load itself. */
export const CLIENT_MAX_PROCESSES = 4 * MAX_IN_FLIGHT + 1_000;
/** Arrivals one load process makes at most. */
export const MAX_ARRIVALS = 10_000_000;

export interface OpenLoopLoad {
  /** Requests per second at a moment of the node's clock; above 0. */
  readonly ratePerSecond: (nowUs: Micros) => number;
  readonly random: Random;
  /** The process one arrival runs. */
  readonly request: () => Process<void>;
  /** Called for an arrival refused because MAX_IN_FLIGHT requests are running. */
  readonly refused: () => void;
}

/** A gap drawn from an exponential distribution with the given mean, at least 1 us. */
export function exponentialGapUs(meanUs: number, random: Random): Micros {
  return Math.max(1, Math.round(-meanUs * Math.log(1 - random.next())));
}

export function* openLoopLoad(load: OpenLoopLoad): Process<void> {
  const context = yield* nodeContext();
  let inFlight = 0;
  const counted = function* (request: Process<void>): Process<void> {
    inFlight++;
    try {
      yield* request;
    } finally {
      inFlight--;
    }
  };
  for (let arrivals = 0; arrivals < MAX_ARRIVALS; arrivals++) {
    const rate = load.ratePerSecond(context.now);
    if (!(rate > 0)) throw new RangeError(`open-loop load: invalid rate ${rate} at ${context.now}us: expected requests per second above 0`);
    yield* sleep(exponentialGapUs(MICROS_PER_SECOND / rate, load.random));
    if (inFlight >= MAX_IN_FLIGHT) load.refused();
    else yield* spawn(counted(load.request()), 'request');
  }
}
