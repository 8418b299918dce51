// InstallSnapshot (Raft section 7), in one message: a leader whose log no longer holds
// the entries a follower needs sends its latest checkpoint instead. The follower keeps
// the entries after the checkpoint if its log agrees there, otherwise drops its whole
// log, becomes the checkpoint's state machine, and answers like a successful
// AppendEntries up to the checkpoint's last index.
// Rule: a checkpoint covers committed entries only, so installing one never removes a
// committed entry, and a server that has committed past it ignores it.
import type { NodeId } from '../../node/node-api.ts';
import { becomeFollower, heardFromLeader } from './election.ts';
import type { RaftMessage } from './raft-messages.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';
import { loadCheckpoint, saveCheckpoint, type StateMachineCheckpoint } from './state-machine-checkpoint.ts';

type Message<Type extends RaftMessage['type']> = Extract<RaftMessage, { type: Type }>;

/** Leader side: the checkpoint goes out as one batch awaiting its answer (an append-reply). */
export function sendSnapshot(server: RaftServer, context: RaftContext, peer: NodeId): void {
  const snapshot = loadCheckpoint(server.storage);
  if (snapshot === undefined) throw new Error(`raft: node ${server.id} compacted its log to ${server.raftLog.snapshotIndex} without a checkpoint`);
  context.send(peer, { type: 'install-snapshot', term: server.term, snapshot, round: server.lease.round });
  server.isAwaitingReply[peer] = true;
  server.lastSentAt[peer] = context.now;
}

export function handleInstallSnapshot(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'install-snapshot'>): void {
  if (message.term < server.term) {
    context.send(from, { type: 'append-reply', term: server.term, success: false, matchIndex: 0, conflictIndex: 0, round: message.round });
    return;
  }
  if (message.term > server.term || server.role !== 'follower') becomeFollower(server, context, message.term);
  server.leaderId = from;
  heardFromLeader(server, context);
  if (message.snapshot.lastAppliedIndex > server.commitIndex) install(server, message.snapshot);
  context.send(from, { type: 'append-reply', term: server.term, success: true, matchIndex: message.snapshot.lastAppliedIndex, conflictIndex: 0, round: message.round });
}

function install(server: RaftServer, snapshot: StateMachineCheckpoint): void {
  const log = server.raftLog;
  const { lastAppliedIndex: index, lastAppliedTerm: term } = snapshot;
  if (log.holds(index) && log.termAt(index) === term) log.compactThrough(index);
  else log.resetTo(index, term);
  saveCheckpoint(server.storage, snapshot);
  server.machine.restore(snapshot.machine);
  server.checkpointIndex = server.commitIndex = server.lastApplied = index;
}
