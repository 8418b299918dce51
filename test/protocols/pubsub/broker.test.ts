// The broker's rules, driven by hand on one node's context: ordering per partition,
// redelivery after the visibility timeout, dead-lettering after maxDeliveries, each
// group's own offsets, back-pressure, deduplicated publishes, and what a restart keeps.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/engine/simulation.ts';
import { ms, type Micros } from '../../../src/engine/time.ts';
import { Cluster } from '../../../src/node/cluster.ts';
import type { NodeContext } from '../../../src/node/node-api.ts';
import { Broker } from '../../../src/protocols/pubsub/broker.ts';
import { emptyBrokerMetrics, type BrokerMetrics } from '../../../src/protocols/pubsub/broker-metrics.ts';
import { groupLag, readDeadLetters, readPositions, readProgress } from '../../../src/protocols/pubsub/broker-storage.ts';
import { partitionOfKey } from '../../../src/protocols/pubsub/key-partition.ts';
import type { BrokerReply, Delivery } from '../../../src/protocols/pubsub/pubsub-messages.ts';
import { checkBrokerOptions, type BrokerOptions } from '../../../src/protocols/pubsub/pubsub-options.ts';

const VISIBILITY = ms(100);
const CONSUMER = 7;

function options(overrides: Partial<BrokerOptions> = {}): BrokerOptions {
  return {
    topics: [{ name: 'orders', partitions: 1 }],
    groups: [
      { name: 'billing', topic: 'orders' },
      { name: 'analytics', topic: 'orders' },
    ],
    ordering: 'per-partition',
    publishDedupe: 'by-message-id',
    visibilityTimeoutUs: VISIBILITY,
    maxDeliveries: 3,
    maxBacklogPerPartition: 1_000,
    maxInFlightPerPartition: 10,
    ...overrides,
  };
}

class BrokerBench {
  readonly simulation = new Simulation(1);
  readonly cluster = new Cluster(this.simulation);
  readonly metrics: BrokerMetrics = emptyBrokerMetrics();
  readonly context: NodeContext;
  broker: Broker;

  constructor(readonly brokerOptions: BrokerOptions) {
    this.cluster.addNode(() => ({ onMessage: () => undefined }));
    this.cluster.start();
    this.simulation.runUntil(0);
    this.context = this.cluster.contextOf(0);
    this.broker = new Broker(brokerOptions, this.metrics, this.context);
  }

  publish(messageId: string, key = 'k'): BrokerReply {
    return this.broker.publish('orders', { messageId, key, poison: false });
  }

  fetch(group: string, maxMessages = 10): Delivery[] {
    const reply = this.broker.fetch(group, CONSUMER, maxMessages);
    if (reply.type !== 'fetched') throw new Error(`expected fetched, got ${reply.type}`);
    return [...reply.messages];
  }

  advance(byUs: Micros): void {
    this.simulation.runUntil(this.simulation.now + byUs);
  }

  /** A new incarnation on the same disk: what a restart sees. */
  restart(): void {
    this.broker = new Broker(this.brokerOptions, this.metrics, this.context);
  }
}

const ids = (deliveries: readonly Delivery[]): string[] => deliveries.map((delivery) => delivery.messageId);

