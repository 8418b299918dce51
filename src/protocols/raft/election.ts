// Leader election. A follower that hears no leader for its election timeout (random in
// [min, min + spread], so that servers rarely time out together) starts a new term,
// votes for itself and asks the others. A server grants one vote per term, and only to
// a candidate whose log is at least as up to date as its own; a majority makes a leader.
// With pre-vote, a trial round that changes nothing comes first.
// Rule: a server that sees a higher term in any message adopts it and becomes a follower.
import { isInLeaderContact, noteLeaderContact } from './leader-contact.ts';
import { startLeadership } from './leadership.ts';
import type { RaftMessage } from './raft-messages.ts';
import { isStickyToLeader, majorityOf } from './raft-options.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';
import type { NodeId } from '../../node/node-api.ts';

const ELECTION_TIMER = { kind: 'election' } as const;
const TICK_TIMER = { kind: 'tick' } as const;

type Message<Type extends RaftMessage['type']> = Extract<RaftMessage, { type: Type }>;

/** Starts the countdown again from now; `redraw` picks a fresh random timeout. */
export function restartElectionCountdown(server: RaftServer, context: RaftContext, redraw: boolean): void {
  if (redraw || server.electionTimeoutUs === 0) server.electionTimeoutUs = drawElectionTimeout(server, context);
  server.electionDeadline = context.now + server.electionTimeoutUs;
  armElectionTimer(server, context);
}

/** Called when the follower hears from its leader: the deadline moves, the timer stays. */
export function heardFromLeader(server: RaftServer, context: RaftContext): void {
  server.electionDeadline = context.now + server.electionTimeoutUs;
  noteLeaderContact(server, context);
}

export function onElectionTimer(server: RaftServer, context: RaftContext): void {
  server.electionTimer = undefined;
  if (server.role === 'leader') return;
  if (context.now < server.electionDeadline) {
    armElectionTimer(server, context);
    return;
  }
  if (server.options.preVote) startPreVote(server, context);
  else startElection(server, context);
}

/** Leaders and candidates re-arm a tick every heartbeat interval (see onTick in raft-server.ts). */
export function armTick(server: RaftServer, context: RaftContext): void {
  if (server.isTickArmed) return;
  server.isTickArmed = true;
  context.setTimer(server.options.heartbeatIntervalUs, TICK_TIMER);
}

/** Candidates re-ask the servers that have not answered, in case the request was lost. */
export function resendVoteRequests(server: RaftServer, context: RaftContext): void {
  const request = server.role === 'candidate' ? voteRequest(server) : preVoteRequest(server);
  server.forEachPeer((peer) => {
    if (!server.votes.has(peer)) context.send(peer, request);
  });
}

export function handlePreVote(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'pre-vote'>): void {
  const granted = message.term > server.term && !isInLeaderContact(server) && isLogAcceptable(server, message.lastLogTerm, message.lastLogIndex);
  context.send(from, { type: 'pre-vote-reply', term: server.term, proposedTerm: message.term, granted });
}

export function handlePreVoteReply(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'pre-vote-reply'>): void {
  if (message.term > server.term) {
    becomeFollower(server, context, message.term);
    return;
  }
  if (server.role !== 'pre-candidate' || message.proposedTerm !== server.term + 1 || !message.granted) return;
  server.votes.add(from);
  if (server.votes.size >= majorityOf(server.options.serverCount)) startElection(server, context);
}

export function handleRequestVote(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'request-vote'>): void {
  if (message.term > server.term && isStickyToLeader(server.options) && isInLeaderContact(server)) {
    // Section 6 of the Raft paper: ignore the request, do not even adopt its term.
    context.send(from, { type: 'vote-reply', term: server.term, granted: false });
    return;
  }
  if (message.term > server.term) becomeFollower(server, context, message.term);
  const votedFor = server.votedFor;
  const granted =
    message.term === server.term && (votedFor === null || votedFor === from) && isLogAcceptable(server, message.lastLogTerm, message.lastLogIndex);
  if (granted) {
    if (votedFor !== from) server.persistent.update(server.term, from);
    restartElectionCountdown(server, context, true);
  }
  context.send(from, { type: 'vote-reply', term: server.term, granted });
}

export function handleVoteReply(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'vote-reply'>): void {
  if (message.term > server.term) {
    becomeFollower(server, context, message.term);
    return;
  }
  if (server.role !== 'candidate' || message.term !== server.term || !message.granted) return;
  server.votes.add(from);
  if (server.votes.size >= majorityOf(server.options.serverCount)) startLeadership(server, context);
}

/**
 * Adopts `term` (when it is newer) and becomes a follower. A new term comes with no vote
 * and no known leader; a leader stepping down starts an election countdown.
 */
export function becomeFollower(server: RaftServer, context: RaftContext, term: number): void {
  if (term > server.term) {
    server.persistent.update(term, null);
    server.leaderId = null;
  }
  const wasLeader = server.role === 'leader';
  server.role = 'follower';
  server.votes.clear();
  if (wasLeader) {
    server.leaderId = null;
    restartElectionCountdown(server, context, true);
  }
}

function startPreVote(server: RaftServer, context: RaftContext): void {
  server.role = 'pre-candidate';
  server.leaderId = null;
  server.votes.clear();
  server.votes.add(server.id);
  const request = preVoteRequest(server);
  server.forEachPeer((peer) => context.send(peer, request));
  restartElectionCountdown(server, context, true);
  armTick(server, context);
}

function startElection(server: RaftServer, context: RaftContext): void {
  server.persistent.update(server.term + 1, server.id);
  server.role = 'candidate';
  server.leaderId = null;
  server.votes.clear();
  server.votes.add(server.id);
  const request = voteRequest(server);
  server.forEachPeer((peer) => context.send(peer, request));
  restartElectionCountdown(server, context, true);
  armTick(server, context);
}

function voteRequest(server: RaftServer): Message<'request-vote'> {
  return { type: 'request-vote', term: server.term, lastLogIndex: server.raftLog.lastIndex, lastLogTerm: server.raftLog.lastTerm };
}

function preVoteRequest(server: RaftServer): Message<'pre-vote'> {
  return { type: 'pre-vote', term: server.term + 1, lastLogIndex: server.raftLog.lastIndex, lastLogTerm: server.raftLog.lastTerm };
}

/** The up-to-date-log restriction: never vote for a candidate that could lack committed entries. */
function isLogAcceptable(server: RaftServer, lastLogTerm: number, lastLogIndex: number): boolean {
  // BUG vote-without-log-check: any candidate will do, even one missing committed entries.
  if (server.options.bug === 'vote-without-log-check') return true;
  return server.raftLog.isNotAheadOf(lastLogTerm, lastLogIndex);
}

function drawElectionTimeout(server: RaftServer, context: RaftContext): number {
  const { electionTimeoutMinUs, electionTimeoutSpreadUs } = server.options;
  return electionTimeoutMinUs + (electionTimeoutSpreadUs === 0 ? 0 : context.random.intInclusive(0, electionTimeoutSpreadUs));
}

/** Arms the timer unless one already fires by the deadline (then it re-arms itself when it fires). */
function armElectionTimer(server: RaftServer, context: RaftContext): void {
  if (server.electionTimer !== undefined) {
    if (server.electionTimerAt <= server.electionDeadline) return;
    context.cancelTimer(server.electionTimer);
  }
  server.electionTimerAt = server.electionDeadline;
  server.electionTimer = context.setTimer(Math.max(0, server.electionDeadline - context.now), ELECTION_TIMER);
}
