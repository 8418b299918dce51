// The broker's logic, one instance per incarnation: it appends publishes to partition
// logs (deduplicated by message id), leases entries to consumers of a group with a
// visibility timeout, takes acks and nacks, and dead-letters an entry after
// maxDeliveries failed deliveries. Consumers pull (fetch); nothing is pushed.
// Rule: every change to durable state is written before the reply that reports it, and
// the constructor rebuilds all volatile state (the message-id index, the groups'
// progress) from storage, so a restart loses only leases, which means redeliveries.
import type { Micros } from '../../engine/time.ts';
import type { NodeContext, NodeId } from '../../node/node-api.ts';
import type { BrokerMetrics } from './broker-metrics.ts';
import { DEAD_LETTER_KEY, logKey, partitionsOf, progressKey, readLog, readProgress, type DeadLetter } from './broker-storage.ts';
import { GroupPartition } from './group-partition.ts';
import { partitionOfKey } from './key-partition.ts';
import { PUBSUB_LIMITS } from './pubsub-limits.ts';
import type { BrokerReply, Delivery, LogEntry, PublishedMessage } from './pubsub-messages.ts';
import type { BrokerOptions, GroupSpec } from './pubsub-options.ts';

interface GroupState {
  readonly spec: GroupSpec;
  readonly partitions: GroupPartition[];
  /** The partition the next fetch starts from, so every partition gets its turn. */
  nextPartition: number;
}

