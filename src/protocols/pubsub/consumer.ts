// A consumer: one member of a consumer group. It pulls a batch from the broker, works on
// each message, has it take effect at the group's sink, and acknowledges it. Nothing it
// holds survives a crash; the broker redelivers what it had not acknowledged once the
// visibility timeout passes.
// Rule: acknowledge only after the effect is made (ackMode 'after-effect'). Acknowledging
// first ('before-processing', a bug switch) loses every message in hand when the
// consumer crashes: the broker thinks it done, and no one ever makes its effect.
import type { Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { call, sleep, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { PUBSUB_LIMITS } from './pubsub-limits.ts';
import type { ApplyReply, ApplyRequest, BrokerReply, BrokerRequest, Delivery } from './pubsub-messages.ts';

export const ACK_MODES = ['after-effect', 'before-processing'] as const;
export type AckMode = (typeof ACK_MODES)[number];

export interface ConsumerSettings {
  readonly broker: NodeId;
  readonly sink: NodeId;
  readonly group: string;
  /** Messages asked for per fetch. */
  readonly batch: number;
  /** How long working on one message takes (before its effect). */
  readonly processingUs: Micros;
  /** Pause before the next fetch when the last one brought nothing (or failed). */
  readonly pollIntervalUs: Micros;
  /** How long to wait for the broker's or the sink's answer. */
  readonly callTimeoutUs: Micros;
  readonly ackMode: AckMode;
}

export function consumerNode(settings: ConsumerSettings): RpcNodeBehavior<unknown, unknown> {
  const { batch } = settings;
  if (!Number.isSafeInteger(batch) || batch < 1 || batch > PUBSUB_LIMITS.maxFetchBatch) {
    throw new RangeError(`pubsub consumer ${settings.group}: invalid batch ${String(batch)}: expected an integer from 1 to ${PUBSUB_LIMITS.maxFetchBatch}`);
  }
  return rpcNode({ onStart: (host) => host.spawn(consume(settings), `consumer ${settings.group}`) });
}

/** Fetches and handles batches for as long as the node is up; every turn waits on the network or a sleep. */
function* consume(settings: ConsumerSettings): Process<void> {
  for (;;) {
    const request: BrokerRequest = { type: 'fetch', group: settings.group, maxMessages: settings.batch };
    const fetched = yield* call<BrokerReply>(settings.broker, request, { timeoutUs: settings.callTimeoutUs });
    const messages = fetched.kind === 'ok' && fetched.reply.type === 'fetched' ? fetched.reply.messages : [];
    if (messages.length === 0) {
      yield* sleep(settings.pollIntervalUs);
      continue;
    }
    for (const message of messages) yield* handle(settings, message);
  }
}

function* handle(settings: ConsumerSettings, message: Delivery): Process<void> {
  if (settings.ackMode === 'before-processing') yield* settle(settings, message, 'ack');
  yield* sleep(settings.processingUs);
  if (message.poison) {
    // Working on it failed: give it back at once (the broker counts a failed delivery).
    if (settings.ackMode === 'after-effect') yield* settle(settings, message, 'nack');
    return;
  }
  const apply: ApplyRequest = { type: 'apply', group: settings.group, messageId: message.messageId, key: message.key, offset: message.offset };
  const applied = yield* call<ApplyReply>(settings.sink, apply, { timeoutUs: settings.callTimeoutUs });
  // No answer from the sink: the effect may or may not be made. Leave the message
  // unacknowledged; the broker delivers it again after the visibility timeout.
  if (applied.kind === 'ok' && settings.ackMode === 'after-effect') yield* settle(settings, message, 'ack');
}

/** Sends an ack or nack; a lost one only means a redelivery later, so the answer is not needed. */
function* settle(settings: ConsumerSettings, message: Delivery, type: 'ack' | 'nack'): Process<void> {
  const request: BrokerRequest = { type, group: settings.group, partition: message.partition, offset: message.offset };
  yield* call<BrokerReply>(settings.broker, request, { timeoutUs: settings.callTimeoutUs });
}
