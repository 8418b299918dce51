// Log compaction (Raft section 7): right after a checkpoint of the state machine, a
// server forgets log entries well behind it, and the oldest values of each key, so a
// long run's memory stays flat. The checkpoint is the snapshot: a restart starts from
// it, and a follower that needs forgotten entries is sent it (snapshot-transfer.ts).
// Rule: compact only entries a stored checkpoint covers (hence committed), and keep
// RAFT_LIMITS.entriesKeptBehindCheckpoint of them, so a follower a little behind still
// catches up from the log.
import { RAFT_LIMITS } from './raft-options.ts';
import type { RaftServer } from './raft-server-state.ts';

/** Called after each checkpoint; does nothing until enough entries can go at once. */
export function compactAfterCheckpoint(server: RaftServer): void {
  if ((server.options.logCompaction ?? 'snapshot') === 'off') return;
  server.machine.dropOldValues(RAFT_LIMITS.valuesKeptPerKey, RAFT_LIMITS.compactionBatchEntries);
  const through = server.checkpointIndex - RAFT_LIMITS.entriesKeptBehindCheckpoint;
  if (through - server.raftLog.snapshotIndex >= RAFT_LIMITS.compactionBatchEntries) server.raftLog.compactThrough(through);
}
