// The cluster: every node's runtime, the network between them, and the faults that
// act on nodes (crash, restart, pause, clock skew). Rule: node ids are dense,
// 0..size-1, in the order nodes were added, and all node events go through the queue.
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import { Message, Network, type MessageReceiver } from '../net/network.ts';
import { LocalClock, validateClockSetting, type ClockSetting } from './local-clock.ts';
import type { NodeContext, NodeFactory, NodeId, NodeStatus } from './node-api.ts';
import { NodeRuntime, NodeTimer, type DeferredWork, type RuntimeHost } from './node-runtime.ts';

export class Cluster implements MessageReceiver, RuntimeHost {
  readonly network: Network;
  private readonly runtimes: NodeRuntime[] = [];
  private started = false;
  /** Nodes whose status is 'up', kept with every status change. */
  private upNodes = 0;
  private readonly fireTimerHandler = (timer: NodeTimer): void => this.fireTimer(timer);
  private readonly startHandler = (runtime: NodeRuntime): void => this.firstBoot(runtime);
  private readonly resumeHandler = (runtime: NodeRuntime): void => this.resume(runtime);

  constructor(readonly simulation: Simulation) {
    this.network = new Network(simulation, this, () => this.runtimes.length);
  }

  get size(): number {
    return this.runtimes.length;
  }

  /** How many nodes are up right now (not crashed, paused, or waiting for their first boot). */
  get upCount(): number {
    return this.upNodes;
  }

  /** Adds one node; returns its id. Nodes added after start() boot immediately. */
  addNode<Message, TimerTag>(factory: NodeFactory<Message, TimerTag>): NodeId {
    const runtime = new NodeRuntime(this.runtimes.length, factory as NodeFactory, this);
    this.runtimes.push(runtime);
    if (this.started) this.simulation.scheduleAfter(0, this.startHandler, runtime);
    return runtime.id;
  }

  addNodes<Message, TimerTag>(count: number, factory: NodeFactory<Message, TimerTag>): NodeId[] {
    const ids: NodeId[] = [];
    for (let index = 0; index < count; index++) ids.push(this.addNode(factory));
    return ids;
  }

  /** Schedules every node's start, in id order, at the current time. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const runtime of this.runtimes) this.simulation.scheduleAfter(0, this.startHandler, runtime);
  }

  status(node: NodeId): NodeStatus {
    return this.runtime(node).status;
  }

  /** The node's public snapshot (its inspect()), or undefined while it is down. */
  inspect(node: NodeId): unknown {
    const runtime = this.runtime(node);
    return runtime.status === 'crashed' ? undefined : runtime.behavior?.inspect?.();
  }

  /** The context a node's handlers see (for tests and tools). */
  contextOf(node: NodeId): NodeContext {
    return this.runtime(node);
  }

  /** Hands a message from outside the cluster (a client) straight to a node. */
  inject(to: NodeId, body: unknown): void {
    this.runtime(to);
    const message = this.network.createMessage(-1, to, body);
    this.simulation.trace.message('inject', this.simulation.now, -1, to, message.id, body);
    this.receive(message);
  }

  crash(node: NodeId): void {
    const runtime = this.runtime(node);
    // A node that has not booted yet is 'crashed' too; crashing it makes it skip its start.
    if (runtime.status === 'crashed' && runtime.hasBooted) return;
    this.setStatus(runtime, 'crashed');
    runtime.incarnation++;
    runtime.behavior = undefined;
    runtime.deferred = undefined;
    this.simulation.trace.node('crash', this.simulation.now, node);
  }

  restart(node: NodeId): void {
    const runtime = this.runtime(node);
    if (runtime.status !== 'crashed' || !this.started) return;
    this.boot(runtime, 'restart');
  }

  /** Stops the node handling anything for `duration`; what arrives meanwhile waits. */
  pause(node: NodeId, duration: Micros): void {
    const runtime = this.runtime(node);
    if (runtime.status !== 'up') return;
    this.setStatus(runtime, 'paused');
    this.simulation.trace.node('pause', this.simulation.now, node, { durationUs: duration });
    const incarnation = runtime.incarnation;
    this.simulation.scheduleAfter(duration, (paused: NodeRuntime) => {
      if (paused.incarnation === incarnation) this.resumeHandler(paused);
    }, runtime);
  }

