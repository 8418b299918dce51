// Golden trace hashes of the Raft scenarios: a fingerprint of everything that happens in
// these runs. They change only on purpose (a change to the protocol, a scenario, the
// network model, the engine's ordering or the random streams); say why in the commit.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/scenario/define-scenario.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { findScenario } from '../../../scenarios/index.ts';

const GOLDEN: readonly (readonly [scenario: string, seed: number, traceHash: string])[] = [
  ['raft', 1, '3aff061bb429eae1'],
  ['raft', 2, '6dd69f7b18601eb6'],
  ['raft-leader-isolated', 1, '244511f4d9e4145e'],
  ['raft-leader-isolated', 2, '8e2645987182cdfa'],
  ['raft-flapping', 1, '49eee563494c0f6a'],
  ['raft-flapping', 2, 'a889aae072094151'],
];

describe('raft golden trace hashes', () => {
  it.each(GOLDEN)('%s with seed %i and default parameters hashes to %s', (name, seed, traceHash) => {
    expect(runScenario(findScenario(name) as Scenario, { seed, explain: false }).traceHash).toBe(traceHash);
  });
});
