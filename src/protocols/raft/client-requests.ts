// A server's side of the client protocol. Only the leader takes commands: it appends
// them to its log and answers once they are committed and applied. Anyone else says who
// the leader is, if it knows. A command that already took effect is answered from the
// state machine's session table without entering the log again. New entries go out
// at once or with the next heartbeat (RaftOptions.replication).
// Rule: a read is answered at once only under a lease (or by the read-without-lease
// bug); otherwise it goes through the log like a write, which makes it linearizable.
import type { NodeId } from '../../node/node-api.ts';
import { replicateNewEntries } from './replication.ts';
import { clientReply, type ClientRequest } from './client-rpc.ts';
import { createEntry, isReadCommand, outcomeOf } from './raft-messages.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';

export function handleClientRequest(server: RaftServer, context: RaftContext, from: NodeId, request: ClientRequest): void {
  const command = request.body;
  if (server.role !== 'leader') {
    const leaderHint = server.leaderId === server.id ? null : server.leaderId;
    context.send(from, clientReply(request.rpcId, request.boot, { kind: 'not-leader', leaderHint }, server.id));
    return;
  }
  const answered = server.machine.answered(command);
  if (answered !== undefined) {
    context.send(from, clientReply(request.rpcId, request.boot, outcomeOf(answered), server.id));
    return;
  }
  if (isReadCommand(command) && canReadLocally(server)) {
    server.localReads++;
    context.send(from, clientReply(request.rpcId, request.boot, outcomeOf(server.machine.query(command)), server.id));
    return;
  }
  server.raftLog.append(createEntry(server.term, command, request));
  if (server.options.replication === 'immediate') replicateNewEntries(server, context);
}

/** A leader may answer a read alone only while it holds a lease and knows what is committed. */
function canReadLocally(server: RaftServer): boolean {
  // BUG read-without-lease: the leader trusts that it is still the leader.
  if (server.options.bug === 'read-without-lease') return true;
  return server.holdsLease && server.raftLog.termAt(server.commitIndex) === server.term;
}
