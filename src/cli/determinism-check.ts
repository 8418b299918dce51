// `--check-determinism`: runs a seed a second time in a separate worker thread and
// compares the two traces event by event, by fingerprint (see trace-fingerprints.ts).
// When they differ it names the first event that differs, as each run saw it: the
// worker keeps its own event as it runs; the main thread's is found by replaying the
// first run up to that index. Rule: the worker loads the scenario itself, from a
// ScenarioSource, so it runs the same code from a fresh module graph, as a sweep does.
import { Worker } from 'node:worker_threads';
import type { Seed } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import { formatTraceEvent } from '../engine/trace-format.ts';
import type { TraceEvent, TraceObserver } from '../engine/trace.ts';
import type { FaultSchedule } from '../faults/fault-event.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import type { RawParams } from '../scenario/params.ts';
import { ScenarioRun } from '../scenario/runner.ts';
import { loadScenario, type ScenarioSource } from './scenario-source.ts';
import { traceEventLine } from './trace-file.ts';
import { fingerprintOfLine, firstDifference, TraceFingerprints, type DifferingEvent } from './trace-fingerprints.ts';

const WORKER_ENTRY = new URL('./determinism-worker-entry.mjs', import.meta.url);

/** The run options both runs share: plain data, cloned into the worker. */
export interface PortableRunOptions {
  readonly seed: Seed;
  readonly params?: RawParams;
  readonly untilUs?: Micros;
  readonly maxEvents?: number;
  readonly faults?: FaultSchedule;
}

/** What the worker receives. */
export interface SecondRunRequest {
  readonly source: ScenarioSource;
  readonly options: PortableRunOptions;
  /** The first run's fingerprints, so the worker can keep its first differing event. */
  readonly reference: Uint32Array;
}

/** What the worker posts back. */
export interface SecondRunReply {
  readonly fingerprints: Uint32Array<ArrayBuffer>;
  readonly traceHash: string;
  readonly differing: DifferingEvent | null;
}

/** One run's trace, fingerprinted: the first run is done by the caller, in its own thread. */
export interface FingerprintedRun {
  readonly fingerprints: Uint32Array;
  readonly traceHash: string;
}

export interface RunTraceSummary {
  readonly events: number;
  readonly traceHash: string;
}

export interface Divergence {
  readonly eventIndex: number;
  /** The event at eventIndex in each run; null when that run ended before it. */
  readonly firstRunEvent: TraceEvent | null;
  readonly secondRunEvent: TraceEvent | null;
  /**
   * False when replaying the first run in this thread, to show its event, did not give the
   * same event again: the scenario is not deterministic even within one thread.
   */
  readonly firstRunReproduced: boolean;
}

export interface DeterminismCheck {
  readonly outcome: 'identical' | 'diverged';
  /** In the calling thread. */
  readonly firstRun: RunTraceSummary;
  /** In a worker thread. */
  readonly secondRun: RunTraceSummary;
  /** Null when every event matches (a diverged outcome then means only the trace hashes differ). */
  readonly divergence: Divergence | null;
}

/** Both runs: the first here, the second in a worker thread. */
export async function checkDeterminism(source: ScenarioSource, options: PortableRunOptions): Promise<DeterminismCheck> {
  const scenario = await loadScenario(source);
  const recorder = new TraceFingerprints();
  const report = new ScenarioRun(scenario, { ...options, observers: [recorder.observer] }).run();
  return compareWithWorkerRun(source, options, { fingerprints: recorder.toArray(), traceHash: report.traceHash });
}

/** Runs the seed again in a worker thread and compares it with `firstRun`, done here with the same options. */
export async function compareWithWorkerRun(source: ScenarioSource, options: PortableRunOptions, firstRun: FingerprintedRun): Promise<DeterminismCheck> {
  const second = await runInWorkerThread({ source, options, reference: firstRun.fingerprints });
  const summaries = {
    firstRun: { events: firstRun.fingerprints.length, traceHash: firstRun.traceHash },
    secondRun: { events: second.fingerprints.length, traceHash: second.traceHash },
  };
  const eventIndex = firstDifference(firstRun.fingerprints, second.fingerprints);
  if (eventIndex === undefined) {
    return { outcome: firstRun.traceHash === second.traceHash ? 'identical' : 'diverged', ...summaries, divergence: null };
  }
  const replayed = eventIndex < firstRun.fingerprints.length ? replayEventAt(await loadScenario(source), options, eventIndex) : undefined;
  const divergence: Divergence = {
    eventIndex,
    firstRunEvent: replayed === undefined ? null : parseEventLine(replayed),
    secondRunEvent: second.differing?.index === eventIndex ? parseEventLine(second.differing.line) : null,
    firstRunReproduced: replayed === undefined || fingerprintOfLine(replayed) === firstRun.fingerprints[eventIndex],
  };
  return { outcome: 'diverged', ...summaries, divergence };
}

function runInWorkerThread(request: SecondRunRequest): Promise<SecondRunReply> {
  const worker = new Worker(WORKER_ENTRY, { workerData: request });
  const reply = new Promise<SecondRunReply>((resolve, reject) => {
    worker.once('message', (message: SecondRunReply) => resolve(message));
    worker.once('error', (error) => reject(new Error(`the second run, in a worker thread, failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
    worker.once('exit', (code) => reject(new Error(`the worker thread for the second run exited (code ${code}) without a result`)));
  });
  return reply.finally(() => worker.terminate());
}

/** Reruns in this thread up to event `index` and returns that event's JSON line (undefined if the run ends first). */
function replayEventAt(scenario: Scenario, options: PortableRunOptions, index: number): string | undefined {
  let line: string | undefined;
  let run: ScenarioRun | undefined;
  const watch: TraceObserver = (event) => {
    if (event.index !== index) return;
    line = traceEventLine(event);
    run?.simulation.stop('reached the event to show');
  };
  run = new ScenarioRun(scenario, { ...options, observers: [watch] });
  run.run();
  return line;
}

function parseEventLine(line: string): TraceEvent {
  return JSON.parse(line) as TraceEvent;
}

/** One line, or two when the runs diverged: the verdict, then each run's event count and hash. */
export function formatDeterminismCheck(check: DeterminismCheck): string {
  const { firstRun, secondRun, divergence } = check;
  if (check.outcome === 'identical') {
    return `determinism: OK (${firstRun.events} events, trace hash ${firstRun.traceHash}, identical in a second run in a worker thread)`;
  }
  const runs = `  first run (this thread): ${firstRun.events} events, trace hash ${firstRun.traceHash}; second run (worker thread): ${secondRun.events} events, trace hash ${secondRun.traceHash}`;
  if (divergence === null) return `determinism: DIVERGED: every event matches but the trace hashes differ\n${runs}`;
  const describe = (event: TraceEvent | null, run: RunTraceSummary): string => (event === null ? `(none: the run ended after ${run.events} events)` : formatTraceEvent(event));
  const caveat = divergence.firstRunReproduced ? '' : ' (replayed, and the replay differs from the first run: not deterministic even in one thread)';
  return `determinism: DIVERGED at event #${divergence.eventIndex}: first run: ${describe(divergence.firstRunEvent, firstRun)}${caveat}; second run: ${describe(divergence.secondRunEvent, secondRun)}\n${runs}`;
}
