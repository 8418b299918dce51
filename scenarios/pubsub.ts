// pubsub: producers, a broker, and two consumer groups (one of them slow) through lost
// and duplicated messages, consumer crashes and a broker restart.
//
// For a learner: a broker promises at-least-once delivery: a message a consumer has not
// acknowledged within the visibility timeout is delivered again. Whether a redelivery
// makes its effect twice is up to the consumer: with idempotency keys (the message id,
// remembered by the group's sink) effects happen exactly once. A slow group falls behind
// (its lag grows) until the broker pushes back on the producers, and a message that fails
// every delivery ends in the dead-letter queue. The description says what to try.
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import type { LinkConfig } from '../src/net/link.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { emptyBrokerMetrics, type BrokerMetrics } from '../src/protocols/pubsub/broker-metrics.ts';
import { brokerNode } from '../src/protocols/pubsub/broker-node.ts';
import { groupLag, readPositions } from '../src/protocols/pubsub/broker-storage.ts';
import { consumerNode, type AckMode } from '../src/protocols/pubsub/consumer.ts';
import { auditGroups, duplicateLogEntries, missingAcknowledged, type GroupAudit } from '../src/protocols/pubsub/delivery-audit.ts';
import { EffectLedger } from '../src/protocols/pubsub/effect-ledger.ts';
import { effectSinkNode, IDEMPOTENCY_MODES } from '../src/protocols/pubsub/effect-sink.ts';
import { emptyProducerBooks, producerNode, type ProducerBooks } from '../src/protocols/pubsub/producer.ts';
import { checkBrokerOptions, ORDERING_MODES, type BrokerOptions } from '../src/protocols/pubsub/pubsub-options.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';
import { memoizeWhileUnchanged } from './support/store-checking.ts';

const BROKER: NodeId = 0;
const TOPIC = 'orders';
/** The fast group and the slow one (how many consumers each has is a parameter). */
const GROUPS = [{ name: 'billing' }, { name: 'analytics' }] as const;
const DURATION = seconds(20);
/** How often consumer lag is sampled from the broker's disk. */
const LAG_SAMPLE_INTERVAL_US = ms(50);
/** Every this long, the lag goes into the report's timeline (`lag billing by second`). */
const LAG_TIMELINE_INTERVAL_US = seconds(1);
const LINK_LATENCY = { kind: 'uniform', baseUs: ms(1), minUs: 0, maxUs: ms(3) } as const;
const CONSUMER = { batch: 5, pollIntervalUs: ms(20), callTimeoutUs: ms(100) } as const;
const PRODUCER = { maxAttempts: 30, callTimeoutUs: ms(100), backoffBaseUs: ms(20), backoffMaxUs: ms(500) } as const;
/** The sinks' idempotency stores keep every message id of a run. */
const SINK_STORE = { maxEntries: 100_000, expiryUs: seconds(3_600) } as const;
/** With ordering=none, messages of one partition in flight to one group at once. */
const UNORDERED_IN_FLIGHT_PER_PARTITION = 20;
const BUGS = ['none', 'ack-before-process', 'publish-without-dedupe'] as const;

