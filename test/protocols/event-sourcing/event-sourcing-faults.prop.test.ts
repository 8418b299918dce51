// The event-sourcing scenario under random faults, as a property: fast-check draws a seed
// and a fault schedule (partitions, crashes and restarts, pauses, loss bursts, clock skew,
// all undone before the clients stop at 3s), and every run must keep every balance at or
// above zero, keep every snapshot equal to a replay of its stream, keep accepted commands
// in the log exactly once, and bring the projection back to the write model after the
// faults, and again after its rebuild. A failure shrinks to a readable fault script.
import { describe, it } from 'vitest';
import { seconds } from '../../../src/engine/time.ts';
import { checkScenario } from '../../../src/scenario/scenario-property.ts';
import eventSourcing from '../../../scenarios/event-sourcing.ts';

const FAULTS = { faultsUntilUs: seconds(3), maxFaults: 5, minGeneratedFaults: 2 } as const;

describe('event-sourcing under random faults', () => {
  it('loses no accepted command, never overdraws, and the projection converges after the faults', () => {
    checkScenario(eventSourcing, { ...FAULTS, params: { faults: 'none' } }, { seed: 21, numRuns: 5 });
  });
});
