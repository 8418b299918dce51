// Event fingerprints for the determinism check: FNV-1a over the event's JSON line, a
// growable array, and the first index where two runs differ.
import { describe, expect, it } from 'vitest';
import { traceEventLine } from '../../src/cli/trace-file.ts';
import { fingerprintOfLine, firstDifference, TraceFingerprints } from '../../src/cli/trace-fingerprints.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';

const event = (index: number, detail: unknown = { type: 'gossip', values: [index] }): TraceEvent => ({ index, timeUs: index * 1000, kind: 'send', from: 0, to: 1, messageId: index, detail });

describe('fingerprintOfLine', () => {
  it('is 32-bit FNV-1a (published test vectors)', () => {
    expect(fingerprintOfLine('')).toBe(0x811c9dc5);
    expect(fingerprintOfLine('a')).toBe(0xe40c292c);
    expect(fingerprintOfLine('foobar')).toBe(0xbf9cf968);
  });

  it('tells events apart by their message bodies, which the trace hash does not cover', () => {
    expect(fingerprintOfLine(traceEventLine(event(3, { n: 1 })))).not.toBe(fingerprintOfLine(traceEventLine(event(3, { n: 2 }))));
  });
});

describe('firstDifference', () => {
  const array = (...values: number[]): Uint32Array => Uint32Array.from(values);

  it.each([
    [array(1, 2, 3), array(1, 2, 3), undefined],
    [array(), array(), undefined],
    [array(1, 2, 3), array(1, 9, 3), 1],
    [array(5), array(6), 0],
    [array(1, 2), array(1, 2, 3), 2],
    [array(1, 2, 3), array(1, 2), 2],
    [array(), array(7), 0],
  ])('finds where %j and %j part: %j', (first, second, expected) => {
    expect(firstDifference(first, second)).toBe(expected);
  });
});

describe('TraceFingerprints', () => {
  it('keeps one fingerprint per event, in order, past its first capacity', () => {
    const recorder = new TraceFingerprints();
    const events = Array.from({ length: 10_000 }, (_, index) => event(index));
    for (const each of events) recorder.observer(each);
    const values = recorder.toArray();
    expect(values).toHaveLength(10_000);
    expect(recorder.length).toBe(10_000);
    expect(values[9_999]).toBe(fingerprintOfLine(traceEventLine(events[9_999]!)));
    expect(recorder.firstDiffering).toBeUndefined();
  });

  it('keeps the line of its first event that differs from the reference, or that the reference lacks', () => {
    const reference = Uint32Array.from([0, 1, 2].map((index) => fingerprintOfLine(traceEventLine(event(index)))));
    const differing = new TraceFingerprints(reference);
    for (const each of [event(0), event(1, 'changed'), event(2, 'changed too')]) differing.observer(each);
    expect(differing.firstDiffering).toEqual({ index: 1, line: traceEventLine(event(1, 'changed')) });
    const longer = new TraceFingerprints(reference);
    for (let index = 0; index < 4; index++) longer.observer(event(index));
    expect(longer.firstDiffering).toEqual({ index: 3, line: traceEventLine(event(3)) });
  });
});
