// Hop spans: a message's trip across the network as a span, a child of the attempt or server
// span that sent it, made when the run ends from the collector's message records (a run has
// as many hops as messages; a record each is enough until then). Rule: every traced message
// takes its hop's span id from the id stream in message order, kept or not (a hop left out
// skips one), so a kept trace gets the same ids at any sampling ratio.
import type { Micros } from '../engine/time.ts';
import type { ObservedMessage } from './observed-run.ts';
import { addEvent, endSpan, finishSpan, isKeptSpan, openSpan, setFirstAttributes, type OpenSpan, type Span } from './span.ts';
import type { HopInOrder } from './span-order.ts';
import type { Attempt, Serve } from './span-records.ts';
import type { TraceIdSource } from './trace-ids.ts';

/**
 * The hop spans of the kept traces, in message order, each with its sender's place.
 * `owners`: the attempt or serve that sent each rpc message, by id; `givenIds`: the hop span
 * ids given out before the run ended (a request's hop is its server span's parent).
 */
export function hopSpansOf(messages: readonly ObservedMessage[], owners: readonly (Attempt | Serve | undefined)[], givenIds: readonly (string | undefined)[], ids: TraceIdSource, endUs: Micros): HopInOrder[] {
  const hops: HopInOrder[] = [];
  for (const message of messages) {
    const owner = owners[message.id];
    if (owner === undefined) continue;
    if (isKeptSpan(owner.span)) hops.push({ span: hopSpan(message, owner.span, givenIds[message.id] ?? ids.spanId(), endUs), ownerSequence: owner.sequence });
    // A hop left out still takes its id from the stream, so a kept trace gets the ids it has at ratio 1.
    else if (givenIds[message.id] === undefined) ids.skipSpanId();
  }
  return hops;
}

/** A message's trip as a span: from its send to its first delivery, or to where it was lost. */
export function hopSpan(message: ObservedMessage, owner: OpenSpan, spanId: string, endUs: Micros): Span {
  const isReply = owner.kind === 'server' || (owner.node !== message.from);
  const hop = openSpan(owner.traceId, spanId, owner.spanId, `network ${message.from}->${message.to}${isReply ? ' (reply)' : ''}`, 'internal', message.from, message.sendUs, true);
  setFirstAttributes(hop, { 'message.id': message.id });
  const [first, ...again] = message.deliveries;
  if (first !== undefined) endSpan(hop, first.timeUs, 'ok');
  for (const delivery of again) addEvent(hop, delivery.timeUs, 'delivered again (duplicate)');
  const drop = message.drop;
  if (drop !== undefined) {
    addEvent(hop, drop.timeUs, `dropped: ${drop.reason}`, { 'drop.reason': drop.reason });
    endSpan(hop, drop.timeUs, 'error', `dropped (${drop.reason})`);
  }
  return finishSpan(hop, endUs);
}
