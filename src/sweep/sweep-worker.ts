// The code a sweep worker thread runs: look the scenario up by name and run a batch of
// seeds. Rule: everything a worker needs arrives in the batch as plain data, and the
// module-level imports (scenarios, engine) are paid once per worker, not per seed.
import { findScenario } from '../../scenarios/index.ts';
import { runSeedBatch, type SeedBatch } from './run-seed-batch.ts';
import type { SeedResult } from './seed-result.ts';

export default function runBatchInWorker(batch: SeedBatch): SeedResult[] {
  const scenario = findScenario(batch.setup.scenario);
  if (scenario === undefined) throw new RangeError(`unknown scenario ${JSON.stringify(batch.setup.scenario)} in a sweep worker`);
  return runSeedBatch(scenario, batch);
}
