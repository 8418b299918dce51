// The actor API every simulated node is written against. Rule: handlers are plain
// synchronous functions; everything they do to the world (send, set a timer, persist,
// log) goes through the context, so a run is a pure function of the seed.
import type { Random } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { NodeId } from '../net/partition.ts';
import type { DurableStorage } from './durable-storage.ts';

export type { NodeId };

/** Opaque handle for a node's timer; pass it to cancelTimer. */
export interface NodeTimerHandle {
  readonly cancelled: boolean;
}

export interface NodeContext<Message = unknown, TimerTag = unknown> {
  readonly id: NodeId;
  /** How many times this node has crashed so far: 0 in its first life, +1 per crash. */
  readonly incarnation: number;
  /** Number of nodes in the cluster (ids are 0..nodeCount-1). */
  readonly nodeCount: number;
  /** The node's local clock: virtual time shifted by its skew and drift. */
  readonly now: Micros;
  /** This node's own random stream ("node:<id>"). */
  readonly random: Random;
  /** Survives crashes; everything else the node holds is lost on crash. */
  readonly storage: DurableStorage;
  send(to: NodeId, message: Message): void;
  /** Fires onTimer(tag) after `delay` of local time. */
  setTimer(delay: Micros, tag: TimerTag): NodeTimerHandle;
  cancelTimer(timer: NodeTimerHandle): void;
  log(text: string): void;
}

export interface NodeBehavior<Message = unknown, TimerTag = unknown> {
  /** Called once when the cluster starts. */
  onStart?(context: NodeContext<Message, TimerTag>): void;
  /** Called after a restart, with fresh volatile state; defaults to onStart. */
  onRecover?(context: NodeContext<Message, TimerTag>): void;
  onMessage(context: NodeContext<Message, TimerTag>, from: NodeId, message: Message): void;
  onTimer?(context: NodeContext<Message, TimerTag>, tag: TimerTag): void;
  /** A read-only snapshot of public state, for checkers and the UI. */
  inspect?(): unknown;
}

/** Builds a node's volatile state; called at start and again on every restart. */
export type NodeFactory<Message = unknown, TimerTag = unknown> = (id: NodeId) => NodeBehavior<Message, TimerTag>;

export type NodeStatus = 'up' | 'crashed' | 'paused';
