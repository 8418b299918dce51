// Runs a store written for node ids 0..n-1 at ids `offset`..`offset`+n-1, so that two
// stores (each numbering its own nodes from 0) can share one world. The node sees its
// own numbering: its id, every `from`, every `to` are shifted by `offset`.
// Rule: every node of a shifted store (store nodes and clients alike) must be shifted by
// the same offset, and it talks only to nodes of its own store; with offset 0 the
// factory is returned unchanged.
import type { NodeBehavior, NodeContext, NodeFactory, NodeId } from '../../src/node/node-api.ts';

export function shiftedFactory<Message, TimerTag>(factory: NodeFactory<Message, TimerTag>, offset: number): NodeFactory<Message, TimerTag> {
  if (offset === 0) return factory;
  return (id) => shiftedBehavior(factory(id - offset), offset);
}

function shiftedBehavior<Message, TimerTag>(inner: NodeBehavior<Message, TimerTag>, offset: number): NodeBehavior<Message, TimerTag> {
  // The cluster passes the same context object to every handler of a node's life: wrap it once.
  let real: NodeContext<Message, TimerTag> | undefined;
  let shifted: NodeContext<Message, TimerTag> | undefined;
  const contextFor = (context: NodeContext<Message, TimerTag>): NodeContext<Message, TimerTag> => {
    if (context !== real || shifted === undefined) {
      real = context;
      shifted = shiftedContext(context, offset);
    }
    return shifted;
  };
  const behavior: NodeBehavior<Message, TimerTag> = {
    onMessage: (context, from, message) => inner.onMessage(contextFor(context), from - offset, message),
  };
  if (inner.onStart !== undefined) behavior.onStart = (context) => inner.onStart?.(contextFor(context));
  if (inner.onRecover !== undefined) behavior.onRecover = (context) => inner.onRecover?.(contextFor(context));
  if (inner.onTimer !== undefined) behavior.onTimer = (context, tag) => inner.onTimer?.(contextFor(context), tag);
  if (inner.inspect !== undefined) behavior.inspect = () => inner.inspect?.();
  return behavior;
}

function shiftedContext<Message, TimerTag>(context: NodeContext<Message, TimerTag>, offset: number): NodeContext<Message, TimerTag> {
  return {
    get id(): NodeId {
      return context.id - offset;
    },
    get incarnation() {
      return context.incarnation;
    },
    get nodeCount() {
      return context.nodeCount - offset;
    },
    get now() {
      return context.now;
    },
    get random() {
      return context.random;
    },
    get storage() {
      return context.storage;
    },
    send: (to, message) => context.send(to + offset, message),
    setTimer: (delay, tag) => context.setTimer(delay, tag),
    cancelTimer: (timer) => context.cancelTimer(timer),
    log: (text) => context.log(text),
  };
}