export default defineScenario({
  name: 'pubsub',
  summary: 'a broker, producers and two consumer groups: at-least-once delivery, idempotent effects, lag, back-pressure, dead letters',
  description: [
    'Producers publish to topic "orders" (partitions by key) on one broker; each message has',
    'an id kept across retries, and the broker drops a publish whose id it already has.',
    'Two consumer groups read every message: billing (2 consumers, fast) and analytics (1',
    'consumer, slow; analytics-consumers adds more). Consumers pull a batch, work on each message, make its effect at the',
    'group\'s sink (a database), then acknowledge. A message not acknowledged within the',
    'visibility timeout is delivered again; after max-deliveries failed deliveries it goes',
    'to the dead-letter queue (poison messages always end there). ordering=per-partition',
    'keeps one message of a partition in flight per group, so a key takes effect in order.',
    'The network loses and duplicates 2% of messages; a billing consumer crashes at 2s,',
    'the broker at 4s, the analytics consumer at 7s (each back within a second).',
    'Analytics falls behind: its lag grows until a partition holds backlog-limit unconsumed',
    'entries and the broker refuses publishes (back-pressure); producers stop at produce-for.',
    'Checked at the end: every acknowledged publish is in the log, once; no message finished',
    'without its effect (lost); none took effect twice in a group; keys in order (per-partition).',
    'Try: idempotency=off (duplicate effects), bug=ack-before-process (lost messages),',
    'bug=publish-without-dedupe (copies in the log; idempotent sinks still make each effect once),',
    'ordering=none (ordering violations), slow-processing=10ms or analytics-consumers=4 (less lag).',
  ].join('\n'),
  durationUs: DURATION,
  params: {
    idempotency: param.enum({ values: IDEMPOTENCY_MODES, default: 'on', description: 'sinks remember message ids and make each effect once (off: every delivery takes effect)' }),
    bug: param.enum({ values: BUGS, default: 'none', description: 'ack-before-process: consumers acknowledge before the effect (a crash loses messages); publish-without-dedupe: the broker appends every publish retry' }),
    ordering: param.enum({ values: ORDERING_MODES, default: 'per-partition', description: 'per-partition: one message of a partition in flight per group; none: up to 20' }),
    partitions: param.int({ default: 4, min: 1, max: 64, description: 'partitions of the topic' }),
    keys: param.int({ default: 8, min: 1, max: 1_000, description: 'distinct message keys' }),
    producers: param.int({ default: 2, min: 1, max: 20, description: 'producer nodes' }),
    rate: param.number({ default: 40, min: 1, max: 2_000, description: 'messages per second from all producers together' }),
    'produce-for': param.duration({ default: seconds(6), min: ms(1), max: seconds(60), description: 'producers start no message after this (nor after the run ends)' }),
    'fast-processing': param.duration({ default: ms(5), min: 0, max: seconds(10), description: 'work per message in the billing group' }),
    'billing-consumers': param.int({ default: 2, min: 1, max: 8, description: 'consumers in the billing group' }),
    'analytics-consumers': param.int({ default: 1, min: 1, max: 8, description: 'consumers in the analytics group (more of them work off its lag faster)' }),
    'slow-processing': param.duration({ default: ms(60), min: 0, max: seconds(10), description: 'work per message in the analytics group' }),
    'visibility-timeout': param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'a delivery not acknowledged within this is delivered again' }),
    'max-deliveries': param.int({ default: 5, min: 1, max: 100, description: 'failed deliveries before a message is dead-lettered' }),
    'backlog-limit': param.int({ default: 25, min: 1, max: 100_000, description: 'unconsumed entries per partition before publishes are refused' }),
    poison: param.number({ default: 0.01, min: 0, max: 1, description: 'probability that a message is poison (every delivery fails)' }),
    loss: param.number({ default: 0.02, min: 0, max: 0.5, description: 'probability that the network loses a message' }),
    duplicates: param.number({ default: 0.02, min: 0, max: 0.5, description: 'probability that the network delivers a message twice' }),
  },
  setup(world, params) {
    const options: BrokerOptions = {
      topics: [{ name: TOPIC, partitions: params.partitions }],
      groups: GROUPS.map((group) => ({ name: group.name, topic: TOPIC })),
      ordering: params.ordering,
      publishDedupe: params.bug === 'publish-without-dedupe' ? 'none' : 'by-message-id',
      visibilityTimeoutUs: params['visibility-timeout'],
      maxDeliveries: params['max-deliveries'],
      maxBacklogPerPartition: params['backlog-limit'],
      maxInFlightPerPartition: UNORDERED_IN_FLIGHT_PER_PARTITION,
    };
    checkBrokerOptions(options);
    const link: LinkConfig = { latency: LINK_LATENCY, lossProbability: params.loss, duplicateProbability: params.duplicates, ordering: 'reorder' };
    world.network.setDefaultLink(link);
    const observed: Observed = { metrics: emptyBrokerMetrics(), ledger: new EffectLedger(), books: emptyProducerBooks(), maxLag: new Map(), lagTimeline: new Map(GROUPS.map((group) => [group.name, []])), options };
    world.cluster.addNode(() => brokerNode(options, observed.metrics));
    addProducers(world, params, observed.books);
    const ackMode: AckMode = params.bug === 'ack-before-process' ? 'before-processing' : 'after-effect';
    const consumers = addGroups(world, params, ackMode, observed.ledger);
    world.faults = defaultFaults(consumers);
    sampleLag(world, observed);
    declareChecks(world, observed, params.ordering === 'per-partition');
    declareFigures(world, observed);
    world.summary('node names', () => nodeNames(params.producers, consumers).join(', '));
  },
});

