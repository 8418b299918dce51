// A Raft server as a node: builds its state at start and after every restart, and
// routes each message and timer to the module that owns it.
// Rule: every handler bumps the view's revision, so checkers never miss a change.
import { assertNever } from '../../engine/assert-never.ts';
import type { NodeBehavior, NodeFactory, NodeId } from '../../node/node-api.ts';
import { handleClientRequest } from './client-requests.ts';
import { armTick, handlePreVote, handlePreVoteReply, handleRequestVote, handleVoteReply, onElectionTimer, resendVoteRequests, restartElectionCountdown } from './election.ts';
import { noteLeaderContact, onLeaderContactTimer } from './leader-contact.ts';
import { onLeaderTick, onLeaseExpiry } from './leadership.ts';
import { handleAppendEntries, handleAppendReply } from './replication.ts';
import { handleInstallSnapshot } from './snapshot-transfer.ts';
import type { RaftMessage } from './raft-messages.ts';
import { validateRaftOptions, type RaftOptions } from './raft-options.ts';
import { RaftServer, type RaftContext, type RaftTimerTag } from './raft-server-state.ts';
import type { RaftView } from './raft-view.ts';

/** The factory for servers 0..serverCount-1; throws a RangeError for bad options. */
export function raftServer(options: RaftOptions): NodeFactory<RaftMessage, RaftTimerTag> {
  validateRaftOptions(options);
  return (id) => serverBehavior(id, options);
}

function serverBehavior(id: NodeId, options: RaftOptions): NodeBehavior<RaftMessage, RaftTimerTag> {
  if (!(id >= 0 && id < options.serverCount)) {
    throw new RangeError(`raft: server id ${id} is outside 0..${options.serverCount - 1}; add servers before clients`);
  }
  let server: RaftServer | undefined;
  const current = (): RaftServer => {
    if (server === undefined) throw new Error(`raft: server ${id} got work before it started`);
    server.revision++;
    return server;
  };
  return {
    onStart(context) {
      server = new RaftServer(id, options, context.storage);
      restartElectionCountdown(server, context, true);
    },
    onRecover(context) {
      server = new RaftServer(id, options, context.storage);
      noteLeaderContact(server, context);
      restartElectionCountdown(server, context, true);
    },
    onMessage: (context, from, message) => dispatchMessage(current(), context, from, message),
    onTimer: (context, tag) => dispatchTimer(current(), context, tag),
    inspect: (): RaftView | undefined => server,
  };
}

function dispatchMessage(server: RaftServer, context: RaftContext, from: NodeId, message: RaftMessage): void {
  switch (message.type) {
    case 'pre-vote':
      return handlePreVote(server, context, from, message);
    case 'pre-vote-reply':
      return handlePreVoteReply(server, context, from, message);
    case 'request-vote':
      return handleRequestVote(server, context, from, message);
    case 'vote-reply':
      return handleVoteReply(server, context, from, message);
    case 'append-entries':
      return handleAppendEntries(server, context, from, message);
    case 'append-reply':
      return handleAppendReply(server, context, from, message);
    case 'install-snapshot':
      return handleInstallSnapshot(server, context, from, message);
    case 'rpc-request':
      return handleClientRequest(server, context, from, message);
    case 'rpc-reply':
      return; // meant for clients; a server has nothing to do with it
    default:
      return assertNever(message);
  }
}

function dispatchTimer(server: RaftServer, context: RaftContext, tag: RaftTimerTag): void {
  switch (tag.kind) {
    case 'election':
      return onElectionTimer(server, context);
    case 'tick':
      return onTick(server, context);
    case 'leader-contact':
      return onLeaderContactTimer(server, context);
    case 'lease-expiry':
      return onLeaseExpiry(server, tag.term, tag.round);
    default:
      return assertNever(tag);
  }
}

/** Leaders send heartbeats; candidates re-ask for votes; anyone else lets the tick lapse. */
function onTick(server: RaftServer, context: RaftContext): void {
  server.isTickArmed = false;
  switch (server.role) {
    case 'leader':
      return onLeaderTick(server, context);
    case 'candidate':
    case 'pre-candidate':
      resendVoteRequests(server, context);
      return armTick(server, context);
    case 'follower':
      return;
    default:
      return assertNever(server.role);
  }
}
