// What the CP and AP store installers share: the figures they hand back (declared by the
// scenario, in its own order and with its own labels), the figures both stores report,
// the lost-writes and stale-reads analysis, replica sampling after the heal, and analyses
// recomputed only when the history has moved. Rule: nothing here decides what a
// store-specific figure means; each installer does.
import type { ConvergenceReport } from '../../src/check/convergence.ts';
import type { ConvergenceTracker } from '../../src/check/convergence-tracker.ts';
import type { HistoryEvent } from '../../src/check/history/history-event.ts';
import { findLostWrites, type FinalKeyState, type LostWritesReport } from '../../src/check/lost-writes.ts';
import { findStaleReads } from '../../src/check/stale-reads.ts';
import type { Micros } from '../../src/engine/time.ts';
import type { NodeId } from '../../src/node/node-api.ts';
import { HistoryRecorder, type RecordedOperation } from '../../src/protocols/kv-ap/history-recorder.ts';
import { availability, percentileMs, successLatenciesUs } from '../../src/protocols/kv-ap/operation-figures.ts';
import type { PartitionShape } from '../../src/protocols/kv-ap/partition-plan.ts';
import { partitionSide } from '../../src/protocols/kv-ap/partition-side.ts';
import { finalTokens } from '../../src/protocols/kv-ap/store-observation.ts';
import type { SummaryValue, World } from '../../src/scenario/world.ts';

/** The parameters both stores take, with the same names and meaning (so `faultline cap` can hand one set to both). */
export interface SharedStoreParams {
  readonly nodes: number;
  readonly clients: number;
  readonly keys: number;
  readonly 'write-ratio': number;
  readonly interval: Micros;
  readonly partition: PartitionShape;
  readonly isolate: number;
  readonly 'partition-at': Micros;
  readonly 'heal-at': Micros;
  readonly 'cross-latency': Micros;
  readonly loss: number;
  readonly 'client-timeout': Micros;
  readonly 'convergence-bound': Micros;
  readonly 'max-operations': number;
}

/** A figure of the report: its name (unlabelled) and how to compute it. */
export type StoreFigure = readonly [name: string, compute: () => SummaryValue];

/**
 * - own: the store is alone in its world: the installer writes the fault schedule (and
 *   applies an isolate-leader partition itself when the partition starts);
 * - shared: another store shares the world: the caller builds one fault schedule from
 *   every store's plan (and for isolate-leader, calls isolateLeaderNow when it starts).
 */
export type PartitionControl = 'own' | 'shared';

/** The clients' history, each operation tagged with the side of the partition its client is on. */
export function sidedRecorder(world: World, clientNodes: readonly NodeId[], storeNodes: readonly NodeId[], maxOperations: number): HistoryRecorder {
  return new HistoryRecorder(
    () => world.simulation.now,
    (process) => partitionSide(world.network.partitions, clientNodes[process as number] as NodeId, storeNodes),
    maxOperations,
  );
}

/** What the clients' history says against the final replica states. */
export interface HistoryAnalysis {
  readonly lost: LostWritesReport;
  readonly staleReads: number;
}

/** Lost writes and stale reads of `events`, judged against the store's `final` states. */
export function analyseHistory(events: readonly HistoryEvent[], final: ReadonlyMap<string, FinalKeyState>): HistoryAnalysis {
  const tokens = finalTokens(final);
  const lost = findLostWrites(events, final);
  const stale = findStaleReads(events, (key, token) => tokens.get(String(key))?.has(token) ?? false);
  return { lost, staleReads: stale.stale.length };
}

/** The property's message when acknowledged writes were lost; undefined when none were. */
export function lostWritesMessage(lost: LostWritesReport['lost']): string | undefined {
  return lost.length === 0 ? undefined : `${lost.length} acknowledged writes lost, first: ${lost[0]?.reason ?? ''} (line ${lost[0]?.operation.invokeLine ?? 0})`;
}

/** The figures both stores report, in this order; each installer appends its own after them. */
export function commonFigures(operations: readonly RecordedOperation[], analysis: () => HistoryAnalysis, tracker: ConvergenceTracker): StoreFigure[] {
  return [
    ['availability', () => availability(operations)],
    ['availability majority', () => availability(operations, 'majority')],
    ['availability minority', () => availability(operations, 'minority')],
    ['operations', () => operations.length],
    ['latency p50 ms', () => percentileMs(successLatenciesUs(operations), 0.5)],
    ['latency p99 ms', () => percentileMs(successLatenciesUs(operations), 0.99)],
    ['stale reads', () => analysis().staleReads],
    ['lost writes', () => analysis().lost.lostCount],
    ['acknowledged writes', () => analysis().lost.acknowledged],
    ['convergence ms', () => (tracker.convergenceUs === undefined ? -1 : tracker.convergenceUs / 1000)],
  ];
}

/** Compares the replicas every `intervalUs` from `fromUs` for as long as the run lasts. */
export function sampleReplicas(world: World, fromUs: Micros, intervalUs: Micros, tracker: ConvergenceTracker, check: () => ConvergenceReport): void {
  const sample = (atUs: Micros): void => {
    world.at(atUs, () => {
      tracker.observe(world.simulation.now, check());
      sample(atUs + intervalUs);
    });
  };
  sample(fromUs);
}

/** `compute()`, computed again only when `version()` has changed since the last time. */
export function memoizeWhileUnchanged<T>(version: () => string | number, compute: () => T): () => T {
  let cachedVersion: string | number | undefined;
  let value: T | undefined;
  return () => {
    const current = version();
    if (current !== cachedVersion) {
      value = compute();
      cachedVersion = current;
    }
    return value as T;
  };
}
