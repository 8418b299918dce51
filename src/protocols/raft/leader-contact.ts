// Whether a server has heard from a leader within the minimum election timeout. A
// server that has will not help anyone start a new term: it refuses pre-votes always,
// and real votes too when check-quorum or leases are on (the Raft paper, section 6: a
// follower that hears from its leader ignores vote requests, so a node that was cut off
// cannot depose a healthy leader, and a leader's lease stays safe).
// Rule: measured with a timer, not clock readings, so a jumping clock cannot shorten it;
// a restarted server counts as having just heard from a leader (it may have, before the
// crash, and a lease may rely on it).
import { isStickyToLeader } from './raft-options.ts';
import type { RaftContext, RaftServer } from './raft-server-state.ts';

const CONTACT_TIMER = { kind: 'leader-contact' } as const;

export function noteLeaderContact(server: RaftServer, context: RaftContext): void {
  // Only pre-vote and sticky followers ask; without them, tracking would cost a timer event per timeout.
  if (!(server.options.preVote || isStickyToLeader(server.options))) return;
  server.heardFromLeaderRecently = true;
  if (server.isContactTimerArmed) {
    server.heardSinceContactTimerArmed = true;
    return;
  }
  armContactTimer(server, context);
}

/**
 * The timer ran a minimum election timeout since it was armed: if the leader was heard
 * meanwhile, wait one more timeout (the contact is at most that old); else the contact
 * has lapsed.
 */
export function onLeaderContactTimer(server: RaftServer, context: RaftContext): void {
  server.isContactTimerArmed = false;
  if (server.heardSinceContactTimerArmed) armContactTimer(server, context);
  else server.heardFromLeaderRecently = false;
}

/** A leader counts as in contact with itself. */
export function isInLeaderContact(server: RaftServer): boolean {
  return server.role === 'leader' || server.heardFromLeaderRecently;
}

function armContactTimer(server: RaftServer, context: RaftContext): void {
  server.isContactTimerArmed = true;
  server.heardSinceContactTimerArmed = false;
  context.setTimer(server.options.electionTimeoutMinUs, CONTACT_TIMER);
}
