// Every deliberate bug is caught on a pinned seed of the raft scenario (found by a sweep
// of seeds 1..500; see the README for how often each one shows), by the invariant that
// names what it breaks, while the same seed passes without the bug.
import { describe, expect, it } from 'vitest';
import type { RaftBug } from '../../../src/protocols/raft/raft-options.ts';
import { RAFT_INVARIANTS } from '../../../src/protocols/raft/raft-invariants.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import raft from '../../../scenarios/raft.ts';

const PINNED: readonly (readonly [Exclude<RaftBug, 'none'>, number, string])[] = [
  ['forget-votes', 5, RAFT_INVARIANTS['election-safety']],
  ['vote-without-log-check', 1, RAFT_INVARIANTS['leader-completeness']],
  ['commit-old-term', 82, RAFT_INVARIANTS['leader-completeness']],
  ['no-truncate', 1, RAFT_INVARIANTS['log-matching']],
  ['accept-stale-term', 91, RAFT_INVARIANTS['committed-entries-kept']],
  ['no-dedupe', 1, RAFT_INVARIANTS['exactly-once']],
  ['read-without-lease', 1, RAFT_INVARIANTS['reads-see-acknowledged-appends']],
];

describe('raft bugs, each caught on a pinned seed', () => {
  it.each(PINNED)('bug=%s fails on seed %i: %s', (bug, seed, property) => {
    const report = runScenario(raft, { seed, params: { bug }, explain: false });
    expect(report.verdict).toBe('fail');
    expect(report.violations[0]?.property).toBe(property);
    expect(report.violations[0]?.nodes.length).toBeGreaterThan(0);
    expect(runScenario(raft, { seed, explain: false }).verdict).toBe('pass');
  });

  it('lists every bug but none among the pinned ones', () => {
    expect(PINNED.map(([bug]) => bug).sort()).toEqual((raft.params.bug as { values: readonly string[] }).values.filter((bug) => bug !== 'none').sort());
  });

  it('explains a violation with the last events of the servers it names', () => {
    const report = runScenario(raft, { seed: 5, params: { bug: 'forget-votes' } });
    const violation = report.violations[0];
    expect(violation?.message).toMatch(/^term \d+ has two leaders: node \d and node \d$/);
    expect(violation?.recentEvents?.length).toBeGreaterThan(0);
    expect(report.replay).toContain('--seed 5 --set bug=forget-votes');
  });

  it('names what is pending when liveness fails', () => {
    // Half the messages lost: commands stall, and the report says which and who leads.
    const report = runScenario(raft, { seed: 5, params: { loss: 0.6, faults: 'none' }, explain: false });
    expect(report.verdict).toBe('fail');
    expect(report.violations[0]?.message).toMatch(/^command c\d+#\d+ \((append|read) k\d\) submitted at [\d.]+m?s has not (committed|been answered)/);
  });
});
