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

/**
 * A span while it is being built, and once the run ends the exported span itself: its
 * fields are exactly Span's, so finishing a run copies none of the thousands it keeps.
 * It is an object literal handled by the functions below, not a class instance: V8 sees
 * that the objects one literal makes live long and then makes them in the old generation
 * at once (allocation-site pretenuring; it does not do this for `new`), so the minor
 * collections that run every few milliseconds of a run do not copy them.
 */
export interface OpenSpan extends Omit<Span, 'endUs' | 'status' | 'statusMessage' | 'attributes' | 'events'> {
  endUs: Micros | undefined;
  status: SpanStatus;
  statusMessage: string | undefined;
  /** A shared empty record until the first attribute (many spans get none); LEFT_OUT for a span left out. */
  attributes: Readonly<Record<string, AttributeValue>>;
  /** A shared empty list until the first event: most spans have none. */
  events: readonly SpanEvent[];
}

/**
 * A new open span. `isKept` false: a span of a trace that sampling left out of the exports;
 * it is followed, not kept, so it records no attributes or events (a run holds every span
 * until it ends, and what it holds costs garbage collections; most spans are left out at
 * low ratios).
 */
export function openSpan(traceId: string, spanId: string, parentSpanId: string | undefined, name: string, kind: SpanKind, node: number, startUs: Micros, isKept: boolean): OpenSpan {
  return { traceId, spanId, parentSpanId, name, kind, node, startUs, endUs: undefined, status: 'unset', statusMessage: undefined, attributes: isKept ? NO_ATTRIBUTES : LEFT_OUT, events: NO_EVENTS };
}

/** False for a span that sampling left out of the exports. */
export function isKeptSpan(span: OpenSpan): boolean {
  return span.attributes !== LEFT_OUT;
}

export function isOpenSpan(span: OpenSpan): boolean {
  return span.endUs === undefined;
}

/** Ends the span (once: later ends are ignored). */
export function endSpan(span: OpenSpan, atUs: Micros, status: SpanStatus, message?: string): void {
  if (span.endUs !== undefined) return;
  span.endUs = Math.max(atUs, span.startUs);
  span.status = status;
  span.statusMessage = message;
}

/** Sets one attribute (a span left out by sampling records none). */
export function setAttribute(span: OpenSpan, key: string, value: AttributeValue): void {
  if (span.attributes === LEFT_OUT) return;
  if (span.attributes === NO_ATTRIBUTES) span.attributes = {};
  (span.attributes as Record<string, AttributeValue>)[key] = value;
}

/**
 * Gives a span with no attributes yet its first ones at once (a span left out by sampling
 * records none): a record the caller writes as a literal is made whole, where setting its
 * keys one by one goes through a lookup for each key.
 */
export function setFirstAttributes(span: OpenSpan, attributes: Record<string, AttributeValue>): void {
  if (span.attributes === LEFT_OUT) return;
  span.attributes = span.attributes === NO_ATTRIBUTES ? attributes : { ...span.attributes, ...attributes };
}

/** Adds an event (a span left out by sampling records none). */
export function addEvent(span: OpenSpan, timeUs: Micros, name: string, attributes?: Record<string, AttributeValue>): void {
  if (span.attributes === LEFT_OUT) return;
  const event: SpanEvent = attributes === undefined ? { timeUs, name } : { timeUs, name, attributes };
  // The first event gets a list of its own size (an empty list's first push makes room for 17).
  if (span.events === NO_EVENTS) span.events = [event];
  else if (span.events.length < MAX_EVENTS_PER_SPAN) (span.events as SpanEvent[]).push(event);
}

/** The finished span, this same object: one still open is closed at `runEndUs`, and says so. Call once, when the run ends. */
export function finishSpan(span: OpenSpan, runEndUs: Micros): Span {
  if (span.endUs === undefined) {
    span.endUs = Math.max(runEndUs, span.startUs);
    span.attributes = { ...span.attributes, 'faultline.open_at_end': true };
  }
  return span as Span;
}

/** Events kept per span (a long retry loop keeps its first ones). */
export const MAX_EVENTS_PER_SPAN = 64;
const NO_EVENTS: readonly SpanEvent[] = [];
const NO_ATTRIBUTES: Readonly<Record<string, AttributeValue>> = Object.freeze({});
/** The attributes of a span left out by sampling: never written, never exported. */
const LEFT_OUT: Readonly<Record<string, AttributeValue>> = Object.freeze({});
