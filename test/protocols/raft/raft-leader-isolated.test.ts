// raft-leader-isolated: the leader is cut off (with one client on its side); the others
// elect a new leader, and the old one, though it goes on appending that client's
// commands, commits nothing. After the heal it steps down and its lone entries vanish.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../src/engine/time.ts';
import { RAFT_INVARIANTS } from '../../../src/protocols/raft/raft-invariants.ts';
import type { RaftView } from '../../../src/protocols/raft/raft-view.ts';
import { runScenario, ScenarioRun } from '../../../src/scenario/runner.ts';
import leaderIsolated from '../../../scenarios/raft-leader-isolated.ts';

/** The state of every server at `atUs`. */
function viewsAt(seed: number, atUs: number): (RaftView | undefined)[] {
  const run = new ScenarioRun(leaderIsolated, { seed, untilUs: atUs });
  run.run();
  return [0, 1, 2, 3, 4].map((node) => run.world.cluster.inspect(node) as RaftView | undefined);
}

describe('raft-leader-isolated', () => {
  it('passes its checks on seeds 1..3: a new leader while the old one is cut off, and no commit by the old one', () => {
    const reports = [1, 2, 3].map((seed) => runScenario(leaderIsolated, { seed, explain: false }));
    expect(reports.map((report) => report.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(reports.every((report) => /^node \d \(term \d+\)$/.test(String(report.summary['isolated leader'])))).toBe(true);
  });

  it('leaves the old leader appending commands it cannot commit, then elects another', () => {
    const before = viewsAt(3, seconds(3) - 1);
    const oldLeader = before.findIndex((view) => view?.role === 'leader');
    expect(oldLeader).toBeGreaterThanOrEqual(0);
    const old = before[oldLeader] as RaftView;
    const cutOff = { term: old.term, commitIndex: old.commitIndex, lastIndex: old.log.length };
    const during = viewsAt(3, seconds(4.9));
    const stale = during[oldLeader] as RaftView;
    expect(stale.role).toBe('leader');
    expect(stale.term).toBe(cutOff.term);
    expect(stale.log.length).toBeGreaterThan(cutOff.lastIndex);
    expect(stale.commitIndex).toBe(cutOff.commitIndex);
    expect(during.some((view) => view !== undefined && view.role === 'leader' && view.term > cutOff.term)).toBe(true);
    const after = viewsAt(3, seconds(6));
    const healed = after[oldLeader] as RaftView;
    expect(healed.role).toBe('follower');
    expect(healed.log.slice(cutOff.lastIndex).some((entry) => entry.term === cutOff.term)).toBe(false);
  });

  it('catches followers that obey the deposed leader after the heal (bug=accept-stale-term)', () => {
    const report = runScenario(leaderIsolated, { seed: 3, params: { bug: 'accept-stale-term' }, explain: false });
    expect(report.verdict).toBe('fail');
    expect(report.violations[0]?.property).toBe(RAFT_INVARIANTS['committed-entries-kept']);
    expect(report.violations[0]?.timeUs).toBeGreaterThanOrEqual(seconds(5));
  });

  it('says so when the isolation is too short for an election', () => {
    const report = runScenario(leaderIsolated, { seed: 1, params: { isolation: '20ms' }, explain: false });
    expect(report.violations.map((violation) => violation.property)).toEqual(['a new leader is elected while the old one is cut off']);
    expect(report.violations[0]?.message).toMatch(/^node \d was cut off as leader of term \d+ at 3s, and no later term had a leader by the heal at 3\.02s$/);
  });
});
