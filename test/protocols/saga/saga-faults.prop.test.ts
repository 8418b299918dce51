// Sagas under random faults, as a property: fast-check draws a seed and a schedule of
// crashes and restarts (of orchestrators, services and agents), loss bursts, partitions
// and pauses, all over by 2.5s; whatever it draws, every trip ends all booked or all
// compensated, no booking is refunded twice, and no step never begun is compensated.
// A failure shrinks to a fault script with the command that replays it.
import { describe, expect, it } from 'vitest';
import { ms } from '../../../src/engine/time.ts';
import { checkScenario } from '../../../src/scenario/scenario-property.ts';
import twoPhaseCommitVsSaga from '../../../scenarios/2pc-vs-saga.ts';

const OPTIONS = {
  params: { design: 'saga', crash: 'none', trips: 10, interval: '200ms' },
  faultsUntilUs: ms(2_500),
  maxFaults: 4,
  minGeneratedFaults: 1,
  faultKinds: ['crash', 'loss-burst', 'partition', 'pause'],
} as const;

describe('sagas under random faults', () => {
  it('end every trip fully booked or fully compensated, whatever crashes, losses and partitions come', () => {
    checkScenario(twoPhaseCommitVsSaga, OPTIONS, { seed: Number(process.env['SAGA_PROPERTY_SEED'] ?? 11), numRuns: Number(process.env['SAGA_PROPERTY_RUNS'] ?? 8) });
  });

  it('finds the saga without a durable log: some crash of an orchestrator leaves a half-booked trip', () => {
    const buggy = { ...OPTIONS, params: { ...OPTIONS.params, bug: 'saga-volatile-log' } };
    expect(() => checkScenario(twoPhaseCommitVsSaga, buggy, { seed: 11, numRuns: 30, endOnFailure: true })).toThrow(/violated {3}saga: every trip ends all booked or none \(atEnd\)/);
  });
});
