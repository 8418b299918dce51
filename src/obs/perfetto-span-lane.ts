// A lane of spans on a node's process in the Perfetto export: each span one complete event
// (ph X: its start and duration), not a B/E pair, so a span is one event of text instead
// of two. Rule: a lane never holds overlapping spans (the LaneAllocator places them), so
// the spans in the order they were placed give events already in time order, none inside
// another; the spans are kept as they are and made into text only as the lane is written,
// joined a chunk at a time.
import type { Span } from './span.ts';
import { flat } from './flat-text.ts';
import { jsonString } from './json-string.ts';
import { MemoTable } from './memo-table.ts';
import { EVENTS_PER_CHUNK } from './perfetto-layout.ts';

/** `{"name":...,"cat":"span.client","ph":"X","dur":`: the opening of a span's event, shared by spans of one kind and name. */
export type SpanHead = string;

export class SpanLane {
  private readonly spans: Span[] = [];
  private readonly heads: SpanHead[] = [];

  constructor(
    private readonly pid: number,
    private readonly tid: number,
  ) {}

  /** `head`: the opening of the span's event, shared by spans of its name and kind (spanHeadsOf). */
  add(span: Span, head: SpanHead): void {
    this.spans.push(span);
    this.heads.push(head);
  }

  writeSorted(into: string[]): void {
    // The same on every event of the lane: made once (and flat, see flat-text.ts), so each event is fewer pieces to join.
    const where = flat(`,"pid":${this.pid},"tid":${this.tid},"ts":`);
    // Read once: an imported binding is read again on every use (see Track.writeSorted).
    const eventsPerChunk = EVENTS_PER_CHUNK;
    let texts: string[] = [];
    for (let index = 0; index < this.spans.length; index++) {
      const span = this.spans[index] as Span;
      const head = this.heads[index] as SpanHead;
      // The ids and outcome; the full attributes are in the OTLP export. Ids are hex: no escaping.
      // One template per event (no args text made first): each piece is one more string to make.
      const status = span.statusMessage === undefined ? statusTail(span.status) : `,"status":"${span.status}","statusMessage":${jsonString(span.statusMessage)}}}`;
      const duration = span.endUs - span.startUs;
      texts.push(
        span.parentSpanId === undefined
          ? `${head}${duration}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}"${status}`
          : `${head}${duration}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}","parentSpanId":"${span.parentSpanId}"${status}`,
      );
      if (texts.length === eventsPerChunk) {
        into.push(texts.join(',\n'));
        texts = [];
      }
    }
    if (texts.length > 0) into.push(texts.join(',\n'));
  }
}

const STATUS_TAILS = { unset: ',"status":"unset"}}', ok: ',"status":"ok"}}', error: ',"status":"error"}}' } as const;

/** The end of a span's event with no status message: one of three constants. */
function statusTail(status: Span['status']): string {
  return STATUS_TAILS[status];
}

/** The openings of a kind's span events by span name (a run has few names), flat (flat-text.ts); no limit: the run's names are all kept anyway. */
export function spanHeadsOf(kind: 'client' | 'server'): MemoTable<string, SpanHead> {
  return new MemoTable((spanName: string) => flat(`{"name":${JSON.stringify(spanName)},"cat":"span.${kind}","ph":"X","dur":`), Number.POSITIVE_INFINITY);
}
