// Checkpoints of the state machine, so a restart does not replay the whole log. The
// machine's values are on disk already (key-value-machine.ts); every
// RAFT_LIMITS.checkpointInterval applied entries a server also writes down the index and
// term of the last entry applied, each key's length and the client sessions. After a
// restart the machine is cut back to the checkpoint and only later entries are applied.
// Rule: a checkpoint covers applied, hence committed, entries only, and is trusted only
// if the log still holds the entry it ends with (otherwise the whole log is replayed).
// With log compaction (log-compaction.ts) the checkpoint is also the snapshot: the log
// before it may be forgotten, and a follower far behind is sent the checkpoint itself.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { MachineCheckpoint } from './key-value-machine.ts';
import type { RaftLog } from './raft-log.ts';

const CHECKPOINT_KEY = 'raft/state-machine-checkpoint';

export interface StateMachineCheckpoint {
  readonly lastAppliedIndex: number;
  readonly lastAppliedTerm: number;
  readonly machine: MachineCheckpoint;
}

export function saveCheckpoint(storage: DurableStorage, checkpoint: StateMachineCheckpoint): void {
  storage.set(CHECKPOINT_KEY, checkpoint);
}

/** The stored checkpoint, whether or not the log still holds its last entry. */
export function loadCheckpoint(storage: DurableStorage): StateMachineCheckpoint | undefined {
  return storage.get<StateMachineCheckpoint>(CHECKPOINT_KEY);
}

/** The stored checkpoint, if there is one and the log still holds the entry it ends with. */
export function loadUsableCheckpoint(storage: DurableStorage, log: RaftLog): StateMachineCheckpoint | undefined {
  const checkpoint = storage.get<StateMachineCheckpoint>(CHECKPOINT_KEY);
  if (checkpoint === undefined || checkpoint.lastAppliedIndex > log.lastIndex || checkpoint.lastAppliedIndex < log.snapshotIndex) return undefined;
  return log.termAt(checkpoint.lastAppliedIndex) === checkpoint.lastAppliedTerm ? checkpoint : undefined;
}
