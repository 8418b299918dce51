// The log on disk: 1-based indices, appends and suffix cuts that survive a restart,
// Raft's up-to-date rule for votes, and the back-off hint for mismatches.
import { describe, expect, it } from 'vitest';
import { DurableStorage } from '../../../src/node/durable-storage.ts';
import { RaftLog } from '../../../src/protocols/raft/raft-log.ts';
import { createEntry } from '../../../src/protocols/raft/raft-messages.ts';
import { highestHeldByMajority, majorityOf, validateRaftOptions, type RaftOptions } from '../../../src/protocols/raft/raft-options.ts';

function logWithTerms(terms: readonly number[], storage = new DurableStorage()): RaftLog {
  const log = new RaftLog(storage);
  for (const term of terms) log.append(createEntry(term, null));
  return log;
}

describe('the raft log', () => {
  it('counts from 1, with term 0 before the first entry', () => {
    const log = logWithTerms([1, 1, 2]);
    expect([log.lastIndex, log.lastTerm, log.termAt(0), log.termAt(3)]).toEqual([3, 2, 0, 2]);
    expect(log.slice(2, 3).map((entry) => entry.term)).toEqual([1, 2]);
    expect(() => log.entryAt(4)).toThrow(/no entry at index 4/);
  });

  it('cuts a suffix, and a new log on the same storage (a restart) sees what is left', () => {
    const storage = new DurableStorage();
    const log = logWithTerms([1, 1, 2, 2], storage);
    log.truncateFrom(3);
    expect(new RaftLog(storage).view.map((entry) => entry.term)).toEqual([1, 1]);
    expect(() => log.truncateFrom(0)).toThrow(RangeError);
  });

  it('stores the entries leaders create as they are (frozen, shared), not copies', () => {
    const entry = createEntry(3, { clientId: 5, requestId: 1, kind: 'append', key: 'k0' });
    const log = new RaftLog(new DurableStorage());
    log.append(entry);
    expect(log.entryAt(1)).toBe(entry);
    expect(Object.isFrozen(entry.command)).toBe(true);
  });

  it('copies an entry that is not frozen with its command, so later changes never reach the disk', () => {
    const command = { clientId: 5, requestId: 1, kind: 'append' as const, key: 'k0' };
    const entry = Object.freeze({ term: 3, command, attemptRpcId: 0, attemptBoot: 0 });
    const log = new RaftLog(new DurableStorage());
    log.append(entry);
    command.key = 'k1';
    expect(log.entryAt(1)).not.toBe(entry);
    expect(log.entryAt(1).command?.key).toBe('k0');
  });

  it('keeps the frozen entries themselves when compacting', () => {
    const log = logWithTerms([1, 1, 2]);
    const kept = log.entryAt(3);
    log.compactThrough(2);
    expect(log.entryAt(3)).toBe(kept);
  });

  it('applies the up-to-date rule: a later last term wins, then the longer log', () => {
    const log = logWithTerms([1, 2, 2]);
    expect(log.isNotAheadOf(3, 1)).toBe(true);
    expect(log.isNotAheadOf(2, 3)).toBe(true);
    expect(log.isNotAheadOf(2, 4)).toBe(true);
    expect(log.isNotAheadOf(2, 2)).toBe(false);
    expect(log.isNotAheadOf(1, 9)).toBe(false);
  });

  it('points a mismatch back to the first entry of the conflicting term', () => {
    const log = logWithTerms([1, 2, 2, 2, 3]);
    expect(log.firstIndexOfTermAt(4)).toBe(2);
    expect(log.firstIndexOfTermAt(1)).toBe(1);
  });
});

describe('raft options and quorum arithmetic', () => {
  const options: RaftOptions = {
    serverCount: 5,
    electionTimeoutMinUs: 150_000,
    electionTimeoutSpreadUs: 150_000,
    heartbeatIntervalUs: 50_000,
    replication: 'batched',
    preVote: false,
    checkQuorum: false,
    leaderLease: false,
    bug: 'none',
  };

  it('rejects a bad option, naming it and what is allowed', () => {
    expect(() => validateRaftOptions({ ...options, serverCount: 2 })).toThrow('raft: invalid serverCount 2: expected an integer from 3 to 9');
    expect(() => validateRaftOptions({ ...options, heartbeatIntervalUs: 0 })).toThrow(/invalid heartbeatIntervalUs 0/);
    expect(() => validateRaftOptions({ ...options, bug: 'typo' as RaftOptions['bug'] })).toThrow(/unknown bug "typo": expected one of none, forget-votes/);
  });

  it('needs more than half the servers, and commits what a majority holds', () => {
    expect([3, 4, 5, 9].map(majorityOf)).toEqual([2, 3, 3, 5]);
    expect(highestHeldByMajority([7, 3, 9, 3, 5], 3)).toBe(5);
    expect(highestHeldByMajority([7, 0, 0, 0, 0], 3)).toBe(0);
  });
});