/** What the checks and figures read: all of it kept outside the nodes. */
interface Observed {
  readonly metrics: BrokerMetrics;
  readonly ledger: EffectLedger;
  readonly books: ProducerBooks;
  readonly maxLag: Map<string, number>;
  /** Per group, `<second>s:<lag>` once a second: the lag growing and draining. */
  readonly lagTimeline: Map<string, string[]>;
  readonly options: BrokerOptions;
}

interface WorkloadParams {
  readonly producers: number;
  readonly keys: number;
  readonly rate: number;
  readonly poison: number;
  readonly 'produce-for': Micros;
}

function addProducers(world: World, params: WorkloadParams, books: ProducerBooks): void {
  const keys = Array.from({ length: params.keys }, (_unused, index) => `key-${index}`);
  for (let index = 0; index < params.producers; index++) {
    const settings = {
      name: `p${index}`,
      broker: BROKER,
      topic: TOPIC,
      keys,
      meanIntervalUs: Math.round((1_000_000 * params.producers) / params.rate),
      poisonProbability: params.poison,
      stopAtUs: params['produce-for'],
      ...PRODUCER,
    };
    const random = world.random(`producer:${index}`);
    world.cluster.addNode(() => producerNode(settings, random, books));
  }
}

interface GroupParams {
  readonly idempotency: 'on' | 'off';
  readonly 'billing-consumers': number;
  readonly 'analytics-consumers': number;
  readonly 'fast-processing': Micros;
  readonly 'slow-processing': Micros;
}

/** Per group a sink, then its consumers; returns the consumers' node ids per group (in GROUPS order). */
function addGroups(world: World, params: GroupParams, ackMode: AckMode, ledger: EffectLedger): NodeId[][] {
  const sinks = GROUPS.map((group) =>
    world.cluster.addNode(() => effectSinkNode({ name: `${group.name}-db`, idempotency: params.idempotency, ...SINK_STORE }, ledger)),
  );
  return GROUPS.map((group, index) => {
    const isBilling = group.name === 'billing';
    const processingUs = isBilling ? params['fast-processing'] : params['slow-processing'];
    const settings = { broker: BROKER, sink: sinks[index] as NodeId, group: group.name, processingUs, ackMode, ...CONSUMER };
    return world.cluster.addNodes(isBilling ? params['billing-consumers'] : params['analytics-consumers'], () => consumerNode(settings));
  });
}

/** Names in node-id order: broker, producers, sinks, then each group's consumers. */
function nodeNames(producers: number, consumers: readonly NodeId[][]): string[] {
  const names = [`broker-${BROKER}`];
  for (let index = 0; index < producers; index++) names.push(`producer-${names.length}`);
  for (const group of GROUPS) names.push(`${group.name}-db-${names.length}`);
  GROUPS.forEach((group, index) => {
    for (const _node of consumers[index] ?? []) names.push(`${group.name}-consumer-${names.length}`);
  });
  return names;
}

function defaultFaults(consumers: readonly NodeId[][]): FaultSchedule {
  const billing = consumers[0]?.[0] as NodeId;
  const analytics = consumers[1]?.[0] as NodeId;
  return [
    { atUs: seconds(2), kind: 'crash', node: billing },
    { atUs: ms(2_500), kind: 'restart', node: billing },
    { atUs: seconds(4), kind: 'crash', node: BROKER },
    { atUs: ms(4_600), kind: 'restart', node: BROKER },
    { atUs: seconds(7), kind: 'crash', node: analytics },
    { atUs: ms(7_800), kind: 'restart', node: analytics },
  ];
}

/** Reads every group's lag from the broker's disk every LAG_SAMPLE_INTERVAL_US and keeps the highest. */
function sampleLag(world: World, observed: Observed): void {
  const storage = world.cluster.contextOf(BROKER).storage;
  const sample = (atUs: Micros): void => {
    world.at(atUs, () => {
      const positions = readPositions(storage, observed.options);
      for (const group of GROUPS) {
        const lag = groupLag(positions, group.name);
        observed.maxLag.set(group.name, Math.max(observed.maxLag.get(group.name) ?? 0, lag));
        if (atUs % LAG_TIMELINE_INTERVAL_US === 0) observed.lagTimeline.get(group.name)?.push(`${atUs / 1_000_000}s:${lag}`);
      }
      if (atUs + LAG_SAMPLE_INTERVAL_US <= world.durationUs) sample(atUs + LAG_SAMPLE_INTERVAL_US);
    });
  };
  sample(LAG_SAMPLE_INTERVAL_US);
}

