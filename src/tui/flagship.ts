// The scenario `npm start` (and `faultline tui` with no scenario) opens, and its seed.
// Rule: the first of FLAGSHIP_SCENARIOS that exists; the list only ever grows at the front.
// First the CP store beside the AP store through one partition (the CAP trade-off as it
// happens), then Raft's leader cut off and replaced, then the plainest scenario.
import type { Scenario } from '../scenario/define-scenario.ts';
import { findScenario } from '../../scenarios/index.ts';

export const FLAGSHIP_SCENARIOS: readonly string[] = ['cp-vs-ap', 'raft-leader-isolated', 'raft', 'broadcast'];

/**
 * A fixed seed, so that every newcomer sees the same run. On cp-vs-ap, seed 2 is the
 * textbook picture: the Raft leader starts on the minority side and is replaced, no
 * operation begun on the CP minority side succeeds, the AP store answers everyone on
 * both sides, drifts, loses writes, and both stores converge after the heal
 * (test/tui/flagship.test.ts pins it).
 */
export const FLAGSHIP_SEED = 2;

export function flagshipScenario(lookup: (name: string) => Scenario | undefined = findScenario): Scenario {
  for (const name of FLAGSHIP_SCENARIOS) {
    const scenario = lookup(name);
    if (scenario !== undefined) return scenario;
  }
  throw new Error(`none of the flagship scenarios (${FLAGSHIP_SCENARIOS.join(', ')}) is in scenarios/index.ts`);
}
