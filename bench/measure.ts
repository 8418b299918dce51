// Times one case: warm-up runs first, then engine and baseline runs taken in turns,
// and the median of each. Rule: this (with run.ts) is the only code that reads the
// wall clock, and it only decides how fast things went, never what happened.
import { performance } from 'node:perf_hooks';
import { medianOf } from './bare-loop-speed.ts';
import type { BenchCase, RunResult } from './bench-case.ts';

export const WARMUP_RUNS = 2;
export const MEASURED_RUNS = 5;

export interface CaseMeasurement {
  readonly name: string;
  readonly eventsPerSec: number;
  readonly baselineEventsPerSec: number;
  readonly ratio: number;
  readonly events: number;
  readonly runs: number;
  readonly peakRssMb: number;
}

export function measureCase(benchCase: BenchCase, runs = MEASURED_RUNS): CaseMeasurement {
  let expected: RunResult | undefined;
  for (let warmup = 0; warmup < WARMUP_RUNS; warmup++) {
    expected = assertSameWork(benchCase, benchCase.runEngine(), benchCase.runBaseline());
  }
  const reference = expected as RunResult;
  const engineSeconds: number[] = [];
  const baselineSeconds: number[] = [];
  const timeEngine = (): void => {
    engineSeconds.push(timeRun(benchCase, reference, () => benchCase.runEngine()));
  };
  const timeBaseline = (): void => {
    baselineSeconds.push(timeRun(benchCase, reference, () => benchCase.runBaseline()));
  };
  for (let run = 0; run < runs; run++) {
    // Alternate which side goes first so drift (heat, other load) hits both alike.
    if (run % 2 === 0) {
      timeEngine();
      timeBaseline();
    } else {
      timeBaseline();
      timeEngine();
    }
  }
  const eventsPerSec = benchCase.events / medianOf(engineSeconds);
  const baselineEventsPerSec = benchCase.events / medianOf(baselineSeconds);
  return {
    name: benchCase.name,
    eventsPerSec: Math.round(eventsPerSec),
    baselineEventsPerSec: Math.round(baselineEventsPerSec),
    ratio: Math.round((eventsPerSec / baselineEventsPerSec) * 1000) / 1000,
    events: benchCase.events,
    runs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** Seconds one run took; throws if it simulated something other than the warm-up did. */
function timeRun(benchCase: BenchCase, reference: RunResult, run: () => RunResult): number {
  const startMs = performance.now();
  const result = run();
  const elapsedMs = performance.now() - startMs;
  if (result.events !== reference.events || result.fingerprint !== reference.fingerprint) {
    throw new Error(`${benchCase.name}: a timed run simulated ${result.events} events, ${result.fingerprint}; the warm-up ${reference.events}, ${reference.fingerprint}`);
  }
  return elapsedMs / 1000;
}

/** Throws unless both sides processed the case's event count and agree on the outcome. */
function assertSameWork(benchCase: BenchCase, engine: RunResult, baseline: RunResult): RunResult {
  if (engine.events !== benchCase.events || baseline.events !== benchCase.events || engine.fingerprint !== baseline.fingerprint) {
    throw new Error(
      `${benchCase.name}: the engine and the baseline simulated different runs\n` +
        `  engine   ${engine.events} events, ${engine.fingerprint}\n  baseline ${baseline.events} events, ${baseline.fingerprint}`,
    );
  }
  return engine;
}
