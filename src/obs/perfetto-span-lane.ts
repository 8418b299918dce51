// A lane of spans on a node's process in the Perfetto export: each span a B event at its
// start and an E event at its end. Rule: a lane never holds overlapping spans (the
// LaneAllocator places them), so the spans in the order they were placed give events
// already in time order, every B with its E right after it; the spans are kept as they
// are and made into text only as the lane is written, joined a chunk at a time.
import type { Span } from './span.ts';
import { flat } from './flat-text.ts';
import { jsonString } from './json-string.ts';
import { MemoTable } from './memo-table.ts';
import { EVENTS_PER_CHUNK } from './perfetto-layout.ts';

/** `{"name":...,"cat":"span.client","ph":"B",` and the same with "E": the opening of a span's two events. */
export interface SpanHeads {
  readonly begin: string;
  readonly end: string;
}

export class SpanLane {
  private readonly spans: Span[] = [];
  private readonly heads: SpanHeads[] = [];

  constructor(
    private readonly pid: number,
    private readonly tid: number,
  ) {}

  /** `heads`: the opening of the span's B and E events, shared by spans of its name and kind (spanHeadsOf). */
  add(span: Span, heads: SpanHeads): void {
    this.spans.push(span);
    this.heads.push(heads);
  }

  writeSorted(into: string[]): void {
    // The same on every event of the lane: made once (and flat, see flat-text.ts), so each event is fewer pieces to join.
    const where = flat(`"pid":${this.pid},"tid":${this.tid},"ts":`);
    // Read once: an imported binding is read again on every use (see Track.writeSorted).
    const eventsPerChunk = EVENTS_PER_CHUNK;
    let texts: string[] = [];
    for (let index = 0; index < this.spans.length; index++) {
      const span = this.spans[index] as Span;
      const heads = this.heads[index] as SpanHeads;
      // The ids and outcome; the full attributes are in the OTLP export. Ids are hex: no escaping.
      // One template per event (no args text made first): each piece is one more string to make.
      const status = span.statusMessage === undefined ? statusTail(span.status) : `,"status":"${span.status}","statusMessage":${jsonString(span.statusMessage)}}}`;
      texts.push(
        span.parentSpanId === undefined
          ? `${heads.begin}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}"${status}`
          : `${heads.begin}${where}${span.startUs},"args":{"traceId":"${span.traceId}","spanId":"${span.spanId}","parentSpanId":"${span.parentSpanId}"${status}`,
      );
      texts.push(`${heads.end}${where}${span.endUs}}`);
      if (texts.length >= eventsPerChunk) {
        into.push(texts.join(',\n'));
        texts = [];
      }
    }
    if (texts.length > 0) into.push(texts.join(',\n'));
  }
}

const STATUS_TAILS = { unset: ',"status":"unset"}}', ok: ',"status":"ok"}}', error: ',"status":"error"}}' } as const;

/** The end of a span's B event with no status message: one of three constants. */
function statusTail(status: Span['status']): string {
  return STATUS_TAILS[status];
}

/** The openings of a kind's span events by span name (a run has few names), flat (flat-text.ts); no limit: the run's names are all kept anyway. */
export function spanHeadsOf(kind: 'client' | 'server'): MemoTable<string, SpanHeads> {
  return new MemoTable((spanName: string) => {
    const name = JSON.stringify(spanName);
    return { begin: flat(`{"name":${name},"cat":"span.${kind}","ph":"B",`), end: flat(`{"name":${name},"cat":"span.${kind}","ph":"E",`) };
  }, Number.POSITIVE_INFINITY);
}
