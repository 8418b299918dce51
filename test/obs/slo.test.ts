// SLOs: a call counts when its fate is known, the burn rate is the bad share over the
// error budget, and breaches are the sampled moments when it is above 1.
import { describe, expect, it } from 'vitest';
import { checkSloDefinition, evaluateSlo, type CallOutcome, type SloDefinition } from '../../src/obs/slo.ts';

const SLO: SloDefinition = { name: 'fast', objective: 0.9, latencyUs: 100, windowUs: 1_000 };
const okCall = (startUs: number, tookUs: number): CallOutcome => ({ startUs, endUs: startUs + tookUs, isOk: true, service: 'api' });

describe('slo', () => {
  it('counts good calls, slow calls, errors and unanswered calls, and finds the breach', () => {
    const calls: CallOutcome[] = [];
    for (let index = 0; index < 20; index++) calls.push(okCall(index * 100, 10));
    // From 2000 us on, every call is slow or fails.
    calls.push(okCall(2_000, 500), { startUs: 2_100, endUs: 2_110, isOk: false, service: 'api' }, { startUs: 2_200, endUs: undefined, isOk: false, service: 'api' });
    // Too recent to judge at the end: left out.
    calls.push({ startUs: 3_950, endUs: undefined, isOk: false, service: 'api' });
    const times = [0, 1_000, 2_000, 2_500, 3_000, 4_000];
    const report = evaluateSlo(SLO, calls, times, 4_000);
    expect(report.total).toBe(23);
    expect(report.good).toBe(20);
    expect(report.budgetSpent).toBeCloseTo(3 / 23 / 0.1, 9);
    // At 2500 the last second holds calls ending 1510..2500: 5 good, 3 bad.
    expect(report.burnRates).toEqual([null, 0, 0, 3 / 8 / 0.1, 3 / 3 / 0.1, null].map((value) => (value === null ? null : expect.closeTo(value, 9))));
    expect(report.breaches).toEqual([{ startUs: 2_500, endUs: 4_000 }]);
    expect(report.maxBurnRate).toBeCloseTo(10, 9);
  });

  it('counts only calls to its service when it names one', () => {
    const report = evaluateSlo({ ...SLO, service: 'db' }, [okCall(0, 10)], [0, 100], 100);
    expect(report.total).toBe(0);
    expect(report.compliance).toBe(1);
    expect(report.breaches).toEqual([]);
  });

  it('rejects objectives outside (0, 1) and durations that are not positive integers', () => {
    expect(() => checkSloDefinition({ ...SLO, objective: 1 })).toThrow(/invalid objective 1: expected a fraction above 0 and below 1/);
    expect(() => checkSloDefinition({ ...SLO, latencyUs: 0 })).toThrow(/invalid latencyUs 0/);
    expect(() => checkSloDefinition({ ...SLO, windowUs: 1.5 })).toThrow(/invalid windowUs 1.5/);
  });
});
