// Request/response between processes: replies reach the call that waits for them,
// deadlines are exact, duplicates and replies for an earlier incarnation are ignored,
// and processes die with their node.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { callError, ok, type CallResult } from '../../src/node/call-result.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeBehavior, NodeId } from '../../src/node/node-api.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { ProcessHost, type ProcessTimer, type RpcHandler } from '../../src/node/process-host.ts';
import type { RpcMessage } from '../../src/node/rpc.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';

const LATENCY_US = 100;
const LINK: LinkConfig = { latency: { kind: 'constant', baseUs: LATENCY_US }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

interface Echo {
  readonly value: number;
  /** How long the server works on it. */
  readonly workUs: number;
}

const echoServer: RpcHandler<Echo, number> = function* (request) {
  yield* sleep(request.workUs);
  return ok(request.value);
};

class RpcWorld {
  readonly simulation = new Simulation(3);
  readonly cluster = new Cluster(this.simulation);
  readonly hosts = new Map<NodeId, ProcessHost>();
  readonly log: string[] = [];

  constructor(link: LinkConfig = LINK) {
    this.cluster.network.setDefaultLink(link);
  }

  addNode<Request, Reply>(serve?: RpcHandler<Request, Reply>, maxProcesses?: number): NodeId {
    let id = -1;
    id = this.cluster.addNode(() => {
      const behavior = rpcNode<Request, Reply>({ serve, maxProcesses });
      this.hosts.set(id, behavior.host as ProcessHost);
      return behavior;
    });
    return id;
  }

  start(): void {
    this.cluster.start();
    this.simulation.runUntil(0);
  }

  host(node: NodeId): ProcessHost {
    return this.hosts.get(node) as ProcessHost;
  }

  /** A process that calls `to` and logs `<label> <outcome> @<time>`. */
  caller(label: string, to: NodeId, request: unknown, timeoutUs: number): Process<void> {
    const world = this;
    return (function* () {
      const result: CallResult<unknown> = yield* call(to, request, { timeoutUs });
      const shown = result.kind === 'ok' ? `ok ${JSON.stringify(result.reply)}` : result.kind === 'error' ? `error ${result.reason}` : 'timeout';
      world.log.push(`${label} ${shown} @${world.simulation.now}`);
    })();
  }
}

describe('rpc: replies reach the right caller', () => {
  it('routes concurrent replies to the calls that asked, whatever order they come back in', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const otherServer = world.addNode(echoServer);
    const client = world.addNode();
    world.start();
    const host = world.host(client);
    host.spawn(world.caller('slow', server, { value: 1, workUs: 900 }, 10_000));
    host.spawn(world.caller('fast', server, { value: 2, workUs: 100 }, 10_000));
    host.spawn(world.caller('other', otherServer, { value: 3, workUs: 400 }, 10_000));
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['fast ok 2 @300', 'other ok 3 @600', 'slow ok 1 @1100']);
    expect(host.snapshot()).toMatchObject({ processes: 0, calling: 0, unmatchedReplies: 0 });
  });

  it('passes a server’s error back, and turns a server’s own timeout into a remote error', () => {
    const world = new RpcWorld();
    const silent = world.cluster.addNode((): NodeBehavior => ({ onMessage() {} }));
    const server: NodeId = world.addNode<string, string>(function* (request): Process<CallResult<string>> {
      if (request === 'refuse') return callError('shed', server, 'too busy');
      return yield* call<string>(silent, 'anything', { timeoutUs: 1_000 });
    });
    const client = world.addNode();
    world.start();
    world.host(client).spawn(world.caller('refused', server, 'refuse', 10_000));
    world.host(client).spawn(world.caller('forwarded', server, 'forward', 10_000));
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['refused error shed @200', 'forwarded error remote @1200']);
  });

  it('answers with a remote error when the node serves nothing', () => {
    const world = new RpcWorld();
    const idle = world.addNode();
    const client = world.addNode();
    world.start();
    world.host(client).spawn(world.caller('call', idle, 'hello', 10_000));
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['call error remote @200']);
  });

  it('answers with a remote error once the server reaches its process limit', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer, 2);
    const client = world.addNode();
    world.start();
    for (const label of ['a', 'b', 'c']) world.host(client).spawn(world.caller(label, server, { value: 0, workUs: 1_000 }, 10_000));
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['c error remote @200', 'a ok 0 @1200', 'b ok 0 @1200']);
    expect(world.host(server).snapshot().refusedRequests).toBe(1);
  });
});

describe('rpc: deadlines', () => {
  it('times a call out at exactly its deadline when no reply comes', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const client = world.addNode();
    world.start();
    world.simulation.scheduleAt(250, () => world.host(client).spawn(world.caller('call', server, { value: 1, workUs: 5_000 }, 1_234)), undefined);
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['call timeout @1484']);
    expect(world.host(client).snapshot().unmatchedReplies).toBe(1);
  });

  it('treats a reply that arrives exactly at the deadline as too late', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const client = world.addNode();
    world.start();
    const host = world.host(client);
    host.spawn(world.caller('at the deadline', server, { value: 1, workUs: 800 }, 1_000));
    host.spawn(world.caller('just before', server, { value: 2, workUs: 799 }, 1_000));
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['just before ok 2 @999', 'at the deadline timeout @1000']);
  });
});

