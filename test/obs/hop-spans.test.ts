// Hop spans made at the run's end from message records: timed from send to first delivery
// or loss, and every traced message takes its id from the stream, kept or not.
import { describe, expect, it } from 'vitest';
import { hopSpan, hopSpansOf } from '../../src/obs/hop-spans.ts';
import type { ObservedMessage } from '../../src/obs/observed-run.ts';
import { openSpan } from '../../src/obs/span.ts';
import type { Attempt } from '../../src/obs/span-records.ts';
import { TraceIdSource } from '../../src/obs/trace-ids.ts';
import { call, span } from './span-record-fixtures.ts';

const END_US = 10_000;

function message(id: number, from: number, to: number, sendUs: number, deliveredUs: readonly number[], drop?: ObservedMessage['drop']): ObservedMessage {
  return { id, from, to, label: `m${id}`, sendUs, sendEventIndex: id, deliveries: deliveredUs.map((timeUs) => ({ timeUs, eventIndex: 0 })), drop, traceId: undefined };
}

function owner(isKept: boolean, sequence: number): Attempt {
  const attemptSpan = openSpan('trace-1', `attempt-${sequence}`, 'call', 'attempt 1', 'client', 2, 0, isKept);
  return { span: attemptSpan, sequence, call: call(1, 'a'), number: 1, serves: [], isAnswered: false };
}

describe('a hop span', () => {
  it('runs from the send to the first delivery, a child of the span that sent it; later deliveries are duplicates', () => {
    const sender = openSpan('trace-1', 'sender', undefined, 'attempt 1', 'client', 2, 0, true);
    const hop = hopSpan(message(5, 2, 1, 100, [300, 450]), sender, 'hop-id', END_US);
    expect(hop).toMatchObject({ traceId: 'trace-1', spanId: 'hop-id', parentSpanId: 'sender', name: 'network 2->1', startUs: 100, endUs: 300, status: 'ok', attributes: { 'message.id': 5 } });
    expect(hop.events.map((event) => event.name)).toEqual(['delivered again (duplicate)']);
  });

  it('is a reply when a server sent it, or a node other than the sender owns it', () => {
    const server = span('serve', 0, 'trace-1', 'serve', 'server');
    expect(hopSpan(message(1, 0, 2, 0, [1]), server, 'id', END_US).name).toBe('network 0->2 (reply)');
    const remote = openSpan('trace-1', 'attempt', undefined, 'attempt 1', 'client', 2, 0, true);
    expect(hopSpan(message(1, 0, 2, 0, [1]), remote, 'id', END_US).name).toBe('network 0->2 (reply)');
  });

  it('ends in error where the message was dropped, and stays open to the run end when it never arrived', () => {
    const sender = span('sender');
    const dropped = hopSpan(message(1, 0, 1, 100, [], { timeUs: 200, eventIndex: 0, reason: 'partition' }), sender, 'id', END_US);
    expect(dropped).toMatchObject({ endUs: 200, status: 'error', statusMessage: 'dropped (partition)' });
    const lost = hopSpan(message(2, 0, 1, 100, []), sender, 'id', END_US);
    expect(lost).toMatchObject({ endUs: END_US, attributes: { 'faultline.open_at_end': true } });
  });
});

describe('the hops of a run', () => {
  it('gives kept traces the same hop ids whatever was left out: a hop left out still draws its id', () => {
    const messages = [message(0, 2, 1, 10, [20]), message(1, 2, 1, 30, [40]), message(2, 2, 1, 50, [60]), message(3, 1, 0, 70, [80])];
    const allKept = hopSpansOf(messages, [owner(true, 0), owner(true, 1), owner(true, 2)], [], new TraceIdSource(1), END_US);
    const middleLeftOut = hopSpansOf(messages, [owner(true, 0), owner(false, 1), owner(true, 2)], [], new TraceIdSource(1), END_US);
    expect(allKept.map((hop) => hop.span.spanId)).toHaveLength(3);
    expect(middleLeftOut.map((hop) => hop.span.spanId)).toEqual([allKept[0]?.span.spanId, allKept[2]?.span.spanId]);
    expect(middleLeftOut.map((hop) => hop.ownerSequence)).toEqual([0, 2]);
  });

  it('uses the id given out while the run went on (a request hop is its server span parent), drawing none for it', () => {
    const messages = [message(0, 2, 1, 10, [20]), message(1, 2, 1, 30, [40])];
    const fresh = hopSpansOf(messages, [undefined, owner(true, 1)], [], new TraceIdSource(1), END_US);
    const given = hopSpansOf(messages, [owner(true, 0), owner(true, 1)], ['given'], new TraceIdSource(1), END_US);
    expect(given.map((hop) => hop.span.spanId)).toEqual(['given', fresh[0]?.span.spanId]);
  });
});
