// Log replication. The leader sends each follower the entries from its nextIndex on,
// with the index and term of the entry just before them; the follower accepts only if
// its log holds that entry (the consistency check), so logs that match at one entry
// match everywhere before it. On a mismatch the leader backs nextIndex off and retries.
// An entry of the leader's own term is committed once a majority stores it, and
// committed entries are applied to the state machine in order.
// A follower that needs entries the leader has compacted gets the leader's snapshot
// instead (snapshot-transfer.ts).
// Rule: a follower removes entries only where they conflict with the leader's (same
// index, different term), never because a message is shorter or late.
import type { NodeId } from '../../node/node-api.ts';
import { becomeFollower, heardFromLeader } from './election.ts';
import { applyCommitted } from './state-machine-apply.ts';
import { sendSnapshot } from './snapshot-transfer.ts';
import type { LogEntry, RaftMessage } from './raft-messages.ts';
import { highestHeldByMajority, majorityOf, RAFT_LIMITS } from './raft-options.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';

type Message<Type extends RaftMessage['type']> = Extract<RaftMessage, { type: Type }>;

const NO_ENTRIES: readonly LogEntry[] = Object.freeze([]);

/**
 * Heartbeat: sends every follower what it lacks, or nothing but the commit index. With
 * immediate replication, a follower sent something in the last half interval is skipped
 * (under load, new entries keep it informed and a heartbeat would double the traffic).
 */
export function sendHeartbeats(server: RaftServer, context: RaftContext): void {
  const recent = server.options.replication === 'immediate' ? context.now - Math.floor(server.options.heartbeatIntervalUs / 2) : context.now;
  for (let peer = 0; peer < server.options.serverCount; peer++) {
    if (peer !== server.id && ((server.lastSentAt[peer] as number) <= recent || (server.nextIndex[peer] as number) <= server.raftLog.lastIndex)) {
      sendAppendEntries(server, context, peer);
    }
  }
}

/** Sends every follower what it lacks, or an empty AppendEntries (a new leader's first round). */
export function replicateToAll(server: RaftServer, context: RaftContext): void {
  for (let peer = 0; peer < server.options.serverCount; peer++) if (peer !== server.id) sendAppendEntries(server, context, peer);
}

/**
 * New entries: sends them to every follower that is not waiting for an answer already
 * (flow control: one batch in flight per follower; the answer triggers the next batch,
 * so entries that arrive meanwhile travel together).
 */
export function replicateNewEntries(server: RaftServer, context: RaftContext): void {
  for (let peer = 0; peer < server.options.serverCount; peer++) {
    if (peer !== server.id && !server.isAwaitingReply[peer]) sendAppendEntries(server, context, peer);
  }
}

/**
 * Sends one follower the entries from its nextIndex on (at most a batch). nextIndex moves
 * only when the follower answers: forward on success, back on a mismatch.
 */
export function sendAppendEntries(server: RaftServer, context: RaftContext, peer: NodeId): void {
  const log = server.raftLog;
  const next = server.nextIndex[peer] as number;
  const prevLogIndex = next - 1;
  if (prevLogIndex < log.snapshotIndex) {
    sendSnapshot(server, context, peer);
    return;
  }
  const last = Math.min(log.lastIndex, prevLogIndex + RAFT_LIMITS.maxEntriesPerAppend);
  const entries = next <= last ? log.slice(next, last) : NO_ENTRIES;
  context.send(peer, {
    type: 'append-entries',
    term: server.term,
    prevLogIndex,
    prevLogTerm: log.termAt(prevLogIndex),
    entries,
    leaderCommit: server.commitIndex,
    round: server.lease.round,
  });
  server.isAwaitingReply[peer] = entries.length > 0;
  server.lastSentAt[peer] = context.now;
}

