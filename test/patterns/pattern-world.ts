// Test fixture: a small cluster of rpc nodes for pattern tests, with the pattern events
// read back from the trace, and a scripted server whose answers a test decides.
import { Simulation } from '../../src/engine/simulation.ts';
import type { Micros } from '../../src/engine/time.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { callError, ok, type CallResult } from '../../src/node/call-result.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeId } from '../../src/node/node-api.ts';
import { nodeContext, sleep, waitFor, type Process, type Task } from '../../src/node/process.ts';
import type { ProcessHost, RpcHandler } from '../../src/node/process-host.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';
import { Signal } from '../../src/node/signal.ts';
import { parsePatternEvent, type PatternEvent } from '../../src/patterns/pattern-event.ts';

export const LATENCY_US = 100;
export const CONSTANT_LINK: LinkConfig = { latency: { kind: 'constant', baseUs: LATENCY_US }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

export interface SeenEvent {
  readonly timeUs: Micros;
  readonly node: number;
  readonly event: PatternEvent;
}

/** What a scripted server does with a request: answer after some work, fail, or never answer. */
export type ScriptedAnswer =
  | { readonly kind: 'ok'; readonly workUs: Micros }
  | { readonly kind: 'error'; readonly workUs: Micros }
  | { readonly kind: 'silent' };

export class PatternWorld {
  readonly simulation: Simulation;
  readonly cluster: Cluster;
  readonly events: SeenEvent[] = [];
  private readonly hosts = new Map<NodeId, ProcessHost>();

  constructor(seed = 1, link: LinkConfig = CONSTANT_LINK) {
    this.simulation = new Simulation(seed);
    this.cluster = new Cluster(this.simulation);
    this.cluster.network.setDefaultLink(link);
    this.simulation.trace.subscribe((traceEvent) => {
      if (traceEvent.kind !== 'log') return;
      const event = parsePatternEvent(String(traceEvent.detail));
      if (event !== undefined) this.events.push({ timeUs: traceEvent.timeUs, node: traceEvent.node ?? -1, event });
    });
  }

  get now(): Micros {
    return this.simulation.now;
  }

  addNode<Request, Reply>(serve?: RpcHandler<Request, Reply>): NodeId {
    return this.addServer(() => serve);
  }

  /** A node whose handler (and whatever state it closes over) is built afresh in every incarnation. */
  addServer<Request, Reply>(build: () => RpcHandler<Request, Reply> | undefined): NodeId {
    let id = -1;
    id = this.cluster.addNode(() => {
      const behavior = rpcNode<Request, Reply>({ serve: build() });
      this.hosts.set(id, behavior.host as ProcessHost);
      return behavior;
    });
    return id;
  }

  /** A server that answers each request as `script(request number, request)` says (numbers from 0). */
  addScriptedServer(script: (index: number, request: unknown) => ScriptedAnswer): NodeId {
    let count = 0;
    const silence = new Signal('never');
    return this.addNode<unknown, number>(function* (request): Process<CallResult<number>> {
      const index = count++;
      const answer = script(index, request);
      if (answer.kind === 'silent') {
        yield* waitFor(silence);
        return ok(index);
      }
      yield* sleep(answer.workUs);
      if (answer.kind === 'ok') return ok(index);
      const context = yield* nodeContext();
      return callError('remote', context.id, `request ${index} failed`);
    });
  }

  start(): void {
    this.cluster.start();
    this.simulation.runUntil(0);
  }

  host(node: NodeId): ProcessHost {
    const host = this.hosts.get(node);
    if (host === undefined) throw new Error(`node ${node} has no process host`);
    return host;
  }

  spawn<T>(node: NodeId, process: Process<T>, name?: string): Task<T> {
    return this.host(node).spawn(process, name);
  }

  spawnAt(timeUs: Micros, node: NodeId, process: () => Process<unknown>): void {
    this.simulation.scheduleAt(timeUs, () => this.host(node).spawn(process()), undefined);
  }

  runUntil(timeUs: Micros): void {
    this.simulation.runUntil(timeUs);
  }

  /** Pattern events of one kind, as `<time> <fields...>` lines, for readable expectations. */
  eventsOf(kind: PatternEvent['kind']): PatternEvent[] {
    return this.events.filter((seen) => seen.event.kind === kind).map((seen) => seen.event);
  }
}

/** A process that runs `body` and records its result and the time it ended. */
export function recorded<T>(results: { value: T; atUs: Micros }[], world: PatternWorld, body: Process<T>): Process<void> {
  return (function* () {
    const value = yield* body;
    results.push({ value, atUs: world.now });
  })();
}
