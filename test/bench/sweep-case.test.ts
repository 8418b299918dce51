// The sweep rows of `npm run bench -- --workers LIST`: a case grows with its largest
// worker count so that every worker of a big pool still gets as many seeds as on 2.
import { describe, expect, it } from 'vitest';
import { SWEEP_CASES, sweepCaseFor } from '../../bench/sweep.ts';

const raft = SWEEP_CASES.find((sweepCase) => sweepCase.scenario === 'raft');

describe('sweepCaseFor', () => {
  it('keeps the recorded seed range for 1 and 2 workers (so --compare compares like with like)', () => {
    if (raft === undefined) throw new Error('no raft sweep case');
    expect(sweepCaseFor(raft, [1, 2])).toEqual(raft);
  });

  it('gives a 16-worker curve eight times the seeds, from the same first seed', () => {
    if (raft === undefined) throw new Error('no raft sweep case');
    const grown = sweepCaseFor(raft, [1, 2, 4, 8, 16]);
    const seedCount = raft.seeds.last - raft.seeds.first + 1;
    expect(grown.seeds).toEqual({ first: raft.seeds.first, last: raft.seeds.first + seedCount * 8 - 1 });
    expect(grown.rounds).toBe(raft.rounds);
  });
});