  setClock(node: NodeId, setting: ClockSetting): void {
    validateClockSetting(setting, `node ${node}`);
    const runtime = this.runtime(node);
    runtime.clock = LocalClock.set(this.simulation.now, setting);
    this.simulation.trace.fault('fault', this.simulation.now, `clock node ${node} offset ${setting.offsetUs}us drift ${setting.driftPpm}ppm`);
  }

  /** MessageReceiver: called by the network when a message arrives. */
  receive(message: Message): void {
    const runtime = this.runtimes[message.to] as NodeRuntime;
    if (runtime.status !== 'up') {
      this.receiveWhileDown(runtime, message);
      return;
    }
    const simulation = this.simulation;
    simulation.trace.message('deliver', simulation.now, message.from, message.to, message.id, message.body);
    (runtime.behavior as NonNullable<NodeRuntime['behavior']>).onMessage(runtime, message.from, message.body);
  }

  /** A message for a paused node waits; one for a crashed node is dropped. A call, so receive stays short enough to inline. */
  private receiveWhileDown(runtime: NodeRuntime, message: Message): void {
    if (runtime.status === 'paused') {
      (runtime.deferred ??= []).push(message);
    } else {
      this.simulation.trace.drop(this.simulation.now, message.from, message.to, message.id, 'node-down', message.body);
    }
  }

  scheduleTimer(delay: Micros, timer: NodeTimer): void {
    this.simulation.scheduleAfter(delay, this.fireTimerHandler, timer);
  }

  private fireTimer(timer: NodeTimer): void {
    const runtime = timer.runtime;
    if (timer.cancelled || timer.incarnation !== runtime.incarnation) return;
    if (runtime.status === 'paused') {
      (runtime.deferred ??= []).push(timer);
      return;
    }
    this.simulation.trace.node('timer', this.simulation.now, runtime.id);
    runtime.behavior?.onTimer?.(runtime, timer.tag);
  }

  /** The scheduled first boot, unless a fault crashed the node before it came (a later restart boots it). */
  private firstBoot(runtime: NodeRuntime): void {
    if (runtime.hasBooted || runtime.incarnation !== 0) return;
    this.boot(runtime, 'start');
  }

  private boot(runtime: NodeRuntime, kind: 'start' | 'restart'): void {
    this.setStatus(runtime, 'up');
    runtime.hasBooted = true;
    runtime.behavior = runtime.factory(runtime.id);
    this.simulation.trace.node(kind, this.simulation.now, runtime.id);
    const behavior = runtime.behavior;
    if (kind === 'restart' && behavior.onRecover !== undefined) behavior.onRecover(runtime);
    else behavior.onStart?.(runtime);
  }

  private resume(runtime: NodeRuntime): void {
    if (runtime.status !== 'paused') return;
    this.setStatus(runtime, 'up');
    this.simulation.trace.node('resume', this.simulation.now, runtime.id);
    const deferred = runtime.deferred;
    runtime.deferred = undefined;
    // Fix: the deferred work is handled here, inside the resume event, in arrival order.
    // It used to be re-queued at +0, behind events already queued for this instant, so a
    // message arriving exactly at the resume time overtook older ones (breaking FIFO links).
    // receive() and fireTimer() re-check the status, so nothing runs on a node that is down.
    if (deferred !== undefined) for (const work of deferred) this.replay(work);
  }

  private setStatus(runtime: NodeRuntime, status: NodeStatus): void {
    if (runtime.status === 'up') this.upNodes--;
    if (status === 'up') this.upNodes++;
    runtime.status = status;
  }

  private replay(work: DeferredWork): void {
    if (work instanceof NodeTimer) this.fireTimer(work);
    else this.receive(work);
  }

  private runtime(node: NodeId): NodeRuntime {
    const runtime = this.runtimes[node];
    if (runtime === undefined) {
      throw new RangeError(`node ${String(node)} does not exist (nodes are 0..${this.runtimes.length - 1})`);
    }
    return runtime;
  }
}
