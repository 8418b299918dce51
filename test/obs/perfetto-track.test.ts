// A Perfetto track: events come out in time order, equal times in the order they were
// added, a chunk of 256 joined at a time, and a message's events (kept as numbers until
// then) written as the JSON JSON.stringify would write.
import { describe, expect, it } from 'vitest';
import type { ObservedMessage } from '../../src/obs/observed-run.ts';
import { MessageLabels } from '../../src/obs/perfetto-message-labels.ts';
import { Track } from '../../src/obs/perfetto-track.ts';

function message(fields: Partial<ObservedMessage> = {}): ObservedMessage {
  return { id: 7, from: 1, to: 2, label: 'call "get" #7', sendUs: 10, sendEventIndex: 3, deliveries: [], drop: undefined, traceId: undefined, ...fields };
}

function written(track: Track): string[] {
  const pieces: string[] = [];
  track.writeSorted(pieces);
  return pieces;
}

describe('perfetto track', () => {
  it('writes its events in time order, equal times in the order they were added', () => {
    const track = new Track(2, new MessageLabels([]));
    const times = [5, 3, 5, 1, 3, 5, 0];
    times.forEach((ts, index) => track.addText(ts, `{"ts":${ts},"added":${index}}`));
    const events = written(track).join(',\n').split(',\n').map((line) => JSON.parse(line) as { ts: number; added: number });
    expect(events.map((event) => [event.ts, event.added])).toEqual([[0, 6], [1, 3], [3, 1], [3, 4], [5, 0], [5, 2], [5, 5]]);
  });

  it('joins its events a chunk of 256 at a time, one a line', () => {
    const track = new Track(2, new MessageLabels([]));
    for (let index = 0; index < 600; index++) track.addText(index, `{"i":${index}}`);
    const pieces = written(track);
    expect(pieces.map((piece) => piece.split(',\n').length)).toEqual([256, 256, 88]);
    expect(pieces.join(',\n').split(',\n')).toEqual(Array.from({ length: 600 }, (_, index) => `{"i":${index}}`));
  });

  it("writes a message's send, receive, loss and flow ends as JSON.stringify would, on the track's process", () => {
    const sent = message({ traceId: 'abc123', drop: { timeUs: 30, eventIndex: 9, reason: 'partition' } });
    const track = new Track(4, new MessageLabels([message(), sent]));
    track.addSend(10, 1);
    track.addFlowStart(10, 1, 28);
    track.addReceive(20, 1);
    track.addFlowEnd(20, 1, 28);
    track.addLoss(30, 1);
    const lines = written(track).join(',\n').split(',\n');
    const where = { dur: 1, pid: 4, tid: 1 };
    const expected = [
      { name: 'send call "get" #7 -> 2', cat: 'message', ph: 'X', ...where, ts: 10, args: { messageId: 7, from: 1, to: 2, traceId: 'abc123' } },
      { name: 'message', cat: 'flow', ph: 's', id: 28, bp: 'e', pid: 4, tid: 1, ts: 10 },
      { name: 'receive call "get" #7 from 1', cat: 'message', ph: 'X', ...where, ts: 20 },
      { name: 'message', cat: 'flow', ph: 'f', id: 28, bp: 'e', pid: 4, tid: 1, ts: 20 },
      { name: 'lost (partition): call "get" #7 1->2', cat: 'message.lost', ph: 'X', ...where, ts: 30 },
    ];
    expect(lines).toEqual(expected.map((event) => JSON.stringify(event)));
  });

  it("writes a flow arrow bound on a message's own slices (flow v2) as flow_out on the send and flow_in on the receive or the loss", () => {
    const sent = message({ drop: { timeUs: 30, eventIndex: 9, reason: 'loss' } });
    const track = new Track(4, new MessageLabels([sent]));
    track.addSend(10, 0, 0);
    track.addReceive(20, 0, 5);
    track.addLoss(30, 0, 9);
    const where = { dur: 1, pid: 4, tid: 1 };
    expect(written(track).join(',\n').split(',\n')).toEqual([
      { name: 'send call "get" #7 -> 2', cat: 'message', ph: 'X', flow_out: true, bind_id: 0, ...where, ts: 10, args: { messageId: 7, from: 1, to: 2 } },
      { name: 'receive call "get" #7 from 1', cat: 'message', ph: 'X', flow_in: true, bind_id: 5, ...where, ts: 20 },
      { name: 'lost (loss): call "get" #7 1->2', cat: 'message.lost', ph: 'X', flow_in: true, bind_id: 9, ...where, ts: 30 },
    ].map((event) => JSON.stringify(event)));
  });

  it('writes a send with no trace id without one', () => {
    const track = new Track(2, new MessageLabels([message()]));
    track.addSend(10, 0);
    expect(written(track)).toEqual(['{"name":"send call \\"get\\" #7 -> 2","cat":"message","ph":"X","dur":1,"pid":2,"tid":1,"ts":10,"args":{"messageId":7,"from":1,"to":2}}']);
  });
});
