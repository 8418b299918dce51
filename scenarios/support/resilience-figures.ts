// The figures every resilience scenario reports, under the same names, so that runs of
// different scenarios, variants and seeds line up in one table. Rule: every figure is a
// number; rates are fractions from 0 to 1, latencies are milliseconds of successful
// requests (failures show in the success rate, not in the latency), and a figure with
// nothing to measure is -1 (see NO_LATENCY and NO_RATE). Requests still running when the
// run ends are left out: a figure counts only requests that ended.
//
//   requests                   logical requests that ended (retries are attempts, not requests)
//   success rate               ok / requests
//   success rate during fault  the same, for the requests that started during the fault
//   latency p50|p95|p99 ms     nearest-rank percentiles of successful requests
//   throughput per s           ok requests per virtual second of the run
//   retry amplification        attempts per request (1 means no retries were sent)
//   duplicate effects          effects a server applied again for a request it had already applied
//   recovery ms                time to recover after the fault ends (see recovery-time.ts)
//   recovered                  1 if the run recovered before it ended, 0 if not
// Per request class (for example `critical`), the same figures prefixed with the class
// name: `critical success rate`, `critical latency p99 ms`, ...
import type { Micros } from '../../src/engine/time.ts';
import type { SummaryValue, World } from '../../src/scenario/world.ts';
import { latencyPercentilesMs } from './latency-percentiles.ts';
import { recoveryAfter } from './recovery-time.ts';
import { isEnded, type EndedRequest, type RequestLog, type RequestRecord } from './request-log.ts';

export const FIGURE = {
  requests: 'requests',
  successRate: 'success rate',
  successRateDuringFault: 'success rate during fault',
  latencyP50: 'latency p50 ms',
  latencyP95: 'latency p95 ms',
  latencyP99: 'latency p99 ms',
  throughput: 'throughput per s',
  retryAmplification: 'retry amplification',
  duplicateEffects: 'duplicate effects',
  recovery: 'recovery ms',
  recovered: 'recovered',
} as const;

/** Reported for a rate with no request to measure it on. */
export const NO_RATE = -1;

export interface FaultWindow {
  readonly startUs: Micros;
  /** Recovery is measured from here. */
  readonly endUs: Micros;
}

export interface FigureOptions {
  readonly fault: FaultWindow;
  readonly runEndUs: Micros;
  readonly duplicateEffects: number;
  /** Request classes that get their own figures, in the order shown. */
  readonly classes?: readonly string[];
}

const round = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

function successRate(requests: readonly EndedRequest[]): number {
  if (requests.length === 0) return NO_RATE;
  return round(requests.filter((request) => request.outcome === 'ok').length / requests.length, 4);
}

/** success rate, success rate during fault and the latency percentiles of one group of requests. */
function groupFigures(requests: readonly EndedRequest[], fault: FaultWindow, prefix: string): Record<string, number> {
  const duringFault = requests.filter((request) => request.startUs >= fault.startUs && request.startUs < fault.endUs);
  const latency = latencyPercentilesMs(requests.filter((request) => request.outcome === 'ok').map((request) => request.endUs - request.startUs));
  return {
    [`${prefix}${FIGURE.requests}`]: requests.length,
    [`${prefix}${FIGURE.successRate}`]: successRate(requests),
    [`${prefix}${FIGURE.successRateDuringFault}`]: successRate(duringFault),
    [`${prefix}${FIGURE.latencyP50}`]: latency.p50,
    [`${prefix}${FIGURE.latencyP95}`]: latency.p95,
    [`${prefix}${FIGURE.latencyP99}`]: latency.p99,
  };
}

export function computeFigures(records: readonly RequestRecord[], options: FigureOptions): Record<string, number> {
  const ended = records.filter(isEnded);
  const succeeded = ended.filter((request) => request.outcome === 'ok').length;
  const attempts = ended.reduce((sum, request) => sum + request.attempts, 0);
  const recovery = recoveryAfter(records, options.fault.endUs, options.runEndUs);
  const figures: Record<string, number> = {
    ...groupFigures(ended, options.fault, ''),
    [FIGURE.throughput]: options.runEndUs <= 0 ? 0 : round(succeeded / (options.runEndUs / 1_000_000), 1),
    [FIGURE.retryAmplification]: ended.length === 0 ? 1 : round(attempts / ended.length, 3),
    [FIGURE.duplicateEffects]: options.duplicateEffects,
    [FIGURE.recovery]: Math.round(recovery.recoveryUs / 1000),
    [FIGURE.recovered]: recovery.recovered ? 1 : 0,
  };
  for (const label of options.classes ?? []) {
    Object.assign(figures, groupFigures(ended.filter((request) => request.label === label), options.fault, `${label} `));
  }
  return figures;
}

export interface SummaryOptions {
  readonly fault: FaultWindow;
  readonly duplicateEffects: () => number;
  readonly classes?: readonly string[];
  /** Scenario-specific figures, shown after the common ones. */
  readonly extra?: Readonly<Record<string, () => SummaryValue>>;
}

/** Declares the common figures (and any extra ones) as the run's summary, computed once when the run ends. */
export function declareResilienceSummary(world: World, log: RequestLog, options: SummaryOptions): void {
  let cachedAtUs = -1;
  let cached: Record<string, number> = {};
  const figures = (): Record<string, number> => {
    const runEndUs = world.simulation.now;
    if (cachedAtUs !== runEndUs) {
      cached = computeFigures(log.records, { fault: options.fault, runEndUs, duplicateEffects: options.duplicateEffects(), classes: options.classes });
      cachedAtUs = runEndUs;
    }
    return cached;
  };
  const names = Object.keys(computeFigures([], { fault: options.fault, runEndUs: 0, duplicateEffects: 0, classes: options.classes }));
  for (const name of names) world.summary(name, () => figures()[name] as number);
  for (const [name, compute] of Object.entries(options.extra ?? {})) world.summary(name, compute);
}

/**
 * The lines every resilience scenario's description ends with: what the common figures
 * are, and how recovery is measured from `faultEnd` ("the end of the burst (7s)").
 */
export function describeFigures(faultEnd: string, timeLeftMs: number): string[] {
  return [
    'Figures: requests; success rate (overall, for requests started during the fault, and',
    'per class where there are classes); latency p50/p95/p99 of successful requests, in',
    'ms; throughput (ok requests per virtual second); retry amplification (attempts per',
    'request); duplicate effects (effects a server applied twice for one request);',
    `recovery ms: from ${faultEnd} to the start of the first 1s window`,
    '(windows every 100ms, requests grouped by the time they ended) from which every',
    'window has at least 90% successes; when it never recovers, the time left after that',
    `(${timeLeftMs} by default), and recovered is 0. -1 means nothing to measure.`,
  ];
}
