// The CP store under random faults, as a property: fast-check draws a seed and a fault
// schedule (partitions of any shape, crashes and restarts, pauses, loss bursts, clock
// skew, over store nodes and clients alike, every one undone by the time clients stop),
// and every run's history must be linearizable (registers and cas keys), lose no
// acknowledged write, serve the probe and converge within the bound after that. A
// failure shrinks to a readable fault script with the command that replays it.
import { describe, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { checkScenario } from '../../../src/scenario/scenario-property.ts';
import kvCp from '../../../scenarios/kv-cp.ts';

/** Faults all end by the time clients stop (heal-at); the store then has the bound (1s) to serve and agree. */
const FAULTS = { untilUs: seconds(2.6), faultsUntilUs: ms(1_500), maxFaults: 6, minGeneratedFaults: 2 } as const;
const PARAMS = { partition: 'none', 'heal-at': '1500ms', 'cas-share': 0.3 } as const;

describe('kv-cp under random faults', () => {
  it('keeps histories linearizable, loses no acknowledged write, and serves again after the faults, with reads through the log', () => {
    checkScenario(kvCp, { ...FAULTS, params: { ...PARAMS, read: 'log' } }, { seed: 11, numRuns: 10 });
  });

  it('does the same with reads under leader leases', () => {
    checkScenario(kvCp, { ...FAULTS, params: { ...PARAMS, read: 'lease' } }, { seed: 12, numRuns: 10 });
  });
});
