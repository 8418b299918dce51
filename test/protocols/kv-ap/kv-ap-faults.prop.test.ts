// The AP store under random faults, as a property: fast-check draws a seed and a fault
// schedule (partitions, crashes and restarts, pauses, loss bursts, clock skew, every one
// undone by the time clients stop), and every run must converge within the bound after
// that, and with version vectors (or CRDT values) lose no acknowledged write. A failure
// shrinks to a readable fault script with the command that replays it.
import { describe, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { checkScenario } from '../../../src/scenario/scenario-property.ts';
import kvAp from '../../../scenarios/kv-ap.ts';

/** Faults all end by the time clients stop; the replicas then have the bound (1s) to agree. */
const FAULTS = { untilUs: seconds(2.6), faultsUntilUs: ms(1_500), maxFaults: 6, minGeneratedFaults: 2 } as const;
const PARAMS = { partition: 'none', 'heal-at': '1500ms' } as const;

describe('kv-ap under random faults', () => {
  it('converges after the faults end and loses no acknowledged write, with version vectors', () => {
    checkScenario(kvAp, { ...FAULTS, params: { ...PARAMS, conflict: 'version-vectors' } }, { seed: 6, numRuns: 6 });
  });

  it('converges after the faults end, with last-writer-wins and CRDT values', () => {
    checkScenario(kvAp, { ...FAULTS, params: { ...PARAMS, values: 'mixed' } }, { seed: 7, numRuns: 6 });
  });
});