describe('pubsub broker', () => {
  it('delivers one message of a partition at a time, in log order, with per-partition ordering', () => {
    const bench = new BrokerBench(options());
    for (const id of ['m0', 'm1', 'm2']) bench.publish(id);
    expect(ids(bench.fetch('billing'))).toEqual(['m0']);
    expect(bench.fetch('billing')).toEqual([]);
    bench.broker.ack('billing', 0, 0);
    expect(ids(bench.fetch('billing'))).toEqual(['m1']);
    bench.broker.ack('billing', 0, 1);
    expect(ids(bench.fetch('billing'))).toEqual(['m2']);
  });

  it('hands out several messages of a partition at once without ordering, and commits only a contiguous prefix', () => {
    const bench = new BrokerBench(options({ ordering: 'none' }));
    for (const id of ['m0', 'm1', 'm2']) bench.publish(id);
    expect(ids(bench.fetch('billing'))).toEqual(['m0', 'm1', 'm2']);
    bench.broker.ack('billing', 0, 2);
    bench.broker.ack('billing', 0, 1);
    expect(readProgress(bench.context.storage, 'billing', 0)).toMatchObject({ committed: 0, done: [2, 1] });
    bench.broker.ack('billing', 0, 0);
    expect(readProgress(bench.context.storage, 'billing', 0)).toMatchObject({ committed: 3, done: [] });
  });

  it('sends every key to one partition', () => {
    const bench = new BrokerBench(options({ topics: [{ name: 'orders', partitions: 4 }] }));
    const partitions = ['a', 'b', 'a', 'c', 'a'].map((key, index) => bench.publish(`m${index}`, key)).map((reply) => (reply.type === 'published' ? reply.partition : -1));
    expect([partitions[0], partitions[2], partitions[4]]).toEqual([partitionOfKey('a', 4), partitionOfKey('a', 4), partitionOfKey('a', 4)]);
  });

  it('redelivers an unacknowledged message once the visibility timeout has passed, and not before', () => {
    const bench = new BrokerBench(options());
    bench.publish('m0');
    expect(bench.fetch('billing')[0]).toMatchObject({ messageId: 'm0', delivery: 1 });
    bench.advance(VISIBILITY - 1);
    expect(bench.fetch('billing')).toEqual([]);
    bench.advance(1);
    expect(bench.fetch('billing')[0]).toMatchObject({ messageId: 'm0', offset: 0, delivery: 2 });
    expect(bench.metrics).toMatchObject({ visibilityTimeouts: 1, redeliveries: 1, deliveries: 2 });
  });

  it('dead-letters a message after maxDeliveries failed deliveries and moves on to the next', () => {
    const bench = new BrokerBench(options({ maxDeliveries: 3 }));
    bench.publish('poison');
    bench.publish('m1');
    for (let delivery = 1; delivery <= 3; delivery++) {
      expect(bench.fetch('billing')[0]).toMatchObject({ messageId: 'poison', delivery });
      bench.broker.nack('billing', 0, 0);
    }
    expect(readDeadLetters(bench.context.storage)).toEqual([expect.objectContaining({ group: 'billing', messageId: 'poison', deliveries: 3 })]);
    expect(ids(bench.fetch('billing'))).toEqual(['m1']);
    expect(bench.metrics.deadLettered).toBe(1);
  });

  it('counts a visibility timeout as a failed delivery toward the dead-letter queue', () => {
    const bench = new BrokerBench(options({ maxDeliveries: 2 }));
    bench.publish('slow');
    bench.fetch('billing');
    bench.advance(VISIBILITY);
    bench.fetch('billing');
    bench.advance(VISIBILITY);
    expect(bench.fetch('billing')).toEqual([]);
    expect(readDeadLetters(bench.context.storage).map((letter) => letter.messageId)).toEqual(['slow']);
  });

  it('keeps each consumer group’s offsets apart: every group reads every message', () => {
    const bench = new BrokerBench(options());
    bench.publish('m0');
    bench.publish('m1');
    bench.fetch('billing');
    bench.broker.ack('billing', 0, 0);
    expect(ids(bench.fetch('billing'))).toEqual(['m1']);
    expect(ids(bench.fetch('analytics'))).toEqual(['m0']);
    expect(readProgress(bench.context.storage, 'billing', 0)?.committed).toBe(1);
    expect(readProgress(bench.context.storage, 'analytics', 0)?.committed).toBe(0);
  });

  it('measures each group’s consumer lag as the log entries it has not finished', () => {
    const bench = new BrokerBench(options({ ordering: 'none' }));
    for (const id of ['m0', 'm1', 'm2', 'm3']) bench.publish(id);
    bench.fetch('billing');
    bench.broker.ack('billing', 0, 0);
    bench.broker.ack('billing', 0, 2);
    const positions = readPositions(bench.context.storage, bench.brokerOptions);
    expect(groupLag(positions, 'billing')).toBe(2);
    expect(groupLag(positions, 'analytics')).toBe(4);
  });

  it('answers a retried publish with the first one’s offset instead of appending it again', () => {
    const bench = new BrokerBench(options());
    expect(bench.publish('m0')).toEqual({ type: 'published', partition: 0, offset: 0, duplicate: false });
    expect(bench.publish('m0')).toEqual({ type: 'published', partition: 0, offset: 0, duplicate: true });
    expect(ids(bench.fetch('billing'))).toEqual(['m0']);
    expect(bench.fetch('billing')).toEqual([]);
  });

  it('appends every retry again when publish deduplication is off (the bug switch)', () => {
    const bench = new BrokerBench(options({ publishDedupe: 'none' }));
    bench.publish('m0');
    expect(bench.publish('m0')).toEqual({ type: 'published', partition: 0, offset: 1, duplicate: false });
    bench.fetch('billing');
    bench.broker.ack('billing', 0, 0);
    expect(ids(bench.fetch('billing'))).toEqual(['m0']);
  });

  it('refuses publishes once the slowest group is backlog-limit entries behind, and takes them again as it catches up', () => {
    const bench = new BrokerBench(options({ maxBacklogPerPartition: 2 }));
    bench.publish('m0');
    bench.publish('m1');
    expect(bench.publish('m2')).toEqual({ type: 'refused', reason: 'backlog-full' });
    bench.fetch('billing');
    bench.broker.ack('billing', 0, 0);
    expect(bench.publish('m2')).toEqual({ type: 'refused', reason: 'backlog-full' });
    bench.fetch('analytics');
    bench.broker.ack('analytics', 0, 0);
    expect(bench.publish('m2')).toMatchObject({ type: 'published', offset: 2 });
  });

  it('keeps the log, committed offsets and delivery counts across a restart, and redelivers what was in flight at once', () => {
    const bench = new BrokerBench(options());
    for (const id of ['m0', 'm1']) bench.publish(id);
    bench.fetch('billing');
    bench.broker.ack('billing', 0, 0);
    expect(bench.fetch('billing')[0]).toMatchObject({ messageId: 'm1', delivery: 1 });
    bench.restart();
    expect(bench.fetch('billing')[0]).toMatchObject({ messageId: 'm1', delivery: 2 });
    expect(bench.publish('m0')).toMatchObject({ duplicate: true });
  });

  it('treats a late ack for a message already done as stale', () => {
    const bench = new BrokerBench(options());
    bench.publish('m0');
    bench.fetch('billing');
    expect(bench.broker.ack('billing', 0, 0)).toEqual({ type: 'acked', known: true });
    expect(bench.broker.ack('billing', 0, 0)).toEqual({ type: 'acked', known: false });
    expect(bench.metrics.staleAcks).toBe(1);
  });

  it('rejects settings that name an unknown topic or leave no room for a delivery', () => {
    expect(() => checkBrokerOptions(options({ groups: [{ name: 'billing', topic: 'payments' }] }))).toThrow('pubsub broker: group billing reads unknown topic "payments"');
    expect(() => checkBrokerOptions(options({ maxDeliveries: 0 }))).toThrow('pubsub broker: invalid maxDeliveries 0: expected an integer from 1 to 100');
    expect(() => checkBrokerOptions(options())).not.toThrow();
  });
});
