import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeedResult } from '../../src/sweep/seed-result.ts';
import { MAX_LISTED_FAILURES, SweepTally } from '../../src/sweep/sweep-tally.ts';

function result(seed: number, verdict: SeedResult['verdict']): SeedResult {
  const base = { seed, scenario: 's', paramsFingerprint: 'f', verdict, traceHash: 'h', events: 0, virtualTimeMs: 0 };
  return verdict === 'pass' ? base : { ...base, property: `p${seed}`, message: `m${seed}`, replay: `r${seed}` };
}

describe('sweep tallies', () => {
  it('count passes, failures and crashes (crashes are failures too) and list failures by seed', () => {
    const tally = new SweepTally();
    for (const entry of [result(9, 'fail'), result(2, 'pass'), result(4, 'crash'), result(1, 'fail')]) tally.add(entry);
    expect([tally.passed, tally.failed, tally.crashed, tally.count]).toEqual([1, 3, 1, 4]);
    expect(tally.listedFailures()).toEqual([
      { seed: 1, verdict: 'fail', property: 'p1', message: 'm1', replay: 'r1' },
      { seed: 4, verdict: 'crash', property: 'p4', message: 'm4', replay: 'r4' },
      { seed: 9, verdict: 'fail', property: 'p9', message: 'm9', replay: 'r9' },
    ]);
  });

  it(`lists the lowest ${MAX_LISTED_FAILURES} failing seeds whatever order the results arrive in`, () => {
    const seeds = Array.from({ length: 2 * MAX_LISTED_FAILURES + 500 }, (_, index) => index * 3);
    fc.assert(
      fc.property(fc.shuffledSubarray(seeds, { minLength: seeds.length }), (order) => {
        const tally = new SweepTally();
        for (const seed of order) tally.add(result(seed, 'fail'));
        expect(tally.failed).toBe(seeds.length);
        expect(tally.listedFailures().map((entry) => entry.seed)).toEqual(seeds.slice(0, MAX_LISTED_FAILURES));
      }),
      { numRuns: 8 },
    );
  });
});
