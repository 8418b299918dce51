// What the CP and AP store installers share: the figures they hand back (declared by the
// scenario, in its own order and with its own labels), replica sampling after the heal,
// and analyses recomputed only when the history has moved. Rule: nothing here decides
// what a figure means; each installer does.
import type { ConvergenceReport } from '../../src/check/convergence.ts';
import type { ConvergenceTracker } from '../../src/check/convergence-tracker.ts';
import type { Micros } from '../../src/engine/time.ts';
import type { SummaryValue, World } from '../../src/scenario/world.ts';

/** A figure of the report: its name (unlabelled) and how to compute it. */
export type StoreFigure = readonly [name: string, compute: () => SummaryValue];

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