export class Broker {
  /** Where each message id sits, rebuilt from the logs: publishes are deduplicated by id. */
  private readonly placed = new Map<string, { readonly partition: number; readonly offset: number }>();
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly options: BrokerOptions,
    private readonly metrics: BrokerMetrics,
    private readonly context: NodeContext,
  ) {
    for (const topic of options.topics) {
      for (let partition = 0; partition < topic.partitions; partition++) {
        readLog(context.storage, topic.name, partition).forEach((entry, offset) => {
          if (!this.placed.has(entry.messageId)) this.placed.set(entry.messageId, { partition, offset });
        });
      }
    }
    for (const spec of options.groups) {
      const count = partitionsOf(options, spec.topic);
      const partitions = Array.from({ length: count }, (_unused, partition) => new GroupPartition(readProgress(context.storage, spec.name, partition)));
      this.groups.set(spec.name, { spec, partitions, nextPartition: 0 });
    }
  }

  publish(topic: string, message: PublishedMessage): BrokerReply {
    const known = this.options.publishDedupe === 'by-message-id' ? this.placed.get(message.messageId) : undefined;
    if (known !== undefined) {
      this.metrics.duplicatePublishes++;
      return { type: 'published', partition: known.partition, offset: known.offset, duplicate: true };
    }
    const partition = partitionOfKey(message.key, partitionsOf(this.options, topic));
    const log = readLog(this.context.storage, topic, partition);
    if (log.length >= PUBSUB_LIMITS.maxLogEntriesPerPartition) {
      this.metrics.refusedLogFull++;
      return { type: 'refused', reason: 'log-full' };
    }
    if (log.length - this.slowestCommitted(topic, partition) >= this.options.maxBacklogPerPartition) {
      this.metrics.refusedBacklog++;
      this.context.log(`pubsub: refused ${message.messageId}: partition ${topic}/${partition} has ${this.options.maxBacklogPerPartition} entries its slowest group has not finished`);
      return { type: 'refused', reason: 'backlog-full' };
    }
    const entry: LogEntry = Object.freeze({ messageId: message.messageId, key: message.key, poison: message.poison, publishedAtUs: this.context.now });
    const offset = this.context.storage.appendToList(logKey(topic, partition), entry) - 1;
    if (!this.placed.has(message.messageId)) this.placed.set(message.messageId, { partition, offset });
    this.metrics.appended++;
    return { type: 'published', partition, offset, duplicate: false };
  }

  /** Leases up to maxMessages available entries of the group's topic to `consumer`. */
  fetch(group: string, consumer: NodeId, maxMessages: number): BrokerReply {
    const state = this.group(group);
    this.reclaimExpired(state);
    const wanted = Math.min(maxMessages, PUBSUB_LIMITS.maxFetchBatch);
    const messages: Delivery[] = [];
    const count = state.partitions.length;
    for (let step = 0; step < count && messages.length < wanted; step++) {
      const partition = (state.nextPartition + step) % count;
      this.leaseFrom(state, partition, consumer, wanted, messages);
    }
    state.nextPartition = (state.nextPartition + 1) % count;
    return { type: 'fetched', messages };
  }

  ack(group: string, partition: number, offset: number): BrokerReply {
    const state = this.group(group);
    const progress = this.partitionOf(state, partition);
    const isNew = progress.finish(offset);
    if (isNew) this.persist(state, partition);
    else this.metrics.staleAcks++;
    return { type: 'acked', known: isNew };
  }

  /** The consumer gave up on the entry: deliver it again now, or dead-letter it. */
  nack(group: string, partition: number, offset: number): BrokerReply {
    const state = this.group(group);
    const progress = this.partitionOf(state, partition);
    if (progress.isDone(offset)) return { type: 'acked', known: false };
    this.metrics.nacks++;
    this.failDelivery(state, partition, offset);
    return { type: 'acked', known: true };
  }

  private leaseFrom(state: GroupState, partition: number, consumer: NodeId, wanted: number, messages: Delivery[]): void {
    const progress = state.partitions[partition] as GroupPartition;
    const log = readLog(this.context.storage, state.spec.topic, partition);
    const window = this.options.ordering === 'per-partition' ? 1 : this.options.maxInFlightPerPartition;
    const end = Math.min(log.length, progress.committed + window);
    const deadlineUs: Micros = this.context.now + this.options.visibilityTimeoutUs;
    let leased = false;
    for (let offset = progress.committed; offset < end && messages.length < wanted && progress.leases.size < window; offset++) {
      if (!progress.isAvailable(offset)) continue;
      const entry = log[offset] as LogEntry;
      const delivery = progress.lease(offset, consumer, deadlineUs);
      this.metrics.deliveries++;
      if (delivery > 1) this.metrics.redeliveries++;
      messages.push({ topic: state.spec.topic, partition, offset, delivery, messageId: entry.messageId, key: entry.key, poison: entry.poison });
      leased = true;
    }
    if (leased) this.persist(state, partition);
  }

  /** Expired leases: each is a failed delivery. Checked on every fetch of the group (consumers poll, so no timer is needed). */
  private reclaimExpired(state: GroupState): void {
    state.partitions.forEach((progress, partition) => {
      for (const offset of progress.expired(this.context.now)) {
        this.metrics.visibilityTimeouts++;
        this.context.log(`pubsub: ${state.spec.name} lease on ${state.spec.topic}/${partition}@${offset} expired (delivery ${progress.deliveriesOf(offset)})`);
        this.failDelivery(state, partition, offset);
      }
    });
  }

  private failDelivery(state: GroupState, partition: number, offset: number): void {
    const progress = state.partitions[partition] as GroupPartition;
    const deliveries = progress.deliveriesOf(offset);
    if (progress.fail(offset, this.options.maxDeliveries) === 'redeliver') return;
    const entry = readLog(this.context.storage, state.spec.topic, partition)[offset] as LogEntry;
    const letter: DeadLetter = { group: state.spec.name, topic: state.spec.topic, partition, offset, messageId: entry.messageId, deliveries, atUs: this.context.now };
    this.context.storage.appendToList(DEAD_LETTER_KEY, letter);
    this.metrics.deadLettered++;
    this.context.log(`pubsub: ${state.spec.name} dead-lettered ${entry.messageId} (${state.spec.topic}/${partition}@${offset}) after ${deliveries} deliveries`);
    progress.finish(offset);
    this.persist(state, partition);
  }

  /** The lowest committed offset of the groups that read this partition (the log length if none do). */
  private slowestCommitted(topic: string, partition: number): number {
    let slowest = readLog(this.context.storage, topic, partition).length;
    for (const state of this.groups.values()) {
      if (state.spec.topic === topic) slowest = Math.min(slowest, (state.partitions[partition] as GroupPartition).committed);
    }
    return slowest;
  }

  private persist(state: GroupState, partition: number): void {
    this.context.storage.set(progressKey(state.spec.name, partition), (state.partitions[partition] as GroupPartition).toDurable());
  }

  private group(name: string): GroupState {
    const state = this.groups.get(name);
    if (state === undefined) throw new RangeError(`pubsub broker: unknown group ${JSON.stringify(name)}`);
    return state;
  }

  private partitionOf(state: GroupState, partition: number): GroupPartition {
    const progress = state.partitions[partition];
    if (progress === undefined) throw new RangeError(`pubsub broker: group ${state.spec.name} has no partition ${partition}`);
    return progress;
  }

  /** Public state for the UI and tests: per group, committed offsets and leases in flight. */
  inspect(): unknown {
    const groups: Record<string, unknown> = {};
    for (const [name, state] of this.groups) {
      groups[name] = state.partitions.map((progress) => ({ committed: progress.committed, inFlight: progress.leases.size }));
    }
    return { messages: this.placed.size, groups };
  }
}
