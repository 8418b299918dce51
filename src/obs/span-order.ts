// The order spans are exported in: by start time, a message's hop span right after the
// span that sent it. Rule: the result is exactly what one stable sort of them all by
// (start, sequence) gives, a hop's sequence being its sender's plus a half; the fast path
// only merges, because spans are made in start order and hops in send order.
import type { Span } from './span.ts';

/** A hop span and the sequence number (place among the spans) of the span that sent it. */
export interface HopInOrder {
  readonly span: Span;
  readonly ownerSequence: number;
}

/**
 * The spans and the hops in start order, a hop right after the span that sent it: what a
 * stable sort of them all by (start, sequence), with a hop's sequence its sender's plus a
 * half, gives. The spans come in that order already (each starts at the event that made it,
 * and events come in time order); only the hops are sorted, then the two are merged.
 */
export function inStartOrder(spans: readonly Span[], hops: readonly HopInOrder[]): Span[] {
  const hopOrder = hops.map((_, index) => index);
  // Hops come in send order, so nearly always in order already: the sort is only for ties out of order.
  if (!isInHopOrder(hops)) {
    hopOrder.sort((first, second) => {
      const a = hops[first] as (typeof hops)[number];
      const b = hops[second] as (typeof hops)[number];
      return a.span.startUs - b.span.startUs || a.ownerSequence - b.ownerSequence || first - second;
    });
  }
  for (let index = 1; index < spans.length; index++) {
    if ((spans[index] as Span).startUs < (spans[index - 1] as Span).startUs) return sortedInStartOrder(spans, hops);
  }
  const ordered: Span[] = [];
  let next = 0;
  for (const index of hopOrder) {
    const hop = hops[index] as (typeof hops)[number];
    // Spans before the hop: those starting earlier, and at the same start those up to its sender.
    while (next < spans.length && ((spans[next] as Span).startUs < hop.span.startUs || ((spans[next] as Span).startUs === hop.span.startUs && next <= hop.ownerSequence))) ordered.push(spans[next++] as Span);
    ordered.push(hop.span);
  }
  while (next < spans.length) ordered.push(spans[next++] as Span);
  return ordered;
}

/** Whether the hops are ordered by start, then by their sender's sequence. */
function isInHopOrder(hops: readonly HopInOrder[]): boolean {
  for (let index = 1; index < hops.length; index++) {
    const before = hops[index - 1] as (typeof hops)[number];
    const hop = hops[index] as (typeof hops)[number];
    if (hop.span.startUs < before.span.startUs || (hop.span.startUs === before.span.startUs && hop.ownerSequence < before.ownerSequence)) return false;
  }
  return true;
}

/** The same order by one sort of them all (for spans that did not come in start order, which they always do). */
function sortedInStartOrder(spans: readonly Span[], hops: readonly HopInOrder[]): Span[] {
  const ordered = spans.map((span, sequence) => ({ span, sequence }));
  for (const hop of hops) ordered.push({ span: hop.span, sequence: hop.ownerSequence + 0.5 });
  ordered.sort((first, second) => first.span.startUs - second.span.startUs || first.sequence - second.sequence);
  return ordered.map((entry) => entry.span);
}
