// A service as a node: requests are served by a fixed number of worker threads with a
// bounded queue in front of them, like the thread pool of a web server. Rule: the pool
// is a policy built afresh in every incarnation: by default a bulkhead
// (src/patterns/bulkhead.ts) named `<service>-threads`, which refuses a request at once
// with 'bulkhead-full' (a 503) when its threads and queue are full. A request keeps its
// thread until its handler returns, even when the caller has long given up: the server
// cannot know.
import type { CallResult } from '../../src/node/call-result.ts';
import type { NodeContext, NodeId } from '../../src/node/node-api.ts';
import type { Process } from '../../src/node/process.ts';
import type { ProcessHost } from '../../src/node/process-host.ts';
import { rpcNode, type RpcNodeBehavior } from '../../src/node/rpc-node.ts';
import { bulkhead } from '../../src/patterns/bulkhead.ts';
import { FIRST_EXECUTION, type Execution, type GenericPolicy } from '../../src/patterns/policy.ts';

export interface ServiceSpec<Request, Reply> {
  /** A short name: 'orders', 'payments'. */
  readonly name: string;
  /** Threads and queue of the default pool (ignored when `pool` is given). */
  readonly threads: number;
  readonly queue: number;
  /** Another pool (a load shedder, say); built once per incarnation. */
  readonly pool?: () => GenericPolicy;
  /** What the pool is told about a request (its priority); default: a normal first attempt. */
  readonly executionOf?: (request: Request) => Execution;
  /** The work for one request, run on a thread. */
  readonly handle: (request: Request, from: NodeId) => Process<CallResult<Reply>>;
  /** Runs at start and after every restart (spawn background processes here). */
  readonly onStart?: (host: ProcessHost<Request, Reply>, context: NodeContext) => void;
  /** Processes alive at once on this node (default: the host's). */
  readonly maxProcesses?: number;
}

export function serviceNode<Request, Reply>(spec: ServiceSpec<Request, Reply>): RpcNodeBehavior<Request, Reply> {
  const pool = spec.pool?.() ?? bulkhead({ maxConcurrent: spec.threads, maxQueued: spec.queue, name: `${spec.name}-threads` });
  const executionOf = spec.executionOf ?? (() => FIRST_EXECUTION);
  return rpcNode<Request, Reply>({
    serve: (request, from) => pool.execute(() => spec.handle(request, from), executionOf(request)),
    onStart: spec.onStart,
    maxProcesses: spec.maxProcesses,
  });
}
