// raft-flapping: a server whose link goes up and down forces elections each time it comes
// back with a higher term; pre-vote stops that. Invariants hold either way.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import flapping, { flappingSchedule } from '../../../scenarios/raft-flapping.ts';

const SEEDS = [1, 2, 3];

function leadersElected(params: Record<string, string | boolean>): number[] {
  return SEEDS.map((seed) => {
    const report = runScenario(flapping, { seed, params, explain: false });
    expect(report.verdict).toBe('pass');
    return report.summary['leaders elected'] as number;
  });
}

describe('raft-flapping', () => {
  it('alternates a cut and a heal from 1s until 60% of the run', () => {
    const schedule = flappingSchedule(2, 5, 'one-way-in', ms(400), ms(300), seconds(6));
    expect(schedule[0]).toEqual({ atUs: seconds(1), kind: 'partition', partition: { kind: 'one-way', from: [0, 1, 3, 4], to: [2] } });
    expect(schedule[1]).toEqual({ atUs: seconds(1.4), kind: 'heal' });
    expect(schedule.length).toBe(14);
    expect(schedule.at(-1)?.atUs).toBeLessThanOrEqual(seconds(6));
  });

  it('forces many elections without pre-vote and none after the first with it', () => {
    const without = leadersElected({});
    const withPreVote = leadersElected({ preVote: true });
    expect(Math.min(...without)).toBeGreaterThanOrEqual(3);
    expect(withPreVote).toEqual(SEEDS.map(() => 1));
  });

  it('holds every invariant when the link is cut both ways or outbound only', () => {
    expect(leadersElected({ flap: 'isolate' }).every((count) => count >= 1)).toBe(true);
    expect(leadersElected({ flap: 'one-way-out', checkQuorum: true }).every((count) => count >= 1)).toBe(true);
  });
});
