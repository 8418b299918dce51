// A node built from processes: it serves rpc requests with a handler and runs the
// processes its onStart spawns, with a fresh process host in every incarnation.
// Rule: call rpcNode inside the node factory (`cluster.addNode(() => rpcNode({...}))`),
// so a restart builds a new host and nothing from before the crash survives.
//
//   cluster.addNode(() => rpcNode<Charge, Receipt>({
//     serve: function* (charge) { yield* sleep(ms(2)); return ok({ receiptId: charge.id }); },
//   }));
//   cluster.addNode(() => rpcNode({ onStart: (host) => host.spawn(client(), 'client') }));
import type { NodeBehavior, NodeContext, NodeId } from './node-api.ts';
import { ProcessHost, type RpcHandler } from './process-host.ts';

export interface RpcNodeSpec<Request, Reply> {
  /** Answers each request in its own process; what it returns is the reply. */
  readonly serve?: RpcHandler<Request, Reply>;
  /** Runs at start and after every restart, with a fresh host: spawn the node's processes here. */
  readonly onStart?: (host: ProcessHost<Request, Reply>, context: NodeContext) => void;
  /** Messages that are not rpc envelopes. */
  readonly onMessage?: (context: NodeContext, from: NodeId, message: unknown) => void;
  /** Timers the node set itself (not the host's). */
  readonly onTimer?: (context: NodeContext, tag: unknown) => void;
  /** A snapshot for checkers and the UI; the host's own snapshot is added under `processes`. */
  readonly inspect?: () => unknown;
  readonly maxProcesses?: number;
}

export interface RpcNodeBehavior<Request, Reply> extends NodeBehavior<unknown, unknown> {
  readonly host: ProcessHost<Request, Reply>;
}

export function rpcNode<Request = unknown, Reply = unknown>(spec: RpcNodeSpec<Request, Reply>): RpcNodeBehavior<Request, Reply> {
  const host = new ProcessHost<Request, Reply>({ serve: spec.serve, maxProcesses: spec.maxProcesses });
  const start = (context: NodeContext): void => {
    host.attach(context);
    spec.onStart?.(host, context);
  };
  return {
    host,
    onStart: start,
    onRecover: start,
    onMessage(context, from, message) {
      if (!host.handleMessage(context, from, message)) spec.onMessage?.(context, from, message);
    },
    onTimer(context, tag) {
      if (!host.handleTimer(context, tag)) spec.onTimer?.(context, tag);
    },
    inspect: () => ({ processes: host.snapshot(), node: spec.inspect?.() }),
  };
}
