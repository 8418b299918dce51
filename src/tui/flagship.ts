// The scenario `npm start` (and `faultline tui` with no scenario) opens, and its seed.
// Rule: the first of FLAGSHIP_SCENARIOS that exists; when the CP-vs-AP store under a
// partition lands, its name goes first, then Raft's, so the list only ever grows at the front.
import type { Scenario } from '../scenario/define-scenario.ts';
import { findScenario } from '../../scenarios/index.ts';

export const FLAGSHIP_SCENARIOS: readonly string[] = ['raft-leader-isolated', 'raft', 'broadcast'];

/** A fixed seed, so that every newcomer sees the same run. */
export const FLAGSHIP_SEED = 1;

export function flagshipScenario(lookup: (name: string) => Scenario | undefined = findScenario): Scenario {
  for (const name of FLAGSHIP_SCENARIOS) {
    const scenario = lookup(name);
    if (scenario !== undefined) return scenario;
  }
  throw new Error(`none of the flagship scenarios (${FLAGSHIP_SCENARIOS.join(', ')}) is in scenarios/index.ts`);
}
