// Everything one store node holds in one incarnation: its durable records (through the
// replica store), its hybrid logical clock, whom it suspects, and the ring. The
// coordinator, anti-entropy and hinted handoff all act through it. Rule: it is volatile
// state, built anew by the node factory at every start, and everything it must not lose
// lives in the replica store or the clock, which write through to durable storage.
import type { Micros } from '../../engine/time.ts';
import type { NodeContext } from '../../node/node-api.ts';
import type { ProcessHost } from '../../node/process-host.ts';
import type { NodeId } from '../../net/partition.ts';
import type { HashRing } from './hash-ring.ts';
import { HybridClock } from './hlc.ts';
import type { KvApMetrics } from './kv-ap-metrics.ts';
import type { KvApOptions } from './kv-ap-options.ts';
import type { StoreReply, StoreRequest } from './kv-ap-messages.ts';
import { chooseFallbacks, choosePlacement, type ReplicaTarget } from './placement.ts';
import { ReplicaStore } from './replica-store.ts';
import type { StoredRecord } from './stored-record.ts';

export class StoreNode {
  readonly store: ReplicaStore;
  readonly clock: HybridClock;
  /** Suspected nodes and the local time until which they stay suspected. */
  private readonly suspectedUntil = new Map<NodeId, Micros>();

  constructor(
    readonly context: NodeContext,
    readonly host: ProcessHost<StoreRequest, StoreReply>,
    readonly options: KvApOptions,
    readonly ring: HashRing,
    readonly metrics: KvApMetrics,
  ) {
    this.store = new ReplicaStore(context.storage, metrics);
    this.clock = new HybridClock(context.id, context.storage);
  }

  get id(): NodeId {
    return this.context.id;
  }

  /** The key's N replicas. */
  replicasOf(key: string): readonly NodeId[] {
    return this.ring.preferenceList(key, this.options.replicas);
  }

  isReplicaOf(key: string, node: NodeId = this.id): boolean {
    return this.replicasOf(key).includes(node);
  }

  /** Whom to ask for the key now: its replicas, with healthy stand-ins for suspected ones under a sloppy quorum. */
  placement(key: string): ReplicaTarget[] {
    return choosePlacement(this.ring.walk(key), this.options.replicas, (node) => this.isSuspected(node), this.options.hintedHandoff);
  }

  fallbacks(key: string, failed: readonly ReplicaTarget[], tried: ReadonlySet<NodeId>): ReplicaTarget[] {
    return chooseFallbacks(this.ring.walk(key), failed, tried, (node) => this.isSuspected(node));
  }

  isSuspected(node: NodeId): boolean {
    if (node === this.id) return false;
    const until = this.suspectedUntil.get(node);
    return until !== undefined && until > this.context.now;
  }

  /** A call to `node` timed out: skip it for a while. */
  suspect(node: NodeId): void {
    if (node !== this.id) this.suspectedUntil.set(node, this.context.now + this.options.suspicionUs);
  }

  /** `node` answered: it is reachable again. */
  trust(node: NodeId): void {
    this.suspectedUntil.delete(node);
  }

  suspects(): NodeId[] {
    return [...this.suspectedUntil.keys()].filter((node) => this.isSuspected(node)).sort((left, right) => left - right);
  }

  /** Keeps a hint: this node holds `key` for `target`, which could not be reached, and will hand it back. */
  takeHint(target: NodeId, key: string): void {
    if (!this.options.hintedHandoff || target === this.id) return;
    this.store.addHint(target, key);
    this.metrics.hintsTaken++;
  }

  /** Merges a record that came from elsewhere (and moves the clock past its timestamp); true when it changed ours. */
  absorb(key: string, record: StoredRecord): boolean {
    if (record.kind === 'lww') this.clock.observe(record.stamp, this.context.now);
    return this.store.merge(key, record);
  }
}
