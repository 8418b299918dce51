// Golden trace hashes: a fingerprint of everything that happens in these runs. They
// change only on purpose: a change to a scenario, the network model, the engine's
// ordering, the random streams or the hash itself. When one does, say why in the commit.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

const GOLDEN: readonly (readonly [scenario: string, seed: number, traceHash: string])[] = [
  ['broadcast', 1, '4a66478ad68b6953'],
  ['broadcast', 2, 'ffa0d25111e2d82e'],
  ['echo', 1, '17827879c3120f8d'],
  ['echo', 2, '43176d5c9ffb36e0'],
];

describe('golden trace hashes', () => {
  it.each(GOLDEN)('%s with seed %i and default parameters hashes to %s', (name, seed, traceHash) => {
    expect(runScenario(findScenario(name) as Scenario, { seed }).traceHash).toBe(traceHash);
  });
});