describe('rpc: duplicates and crashes', () => {
  it('takes the first of duplicated replies and ignores the copies', () => {
    const world = new RpcWorld({ ...LINK, duplicateProbability: 1 });
    let served = 0;
    const server = world.addNode<string, number>(function* () {
      served++;
      return ok(served);
    });
    const client = world.addNode();
    world.start();
    world.host(client).spawn(world.caller('call', server, 'count me', 10_000));
    world.simulation.runUntil(20_000);
    // The request arrives twice, so the server answers twice, and each answer is duplicated.
    expect(served).toBe(2);
    expect(world.log).toEqual(['call ok 1 @200']);
    expect(world.host(client).snapshot().unmatchedReplies).toBe(3);
  });

  it('kills a node’s processes on crash: they never resume, and replies to them are ignored', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const client = world.addNode();
    world.start();
    const trace: TraceEvent[] = [];
    world.simulation.trace.subscribe((event) => trace.push(event));
    const before = world.host(client);
    before.spawn(world.caller('before crash', server, { value: 1, workUs: 1_000 }, 5_000));
    before.spawn(
      (function* (): Process<void> {
        try {
          yield* sleep(3_000);
          world.log.push('sleeper woke');
        } finally {
          world.log.push('sleeper finally');
        }
      })(),
    );
    world.simulation.scheduleAt(500, () => world.cluster.crash(client), undefined);
    world.simulation.scheduleAt(600, () => world.cluster.restart(client), undefined);
    world.simulation.runUntil(20_000);
    const after = world.host(client);
    expect(after).not.toBe(before);
    expect(world.log).toEqual([]);
    expect(after.snapshot()).toMatchObject({ boot: 2, processes: 0, unmatchedReplies: 1 });
    expect(trace.filter((event) => event.kind === 'timer' && event.node === client)).toEqual([]);
  });

  it('never hands a reply meant for an earlier incarnation to a new call with the same rpc id', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const client = world.addNode();
    world.start();
    // rpc id 0 of boot 1 is answered at 1200; rpc id 0 of boot 2 is sent at 600 and answered at 2700.
    world.host(client).spawn(world.caller('first life', server, { value: 1, workUs: 1_000 }, 10_000));
    world.simulation.scheduleAt(500, () => world.cluster.crash(client), undefined);
    world.simulation.scheduleAt(600, () => {
      world.cluster.restart(client);
      world.host(client).spawn(world.caller('second life', server, { value: 2, workUs: 1_900 }, 10_000));
    }, undefined);
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['second life ok 2 @2700']);
    expect(world.host(client).snapshot()).toMatchObject({ boot: 2, unmatchedReplies: 1 });
  });

  it('ignores a reply that comes from a node other than the one called', () => {
    const world = new RpcWorld();
    const server = world.addNode(echoServer);
    const client = world.addNode();
    const impostor = world.cluster.addNode((): NodeBehavior => ({ onMessage() {} }));
    world.start();
    world.host(client).spawn(world.caller('call', server, { value: 7, workUs: 1_000 }, 10_000));
    world.simulation.scheduleAt(50, () => {
      world.cluster.contextOf(impostor).send(client, { type: 'rpc-reply', rpcId: 0, boot: 1, result: ok(666) });
    }, undefined);
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['call ok 7 @1200']);
    expect(world.host(client).snapshot().unmatchedReplies).toBe(1);
  });

  it('works inside a hand-written node that hands rpc messages and timers to its host', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    cluster.network.setDefaultLink(LINK);
    const log: string[] = [];
    type Gossip = { readonly type: 'gossip'; readonly value: number };
    cluster.addNode((): NodeBehavior<Gossip | RpcMessage, ProcessTimer | 'tick'> => {
      const host = new ProcessHost<number, number>({
        serve: function* (request) {
          yield* sleep(50);
          return ok(request * 2);
        },
      });
      return {
        onStart(context) {
          host.attach(context);
          context.setTimer(10, 'tick');
        },
        onMessage(context, from, message) {
          if (host.handleMessage(context, from, message)) return;
          if (message.type === 'gossip') log.push(`gossip ${message.value} @${simulation.now}`);
        },
        onTimer(context, tag) {
          if (host.handleTimer(context, tag)) return;
          log.push(`${String(tag)} @${simulation.now}`);
        },
      };
    });
    cluster.addNode(() =>
      rpcNode({
        onStart: (host, context) => {
          context.send(0, { type: 'gossip', value: 9 });
          host.spawn(
            (function* (): Process<void> {
              const result = yield* call<number>(0, 21, { timeoutUs: 1_000 });
              log.push(`reply ${result.kind === 'ok' ? result.reply : result.kind} @${simulation.now}`);
            })(),
          );
        },
      }),
    );
    cluster.start();
    simulation.runUntil(1_000);
    expect(log).toEqual(['tick @10', 'gossip 9 @100', 'reply 42 @250']);
  });

  it('leaves messages that are not rpc envelopes to the node', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    cluster.network.setDefaultLink(LINK);
    const seen: unknown[] = [];
    cluster.addNode(() => rpcNode({ onMessage: (_context, _from, message) => seen.push(message) }));
    cluster.addNode(() => rpcNode({}));
    cluster.start();
    simulation.runUntil(0);
    cluster.contextOf(1).send(0, { type: 'gossip', value: 1 });
    simulation.runUntil(1_000);
    expect(seen).toEqual([{ type: 'gossip', value: 1 }]);
  });
});
