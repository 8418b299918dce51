// A node of the CP store: a Raft server whose state machine holds the text keys
// (key-value-machine.ts in src/protocols/raft), so the store itself is Raft unchanged.
// The one thing added here is the deliberate stale-local-read bug, which answers gets
// before Raft sees them. Rule: without a bug this is exactly raftServer(options).
import type { NodeBehavior, NodeFactory } from '../../node/node-api.ts';
import { clientReply } from '../raft/client-rpc.ts';
import type { RaftMessage } from '../raft/raft-messages.ts';
import type { RaftOptions } from '../raft/raft-options.ts';
import { raftServer } from '../raft/raft-server.ts';
import type { RaftTimerTag } from '../raft/raft-server-state.ts';
import type { RaftView } from '../raft/raft-view.ts';
import type { KvCpBug } from './kv-cp-options.ts';

export function kvCpStoreNode(options: RaftOptions, bug: KvCpBug): NodeFactory<RaftMessage, RaftTimerTag> {
  const raft = raftServer(options);
  return (id) => {
    const server = raft(id);
    return bug === 'stale-local-read' ? withStaleLocalReads(server) : server;
  };
}

function withStaleLocalReads(server: NodeBehavior<RaftMessage, RaftTimerTag>): NodeBehavior<RaftMessage, RaftTimerTag> {
  return {
    ...server,
    onMessage(context, from, message) {
      // BUG stale-local-read: any node answers a get from what it has applied, leader or not.
      if (message.type === 'rpc-request' && message.body.kind === 'text-get') {
        const view = server.inspect?.() as RaftView | undefined;
        const value = view?.texts?.get(message.body.key) ?? '';
        context.send(from, clientReply(message.rpcId, message.boot, { kind: 'text-ok', result: { value, applied: true } }, context.id));
        return;
      }
      server.onMessage(context, from, message);
    },
  };
}
