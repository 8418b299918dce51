// Applying committed entries to the state machine, in log order, and answering the
// client whose command it was (only the leader answers; followers apply silently).
// Rule: lastApplied only moves forward within one incarnation, and never past commitIndex.
import { clientReply } from './client-rpc.ts';
import { outcomeOf } from './raft-messages.ts';
import { RAFT_LIMITS } from './raft-options.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';
import { saveCheckpoint } from './state-machine-checkpoint.ts';
import { compactAfterCheckpoint } from './log-compaction.ts';

export function applyCommitted(server: RaftServer, context: RaftContext): void {
  const log = server.raftLog;
  while (server.lastApplied < server.commitIndex) {
    server.lastApplied++;
    const entry = log.entryAt(server.lastApplied);
    const command = entry.command;
    if (command === null) continue; // a leader's no-op
    const result = server.machine.apply(command);
    // The answer names the attempt the entry came from, whichever leader received it.
    if (server.role === 'leader' && result !== undefined) context.send(command.clientId, clientReply(entry.attemptRpcId, entry.attemptBoot, outcomeOf(result), server.id));
  }
  if (server.lastApplied - server.checkpointIndex >= RAFT_LIMITS.checkpointInterval) {
    server.checkpointIndex = server.lastApplied;
    saveCheckpoint(server.storage, { lastAppliedIndex: server.lastApplied, lastAppliedTerm: log.termAt(server.lastApplied), machine: server.machine.checkpoint() });
    compactAfterCheckpoint(server);
  }
}
