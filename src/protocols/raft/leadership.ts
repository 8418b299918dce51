// Being leader: taking office after winning an election, and the heartbeat tick that
// keeps followers from starting elections, renews the read lease, and (with
// check-quorum) makes a leader that cannot hear a majority step down.
// Rule: a leader never changes or removes entries in its own log; it only appends.
import { armTick, becomeFollower } from './election.ts';
import { createEntry } from './raft-messages.ts';
import { replicateToAll, sendHeartbeats } from './replication.ts';
import { majorityOf } from './raft-options.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';

export function startLeadership(server: RaftServer, context: RaftContext): void {
  server.role = 'leader';
  server.leaderId = server.id;
  server.votes.clear();
  server.nextIndex.fill(server.raftLog.lastIndex + 1);
  server.matchIndex.fill(0);
  server.isAwaitingReply.fill(false);
  server.lastHeardAt.fill(context.now);
  server.leaderSince = context.now;
  server.lease.reset();
  // A lease read needs the leader to know what is committed, which it learns only by
  // committing an entry of its own term: a no-op does that at once (Raft paper, section 8).
  if (server.options.leaderLease) server.raftLog.append(createEntry(server.term, null));
  startHeartbeatRound(server, context);
  replicateToAll(server, context);
  armTick(server, context);
}

/** Every heartbeat interval: step down without a quorum, else send a new round. */
export function onLeaderTick(server: RaftServer, context: RaftContext): void {
  if (server.options.checkQuorum && !hasHeardFromMajority(server, context)) {
    becomeFollower(server, context, server.term);
    return;
  }
  startHeartbeatRound(server, context);
  sendHeartbeats(server, context);
  armTick(server, context);
}

/** Lease-expiry timer of one round (see leader-lease.ts). */
export function onLeaseExpiry(server: RaftServer, term: number, round: number): void {
  if (server.role === 'leader' && term === server.term) server.lease.expire(round);
}

/** A new lease round: AppendEntries from now on carry its number (see leader-lease.ts). */
function startHeartbeatRound(server: RaftServer, context: RaftContext): void {
  const round = server.lease.nextRound();
  if (server.options.leaderLease) context.setTimer(server.lease.durationUs, { kind: 'lease-expiry', term: server.term, round });
}

/** Check-quorum: has a majority (this leader included) answered within the minimum election timeout? */
function hasHeardFromMajority(server: RaftServer, context: RaftContext): boolean {
  const window = server.options.electionTimeoutMinUs;
  if (context.now - server.leaderSince < window) return true;
  let heard = 1;
  server.forEachPeer((peer) => {
    if (context.now - (server.lastHeardAt[peer] as number) < window) heard++;
  });
  return heard >= majorityOf(server.options.serverCount);
}