export function handleAppendEntries(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'append-entries'>): void {
  // BUG accept-stale-term: no check of the sender's term, so a deposed leader still gets its way.
  if (message.term < server.term && server.options.bug !== 'accept-stale-term') {
    context.send(from, { type: 'append-reply', term: server.term, success: false, matchIndex: 0, conflictIndex: 0, round: message.round });
    return;
  }
  if (message.term > server.term || server.role !== 'follower') becomeFollower(server, context, message.term);
  server.leaderId = from;
  heardFromLeader(server, context);
  const conflictIndex = findConsistencyProblem(server, message.prevLogIndex, message.prevLogTerm);
  if (conflictIndex !== undefined) {
    context.send(from, { type: 'append-reply', term: server.term, success: false, matchIndex: 0, conflictIndex, round: message.round });
    return;
  }
  mergeEntries(server, message.prevLogIndex, message.entries);
  const matchIndex = message.prevLogIndex + message.entries.length;
  const commitIndex = Math.min(message.leaderCommit, matchIndex);
  if (commitIndex > server.commitIndex) {
    server.commitIndex = commitIndex;
    applyCommitted(server, context);
  }
  context.send(from, { type: 'append-reply', term: server.term, success: true, matchIndex, conflictIndex: 0, round: message.round });
}

export function handleAppendReply(server: RaftServer, context: RaftContext, from: NodeId, message: Message<'append-reply'>): void {
  if (message.term > server.term) {
    becomeFollower(server, context, message.term);
    return;
  }
  if (server.role !== 'leader' || message.term !== server.term) return;
  server.lastHeardAt[from] = context.now;
  server.isAwaitingReply[from] = false;
  if (server.options.leaderLease) server.lease.acknowledge(from, message.round, server.id);
  const matchIndex = server.matchIndex[from] as number;
  if (message.success) {
    if (message.matchIndex > matchIndex) {
      server.matchIndex[from] = message.matchIndex;
      server.nextIndex[from] = Math.max(server.nextIndex[from] as number, message.matchIndex + 1);
      advanceCommitIndex(server, context);
      if (hasMoreToSend(server, from)) sendAppendEntries(server, context, from);
    }
    return;
  }
  const next = server.nextIndex[from] as number;
  server.nextIndex[from] = Math.max(matchIndex + 1, Math.min(next - 1, message.conflictIndex));
  sendAppendEntries(server, context, from);
}

/**
 * After a success: send the next batch at once? With immediate replication, whenever
 * anything is left; batched, only to a follower more than a full batch behind (catching
 * up), the rest waits for the next heartbeat.
 */
function hasMoreToSend(server: RaftServer, peer: NodeId): boolean {
  const behind = server.raftLog.lastIndex - (server.matchIndex[peer] as number);
  return server.options.replication === 'immediate' ? behind > 0 : behind >= RAFT_LIMITS.maxEntriesPerAppend;
}

/**
 * undefined when the log holds the entry before the new ones (or compacted it: compacted
 * entries are committed, so they match the leader's); else where the leader should retry.
 */
function findConsistencyProblem(server: RaftServer, prevLogIndex: number, prevLogTerm: number): number | undefined {
  const log = server.raftLog;
  if (prevLogIndex > log.lastIndex) return log.lastIndex + 1;
  if (prevLogIndex < log.snapshotIndex) return undefined;
  if (log.termAt(prevLogIndex) !== prevLogTerm) return log.firstIndexOfTermAt(prevLogIndex);
  return undefined;
}

function mergeEntries(server: RaftServer, prevLogIndex: number, entries: readonly LogEntry[]): void {
  const log = server.raftLog;
  for (let offset = Math.max(0, log.snapshotIndex - prevLogIndex); offset < entries.length; offset++) {
    const index = prevLogIndex + 1 + offset;
    const entry = entries[offset] as LogEntry;
    if (index <= log.lastIndex) {
      if (log.termAt(index) === entry.term) continue; // already there
      // BUG no-truncate: the follower keeps its own conflicting entry and still reports a match.
      if (server.options.bug === 'no-truncate') continue;
      log.truncateFrom(index);
    }
    log.append(entry);
  }
}

/**
 * The commit rule: the highest index a majority stores is committed, but only if its
 * entry is of the current term; earlier entries are committed with it (Raft paper,
 * section 5.4.2: counting replicas of an older entry is not enough, see Figure 8).
 */
function advanceCommitIndex(server: RaftServer, context: RaftContext): void {
  server.matchIndex[server.id] = server.raftLog.lastIndex;
  const agreed = highestHeldByMajority(server.matchIndex, majorityOf(server.options.serverCount));
  if (agreed <= server.commitIndex) return;
  // BUG commit-old-term: an entry of an earlier term is committed just because a majority stores it.
  if (server.raftLog.termAt(agreed) !== server.term && server.options.bug !== 'commit-old-term') return;
  server.commitIndex = agreed;
  applyCommitted(server, context);
}
