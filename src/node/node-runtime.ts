// One node's place in the cluster: its status, incarnation, durable storage, local
// clock and the context its handlers see. Rule: volatile state lives only in the
// behaviour object, which is thrown away on crash and rebuilt by the factory.
import type { Random } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import type { Message, Network } from '../net/network.ts';
import { DurableStorage } from './durable-storage.ts';
import type { LocalClock } from './local-clock.ts';
import type { NodeBehavior, NodeContext, NodeFactory, NodeId, NodeStatus, NodeTimerHandle } from './node-api.ts';

/** A timer set by a node; it only fires in the incarnation that set it. */
export class NodeTimer implements NodeTimerHandle {
  cancelled = false;
  constructor(
    readonly runtime: NodeRuntime,
    readonly incarnation: number,
    readonly tag: unknown,
  ) {}
}

/** Work that arrived while the node was paused, replayed in order on resume. */
export type DeferredWork = Message | NodeTimer;

export interface RuntimeHost {
  readonly simulation: Simulation;
  readonly network: Network;
  readonly size: number;
  scheduleTimer(delay: Micros, timer: NodeTimer): void;
}

export class NodeRuntime implements NodeContext {
  /** 'crashed' until the first boot, too. */
  status: NodeStatus = 'crashed';
  hasBooted = false;
  incarnation = 0;
  behavior: NodeBehavior | undefined;
  clock: LocalClock | undefined;
  /** Work that arrived while paused; undefined (not an empty list) the rest of the time. */
  deferred: DeferredWork[] | undefined;
  private randomStream: Random | undefined;
  private durable: DurableStorage | undefined;

  constructor(
    readonly id: NodeId,
    readonly factory: NodeFactory,
    private readonly host: RuntimeHost,
  ) {}

  get nodeCount(): number {
    return this.host.size;
  }

  get now(): Micros {
    const trueNow = this.host.simulation.now;
    return this.clock === undefined ? trueNow : this.clock.read(trueNow);
  }

  get random(): Random {
    // Created on first use: most nodes of a huge cluster never draw a number.
    this.randomStream ??= this.host.simulation.random.stream(`node:${this.id}`);
    return this.randomStream;
  }

  get storage(): DurableStorage {
    this.durable ??= new DurableStorage();
    return this.durable;
  }

  send(to: NodeId, message: unknown): void {
    // Errors are calls, so these per-event methods stay short enough for V8 to inline.
    if (!(to >= 0 && to < this.host.size && Number.isInteger(to))) throwNoSuchNode(this.id, to, this.host.size);
    this.host.network.send(this.id, to, message);
  }

  setTimer(delay: Micros, tag: unknown): NodeTimerHandle {
    if (!(delay >= 0) || !Number.isSafeInteger(delay)) throwBadDelay(this.id, delay);
    const timer = new NodeTimer(this, this.incarnation, tag);
    this.host.scheduleTimer(this.clock === undefined ? delay : this.clock.trueDelay(delay), timer);
    return timer;
  }

  cancelTimer(timer: NodeTimerHandle): void {
    (timer as NodeTimer).cancelled = true;
  }

  log(text: string): void {
    this.host.simulation.trace.log(this.host.simulation.now, this.id, text);
  }
}

function throwNoSuchNode(node: NodeId, to: NodeId, nodeCount: number): never {
  throw new RangeError(`node ${node} sent to node ${String(to)}, which does not exist (nodes are 0..${nodeCount - 1})`);
}

function throwBadDelay(node: NodeId, delay: Micros): never {
  throw new RangeError(`node ${node} set a timer with delay ${String(delay)}: expected a non-negative integer of microseconds`);
}
