// A consumer group's sink: the database where a message takes effect (a row written, an
// account debited). Consumers call it with the message's id; with idempotency 'on' it
// runs each id once through an idempotency store (src/patterns/idempotency.ts) kept in
// durable storage, and answers a repeat with the stored result.
// Rule: the effect is recorded and the result stored in one step, so no crash can fall
// between them; that is what turns at-least-once delivery into exactly-once effects.
import { ok, type CallResult } from '../../node/call-result.ts';
import type { Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { idempotencyStore } from '../../patterns/idempotency.ts';
import type { Micros } from '../../engine/time.ts';
import type { EffectLedger } from './effect-ledger.ts';
import type { ApplyReply, ApplyRequest } from './pubsub-messages.ts';

/** on: the sink deduplicates by message id; off: every call takes effect (the consumer is not idempotent). */
export const IDEMPOTENCY_MODES = ['on', 'off'] as const;
export type IdempotencyMode = (typeof IDEMPOTENCY_MODES)[number];

export interface SinkSettings {
  readonly name: string;
  readonly idempotency: IdempotencyMode;
  /** Results the store keeps, and for how long; both must cover every redelivery of a run. */
  readonly maxEntries: number;
  readonly expiryUs: Micros;
}

export function effectSinkNode(settings: SinkSettings, ledger: EffectLedger): RpcNodeBehavior<ApplyRequest, ApplyReply> {
  const store =
    settings.idempotency === 'on'
      ? idempotencyStore({ name: settings.name, maxEntries: settings.maxEntries, expiryUs: settings.expiryUs, retention: 'durable' })
      : undefined;
  const apply = function* (request: ApplyRequest): Process<CallResult<ApplyReply>> {
    ledger.record({ group: request.group, messageId: request.messageId, key: request.key, offset: request.offset });
    return ok({ type: 'applied', messageId: request.messageId });
  };
  return rpcNode<ApplyRequest, ApplyReply>({
    serve: (request) => (store === undefined ? apply(request) : store.execute(request.messageId, () => apply(request))),
  });
}
