// How a node shows in the terminal UI, apart from what checkers read of it. The UI puts a
// node's inspect() snapshot in words through its JSON form (toJSON), so a node built here
// answers inspect() with its snapshot unchanged except that toJSON gives `display(snapshot)`.
// Rule: checkers read the snapshot's fields exactly as before; only JSON (the UI's row and
// detail view) sees the display.
import type { NodeFactory } from '../../src/node/node-api.ts';

export function withDisplay<Message, TimerTag>(factory: NodeFactory<Message, TimerTag>, display: (snapshot: object) => unknown): NodeFactory<Message, TimerTag> {
  return (id) => {
    const behavior = factory(id);
    const inspect = behavior.inspect;
    if (inspect === undefined) return behavior;
    return { ...behavior, inspect: () => displayed(inspect.call(behavior), display) };
  };
}

function displayed(snapshot: unknown, display: (snapshot: object) => unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot;
  // A proxy rather than a copy: the snapshot may be a class instance with getters (Raft's).
  return new Proxy(snapshot, {
    get: (target, key) => (key === 'toJSON' ? () => display(target) : Reflect.get(target, key, target)),
  });
}
