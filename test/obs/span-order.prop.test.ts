// The export order of spans: the merge in span-order.ts must give exactly what one stable
// sort of spans and hops by (start, sequence) gives, a hop's sequence being its sender's
// plus a half, including hops at equal starts and hops that arrive out of order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/obs/span.ts';
import { inStartOrder, type HopInOrder } from '../../src/obs/span-order.ts';

function span(name: string, startUs: number): Span {
  return { traceId: 't', spanId: name, parentSpanId: undefined, name, kind: 'client', node: 0, startUs, endUs: startUs + 1, status: 'unset', statusMessage: undefined, attributes: {}, events: [] };
}

function referenceOrder(spans: readonly Span[], hops: readonly HopInOrder[]): string[] {
  const entries = spans.map((item, sequence) => ({ item, sequence }));
  for (const hop of hops) entries.push({ item: hop.span, sequence: hop.ownerSequence + 0.5 });
  // Ties of (start, sequence) keep insertion order: JavaScript's sort is stable.
  entries.sort((first, second) => first.item.startUs - second.item.startUs || first.sequence - second.sequence);
  return entries.map((entry) => entry.item.name);
}

describe('inStartOrder', () => {
  it('equals one stable sort of spans and hops by start, then sender sequence', () => {
    const starts = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 25 });
    fc.assert(
      fc.property(starts, starts, fc.boolean(), fc.infiniteStream(fc.nat()), (spanStarts, hopStarts, spansSorted, picks) => {
        const spans = (spansSorted ? [...spanStarts].sort((first, second) => first - second) : spanStarts).map((start, index) => span(`s${index}`, start));
        if (spans.length === 0) return;
        const iterator = picks[Symbol.iterator]();
        const hops = hopStarts.map((start, index) => ({ span: span(`h${index}`, start), ownerSequence: (iterator.next().value as number) % spans.length }));
        expect(inStartOrder(spans, hops).map((item) => item.name)).toEqual(referenceOrder(spans, hops));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('puts a hop right after the span that sent it when they start together', () => {
    const spans = [span('a', 5), span('b', 5), span('c', 5)];
    expect(inStartOrder(spans, [{ span: span('hop-of-a', 5), ownerSequence: 0 }]).map((item) => item.name)).toEqual(['a', 'hop-of-a', 'b', 'c']);
  });
});
