// The figures a run's history gives about its clients: availability (the share of
// operations that succeeded) overall and per partition side, and latency percentiles of
// the operations that succeeded. Rule: an operation counts once it has ended (ok, fail
// or info); only ok counts as available; latencies are nearest-rank percentiles of
// virtual microseconds, reported in ms. Nothing here is specific to one store.
import type { Micros } from '../../engine/time.ts';
import type { PartitionSide, RecordedOperation } from './history-recorder.ts';
import { nearestRank } from '../../check/nearest-rank.ts';

/** Reported for a share or a percentile of an empty sample: there was nothing to measure. */
export const NOTHING_MEASURED = -1;

/** ok / ended among the operations that match; NOTHING_MEASURED when none ended. */
export function availability(operations: readonly RecordedOperation[], side?: PartitionSide): number {
  let ended = 0;
  let succeeded = 0;
  for (const operation of operations) {
    if (operation.completion === undefined || (side !== undefined && operation.side !== side)) continue;
    ended++;
    if (operation.completion === 'ok') succeeded++;
  }
  return ended === 0 ? NOTHING_MEASURED : succeeded / ended;
}

/** How many operations began on that side. */
export function operationsOn(operations: readonly RecordedOperation[], side: PartitionSide): number {
  return operations.filter((operation) => operation.side === side).length;
}

/** Latencies of the successful operations, in microseconds, ascending. */
export function successLatenciesUs(operations: readonly RecordedOperation[]): Micros[] {
  const latencies: Micros[] = [];
  for (const operation of operations) {
    if (operation.completion === 'ok' && operation.completeUs !== undefined) latencies.push(operation.completeUs - operation.invokeUs);
  }
  return latencies.sort((left, right) => left - right);
}

/** The nearest-rank percentile (fraction in (0, 1]) of ascending latencies, in ms to 0.1; NOTHING_MEASURED when empty. */
export function percentileMs(sortedUs: readonly Micros[], fraction: number): number {
  const value = nearestRank(sortedUs, fraction);
  return value === undefined ? NOTHING_MEASURED : Math.round(value / 100) / 10;
}
