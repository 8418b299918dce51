// A span: one timed piece of a request's journey (a logical call, one attempt at it, a
// message crossing the network, a server handling it), in OpenTelemetry's vocabulary.
// Rule: spans form trees by parentSpanId within one traceId; a span's times are virtual
// microseconds, and a span still open when the run ended is closed at the run's end and
// says so in its attributes.
import type { Micros } from '../engine/time.ts';

export type SpanKind = 'client' | 'server' | 'internal';
export type SpanStatus = 'unset' | 'ok' | 'error';
export type AttributeValue = string | number | boolean;

export interface SpanEvent {
  readonly timeUs: Micros;
  readonly name: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  /** The node the span happened on (for a network hop: the sender). */
  readonly node: number;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly status: SpanStatus;
  readonly statusMessage: string | undefined;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly SpanEvent[];
}

/** A span while it is being built. */
export class OpenSpan {
  endUs: Micros | undefined;
  status: SpanStatus = 'unset';
  statusMessage: string | undefined;
  /**
   * False for a span of a trace that sampling left out of the exports: it is followed, not
   * kept, so it records no attributes or events (a run holds every span until it ends, and
   * what it holds costs every garbage collection; most spans are left out at low ratios).
   */
  isKept = true;
  /** A kept span's place in the order spans were made (the builder sets it); -1 for one left out. */
  sequence = -1;
  /** Allocated on the first attribute: a span left out gets none. */
  private attributeRecord: Record<string, AttributeValue> | undefined;
  /** Allocated on the first event: most spans have none. */
  private eventList: SpanEvent[] | undefined;

  constructor(
    readonly traceId: string,
    readonly spanId: string,
    readonly parentSpanId: string | undefined,
    readonly name: string,
    readonly kind: SpanKind,
    readonly node: number,
    readonly startUs: Micros,
  ) {}

  get isOpen(): boolean {
    return this.endUs === undefined;
  }

  end(atUs: Micros, status: SpanStatus, message?: string): void {
    if (this.endUs !== undefined) return;
    this.endUs = Math.max(atUs, this.startUs);
    this.status = status;
    this.statusMessage = message;
  }

  get attributes(): Readonly<Record<string, AttributeValue>> {
    return this.attributeRecord ?? NO_ATTRIBUTES;
  }

  /** Sets one attribute (a span left out by sampling records none). */
  setAttribute(key: string, value: AttributeValue): void {
    if (!this.isKept) return;
    this.attributeRecord ??= {};
    this.attributeRecord[key] = value;
  }

  get events(): readonly SpanEvent[] {
    return this.eventList ?? NO_EVENTS;
  }

  /** Adds an event (a span left out by sampling records none). */
  addEvent(timeUs: Micros, name: string, attributes?: Record<string, AttributeValue>): void {
    if (!this.isKept) return;
    this.eventList ??= [];
    if (this.eventList.length >= MAX_EVENTS_PER_SPAN) return;
    this.eventList.push(attributes === undefined ? { timeUs, name } : { timeUs, name, attributes });
  }

  /** The finished span; one still open is closed at `runEndUs`. */
  toSpan(runEndUs: Micros): Span {
    const isOpenAtEnd = this.endUs === undefined;
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      parentSpanId: this.parentSpanId,
      name: this.name,
      kind: this.kind,
      node: this.node,
      startUs: this.startUs,
      endUs: this.endUs ?? Math.max(runEndUs, this.startUs),
      status: this.status,
      statusMessage: this.statusMessage,
      attributes: isOpenAtEnd ? { ...this.attributes, 'faultline.open_at_end': true } : this.attributes,
      events: this.events,
    };
  }
}

/** Events kept per span (a long retry loop keeps its first ones). */
export const MAX_EVENTS_PER_SPAN = 64;
const NO_EVENTS: readonly SpanEvent[] = [];
const NO_ATTRIBUTES: Readonly<Record<string, AttributeValue>> = Object.freeze({});