function declareChecks(world: World, observed: Observed, isOrdered: boolean): void {
  const storage = world.cluster.contextOf(BROKER).storage;
  const audit = (): GroupAudit[] => auditGroups(storage, observed.options, observed.ledger);
  world.properties.atEnd('every acknowledged publish is in the log', () => {
    const missing = missingAcknowledged(storage, observed.options, observed.books.acknowledged);
    return missing.length === 0 ? undefined : { message: `${missing.length} acknowledged publishes are in no log, first ${missing[0] ?? ''}`, nodes: [BROKER] };
  });
  world.properties.atEnd('each message is in the log once', () => {
    const duplicates = duplicateLogEntries(storage, observed.options);
    return duplicates === 0 ? undefined : { message: `${duplicates} log entries repeat a message id already in the log (publish retries appended again)`, nodes: [BROKER] };
  });
  world.properties.atEnd('no message finished without taking effect', () => {
    const lost = audit().filter((group) => group.lost.length > 0);
    if (lost.length === 0) return undefined;
    return lost.map((group) => `group ${group.group} lost ${group.lost.length} messages (acknowledged, never took effect), first ${group.lost[0] ?? ''}`).join('; ');
  });
  world.properties.atEnd('each message takes effect at most once per group', () => {
    const duplicates = GROUPS.map((group) => [group.name, observed.ledger.duplicateEffects(group.name)] as const).filter(([, count]) => count > 0);
    return duplicates.length === 0 ? undefined : duplicates.map(([group, count]) => `group ${group}: ${count} duplicate effects`).join('; ');
  });
  if (!isOrdered) return;
  world.properties.atEnd('messages of one key take effect in log order', () => {
    const first = observed.ledger.firstViolations[0];
    if (first === undefined) return undefined;
    return `${observed.ledger.orderingViolations()} ordering violations; first: group ${first.group} key ${first.key} offset ${first.offset} took effect after offset ${first.after}`;
  });
}

function declareFigures(world: World, observed: Observed): void {
  const storage = world.cluster.contextOf(BROKER).storage;
  const { metrics, ledger, books } = observed;
  const audit = memoizeWhileUnchanged(() => world.simulation.now, () => auditGroups(storage, observed.options, ledger));
  const total = (pick: (group: GroupAudit) => number): number => audit().reduce((sum, group) => sum + pick(group), 0);
  world.summary('published', () => metrics.appended - duplicateLogEntries(storage, observed.options));
  world.summary('publishes acknowledged', () => books.acknowledged.length);
  world.summary('duplicate publishes absorbed', () => metrics.duplicatePublishes);
  world.summary('duplicate log entries', () => duplicateLogEntries(storage, observed.options));
  world.summary('publishes refused (back-pressure)', () => metrics.refusedBacklog);
  world.summary('publishes abandoned', () => books.abandoned);
  world.summary('deliveries', () => metrics.deliveries);
  world.summary('redeliveries', () => metrics.redeliveries);
  world.summary('visibility timeouts', () => metrics.visibilityTimeouts);
  world.summary('duplicate effects', () => ledger.duplicateEffects());
  world.summary('lost messages', () => total((group) => group.lost.length));
  world.summary('dead-lettered', () => total((group) => group.deadLettered));
  world.summary('ordering violations', () => ledger.orderingViolations());
  for (const group of GROUPS) {
    world.summary(`effects ${group.name}`, () => ledger.distinctEffects(group.name));
    world.summary(`max lag ${group.name}`, () => observed.maxLag.get(group.name) ?? 0);
    world.summary(`lag at end ${group.name}`, () => audit().find((entry) => entry.group === group.name)?.lag ?? 0);
    world.summary(`lag ${group.name} by second`, () => (observed.lagTimeline.get(group.name) ?? []).join(' '));
  }
  const groupNames = GROUPS.map((group) => group.name);
  world.table('consumer groups', groupNames, [
    ['effects', groupNames.map((name) => `effects ${name}`)],
    ['max lag', groupNames.map((name) => `max lag ${name}`)],
    ['lag at end', groupNames.map((name) => `lag at end ${name}`)],
  ]);
}
