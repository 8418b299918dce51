// A producer: publishes messages at random moments, each with an id that stays the same
// in every retry, and retries until the broker says it has the message. The broker
// deduplicates by that id, so a retry after a lost answer never puts a message in the
// log twice. A refusal ('backlog-full') is back-pressure: the producer backs off.
// Rule: the next message's sequence number is written to durable storage before its
// first attempt, so a producer that crashes and restarts never reuses an id.
import type { Random } from '../../engine/rng.ts';
import type { Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { call, nodeContext, sleep, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { PUBSUB_LIMITS } from './pubsub-limits.ts';
import type { BrokerReply, BrokerRequest, PublishedMessage } from './pubsub-messages.ts';

const NEXT_SEQUENCE_KEY = 'pubsub/producer/next-sequence';

export interface ProducerSettings {
  readonly name: string;
  readonly broker: NodeId;
  readonly topic: string;
  readonly keys: readonly string[];
  /** Mean pause between two messages (drawn uniformly from 0 to twice this). */
  readonly meanIntervalUs: Micros;
  /** Probability that a message is poison (every consumer fails on it). */
  readonly poisonProbability: number;
  /** No new message is started at or after this time. */
  readonly stopAtUs: Micros;
  readonly maxAttempts: number;
  readonly callTimeoutUs: Micros;
  /** Back-off after a refusal or a timeout: doubled per attempt, capped. */
  readonly backoffBaseUs: Micros;
  readonly backoffMaxUs: Micros;
}

/** What the producers saw, kept outside the nodes (survives their crashes). */
export interface ProducerBooks {
  /** Message ids the broker acknowledged, in order. */
  readonly acknowledged: string[];
  /** Messages given up after maxAttempts. */
  abandoned: number;
  /** Publishes refused by back-pressure, every attempt counted. */
  refusals: number;
  /** Attempts that got no answer in time. */
  timeouts: number;
}

export function emptyProducerBooks(): ProducerBooks {
  return { acknowledged: [], abandoned: 0, refusals: 0, timeouts: 0 };
}

export function producerNode(settings: ProducerSettings, random: Random, books: ProducerBooks): RpcNodeBehavior<unknown, unknown> {
  const { maxAttempts } = settings;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > PUBSUB_LIMITS.maxPublishAttempts) {
    throw new RangeError(`pubsub producer ${settings.name}: invalid maxAttempts ${String(maxAttempts)}: expected an integer from 1 to ${PUBSUB_LIMITS.maxPublishAttempts}`);
  }
  if (settings.keys.length === 0) throw new RangeError(`pubsub producer ${settings.name}: expected at least one key`);
  return rpcNode({ onStart: (host) => host.spawn(produce(settings, random, books), `producer ${settings.name}`) });
}

function* produce(settings: ProducerSettings, random: Random, books: ProducerBooks): Process<void> {
  const context = yield* nodeContext();
  while (context.now < settings.stopAtUs) {
    const sequence = context.storage.get<number>(NEXT_SEQUENCE_KEY) ?? 0;
    context.storage.set(NEXT_SEQUENCE_KEY, sequence + 1);
    const message: PublishedMessage = {
      messageId: `${settings.name}-${sequence}`,
      key: settings.keys[random.below(settings.keys.length)] as string,
      poison: random.chance(settings.poisonProbability),
    };
    yield* publish(settings, message, books);
    yield* sleep(random.intInclusive(0, 2 * settings.meanIntervalUs));
  }
}

function* publish(settings: ProducerSettings, message: PublishedMessage, books: ProducerBooks): Process<void> {
  const request: BrokerRequest = { type: 'publish', topic: settings.topic, ...message };
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    const result = yield* call<BrokerReply>(settings.broker, request, { timeoutUs: settings.callTimeoutUs });
    if (result.kind === 'ok' && result.reply.type === 'published') {
      books.acknowledged.push(message.messageId);
      return;
    }
    if (result.kind === 'ok' && result.reply.type === 'refused') books.refusals++;
    else if (result.kind === 'timeout') books.timeouts++;
    yield* sleep(Math.min(settings.backoffMaxUs, settings.backoffBaseUs * 2 ** (attempt - 1)));
  }
  books.abandoned++;
}
