// How a broker is configured: its topics, the consumer groups that read them, and the
// delivery rules (ordering, visibility timeout, dead-lettering, back-pressure).
// Rule: options are plain data checked once by checkBrokerOptions, before a run starts.
import type { Micros } from '../../engine/time.ts';
import { PUBSUB_LIMITS } from './pubsub-limits.ts';

/**
 * per-partition: a group has at most one message of a partition in flight, so messages of
 * one key take effect in publish order (head-of-line blocking is the price).
 * none: up to maxInFlightPerPartition messages of a partition in flight at once, to any
 * consumers of the group; faster, and keys can take effect out of order.
 */
export const ORDERING_MODES = ['per-partition', 'none'] as const;
export type OrderingMode = (typeof ORDERING_MODES)[number];

/**
 * by-message-id: a publish whose id is already in the log is answered with its first
 * offset and not appended again. none (a bug switch): every retry is appended, so the log
 * holds copies, and only an idempotent consumer keeps them from taking effect twice.
 */
export const PUBLISH_DEDUPE_MODES = ['by-message-id', 'none'] as const;
export type PublishDedupe = (typeof PUBLISH_DEDUPE_MODES)[number];

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface GroupSpec {
  readonly name: string;
  readonly topic: string;
}

export interface BrokerOptions {
  readonly topics: readonly TopicSpec[];
  readonly groups: readonly GroupSpec[];
  readonly ordering: OrderingMode;
  readonly publishDedupe: PublishDedupe;
  /** A delivered message not acknowledged within this long is delivered again. */
  readonly visibilityTimeoutUs: Micros;
  /** Deliveries of one message to one group (the first included) before it goes to the dead-letter queue. */
  readonly maxDeliveries: number;
  /** Unconsumed entries one partition may hold (behind its slowest group) before publishes are refused. */
  readonly maxBacklogPerPartition: number;
  /** Messages of one partition in flight to one group at once, with ordering 'none'. */
  readonly maxInFlightPerPartition: number;
}

export function checkBrokerOptions(options: BrokerOptions): void {
  const where = 'pubsub broker';
  checkCount(where, 'topics', options.topics.length, 1, PUBSUB_LIMITS.maxTopics);
  checkCount(where, 'groups', options.groups.length, 0, PUBSUB_LIMITS.maxGroups);
  const topics = new Set<string>();
  for (const topic of options.topics) {
    if (topics.has(topic.name)) throw new RangeError(`${where}: topic ${JSON.stringify(topic.name)} is declared twice`);
    topics.add(topic.name);
    checkCount(where, `partitions of topic ${topic.name}`, topic.partitions, 1, PUBSUB_LIMITS.maxPartitionsPerTopic);
  }
  const groups = new Set<string>();
  for (const group of options.groups) {
    if (groups.has(group.name)) throw new RangeError(`${where}: group ${JSON.stringify(group.name)} is declared twice`);
    groups.add(group.name);
    if (!topics.has(group.topic)) throw new RangeError(`${where}: group ${group.name} reads unknown topic ${JSON.stringify(group.topic)}`);
  }
  if (!Number.isSafeInteger(options.visibilityTimeoutUs) || options.visibilityTimeoutUs < 1) {
    throw new RangeError(`${where}: invalid visibilityTimeoutUs ${String(options.visibilityTimeoutUs)}: expected a positive integer`);
  }
  checkCount(where, 'maxDeliveries', options.maxDeliveries, 1, PUBSUB_LIMITS.maxDeliveriesLimit);
  checkCount(where, 'maxBacklogPerPartition', options.maxBacklogPerPartition, 1, PUBSUB_LIMITS.maxBacklogPerPartition);
  checkCount(where, 'maxInFlightPerPartition', options.maxInFlightPerPartition, 1, PUBSUB_LIMITS.maxInFlightPerPartition);
}

function checkCount(where: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${where}: invalid ${name} ${String(value)}: expected an integer from ${min} to ${max}`);
  }
}
