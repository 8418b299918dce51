// One node's spans as OTLP/JSON text: the OTLP export's hot loop (a long run has hundreds
// of thousands of spans). Rule: the text is exactly what the OTLP JSON mapping gives for
// each span (hex ids, numeric enums, times and integers as decimal strings), with empty
// lists left out as the mapping allows (a span or event with no attributes has no
// "attributes" field, a span with no events no "events" field); spans of one name are
// written from a template of the texts they share, made from the first such span and made
// anew when a span's attribute keys or value types differ from it. The node is not an
// attribute of each span: the spans are grouped by node, whose resource names it.
import { assertNever } from '../engine/assert-never.ts';
import type { Micros } from '../engine/time.ts';
import { jsonString, jsonStringBody } from './json-string.ts';
import { MemoTable } from './memo-table.ts';
import { anyValueText, attributesText, keyJson } from './otlp-key-value-text.ts';
import type { AttributeValue, Span, SpanEvent, SpanKind, SpanStatus } from './span.ts';

/** Virtual microseconds as the Unix nanoseconds text OTLP writes. */
export type Clock = (timeUs: Micros) => string;

/** Spans joined into one text per SPANS_PER_CHUNK as they are written (see nodeSpanPieces). */
const SPANS_PER_CHUNK = 256;
/** Status message texts kept made (memo-table.ts). */
const MAX_CACHED_STATUS_MESSAGES = 10_000;

/**
 * One node's spans as JSON texts separated by commas, appended to `pieces` a chunk at a
 * time. Each chunk is joined as soon as it is written: the join copies each span's text (a
 * tree of the pieces it was concatenated from) once into the chunk, so the pieces die
 * young, and no text needs flattening apart.
 */
export function nodeSpanPieces(spans: readonly Span[], clock: Clock, pieces: string[]): void {
  // By span name; one export's, so it holds no more than the node's names.
  const templates = new Map<string, SpanTemplate>();
  for (let start = 0; start < spans.length; start += SPANS_PER_CHUNK) {
    const texts: string[] = [];
    const end = Math.min(start + SPANS_PER_CHUNK, spans.length);
    for (let index = start; index < end; index++) {
      const span = spans[index] as Span;
      const template = templates.get(span.name);
      let text = template === undefined ? undefined : spanText(span, clock, template);
      if (text === undefined) {
        const fresh = new SpanTemplate(span);
        templates.set(span.name, fresh);
        text = spanText(span, clock, fresh) as string;
      }
      texts.push(text);
    }
    pieces.push(start === 0 ? texts.join(',') : `,${texts.join(',')}`);
  }
}

/**
 * How an attribute's value is written: a string's escaped characters or an integer's
 * digits between quotes the template holds, anything else (a double, a boolean) as a
 * whole anyValue.
 */
type SlotType = 'string' | 'integer' | 'whole';

function slotTypeOf(value: AttributeValue): SlotType {
  if (typeof value === 'string') return 'string';
  return typeof value === 'number' && Number.isSafeInteger(value) ? 'integer' : 'whole';
}

const SLOT_OPENING: Readonly<Record<SlotType, string>> = { string: '{"stringValue":"', integer: '{"intValue":"', whole: '' };
const SLOT_CLOSING: Readonly<Record<SlotType, string>> = { string: '"}}', integer: '"}}', whole: '}' };

/**
 * The texts that spans of one node, kind and name whose attributes have the same keys in
 * the same order, with values of the same slot types, share: a span is its variable
 * texts (ids, times, attribute values, events) between these. A run has a few span names
 * and hundreds of thousands of spans: made once, these leave a span's text half the
 * pieces to concatenate, look up and later copy (measured: the export a quarter faster).
 */
class SpanTemplate {
  readonly kind: SpanKind;
  /** The span's attribute keys, in the span's order. */
  readonly keys: readonly string[];
  readonly types: readonly SlotType[];
  /** From the span id's closing quote to the start time's opening one. */
  readonly head: string;
  /** Before each attribute value: the previous value's closing, the key, the value's opening; the first starts after the end time. */
  readonly beforeValues: readonly string[];
  /** After the last value (or the end time), up to the events or the status, for a span with events or a status message. */
  readonly tail: string;
  /** After the last value (or the end time) to the span's end, by status: a span with no events and no status message (most). */
  readonly plainEnds: Readonly<Record<SpanStatus, string>>;

  constructor(span: Span) {
    const keys: string[] = [];
    const types: SlotType[] = [];
    for (const key in span.attributes) {
      keys.push(key);
      types.push(slotTypeOf(span.attributes[key] as AttributeValue));
    }
    this.kind = span.kind;
    this.keys = keys;
    this.types = types;
    this.head = `","name":${jsonString(span.name)},"kind":${spanKindNumber(span.kind)},"startTimeUnixNano":"`;
    this.beforeValues = keys.map((key, index) => `${index === 0 ? '","attributes":[' : `${SLOT_CLOSING[types[index - 1] as SlotType]},`}{"key":${keyJson(key)},"value":${SLOT_OPENING[types[index] as SlotType]}`);
    const lastType = types[types.length - 1];
    // Closes the end time's quote, or the last value and the attribute list.
    this.tail = lastType === undefined ? '"' : `${SLOT_CLOSING[lastType]}]`;
    this.plainEnds = { unset: `${this.tail},"status":${STATUS_TEXT.unset}}`, ok: `${this.tail},"status":${STATUS_TEXT.ok}}`, error: `${this.tail},"status":${STATUS_TEXT.error}}` };
  }
}

/** One span as OTLP JSON text; undefined when it does not fit the template (its kind, keys or value types differ). */
function spanText(span: Span, clock: Clock, template: SpanTemplate): string | undefined {
  if (span.kind !== template.kind) return undefined;
  // Ids are hex: they need no escaping.
  const parent = span.parentSpanId === undefined ? '' : `","parentSpanId":"${span.parentSpanId}`;
  let text = `{"traceId":"${span.traceId}","spanId":"${span.spanId}${parent}${template.head}${clock(span.startUs)}","endTimeUnixNano":"${clock(span.endUs)}`;
  const values = span.attributes;
  const { keys, types, beforeValues } = template;
  let index = 0;
  for (const key in values) {
    const value = values[key] as AttributeValue;
    const type = slotTypeOf(value);
    if (keys[index] !== key || types[index] !== type) return undefined;
    text += (beforeValues[index] as string) + valueText(value, type);
    index++;
  }
  if (index !== keys.length) return undefined;
  if (span.events.length === 0 && span.statusMessage === undefined) return text + template.plainEnds[span.status];
  const events = span.events.length === 0 ? '' : `,"events":[${eventsText(span, clock)}]`;
  return `${text}${template.tail}${events},"status":${statusText(span)}}`;
}

function valueText(value: AttributeValue, type: SlotType): string {
  switch (type) {
    case 'string':
      return jsonStringBody(value as string);
    case 'integer':
      return String(value);
    case 'whole':
      return anyValueText(value);
    default:
      return assertNever(type);
  }
}

function eventsText(span: Span, clock: Clock): string {
  return span.events.map((event) => `{"timeUnixNano":"${clock(event.timeUs)}","name":${jsonString(event.name)}${eventAttributesText(event.attributes)}}`).join(',');
}

/** `,"attributes":[...]`, or nothing for an event with none (an empty list is left out, as on spans). */
function eventAttributesText(attributes: SpanEvent['attributes']): string {
  if (attributes === undefined) return '';
  const text = attributesText(attributes);
  return text === '[]' ? '' : `,"attributes":${text}`;
}

/** Status messages repeat on many spans (`abandoned: the call ended`): their JSON is made once. */
const STATUS_MESSAGE_JSON = new MemoTable(jsonString, MAX_CACHED_STATUS_MESSAGES);

function statusText(span: Span): string {
  return span.statusMessage === undefined ? STATUS_TEXT[span.status] : `{"code":${statusCodeNumber(span.status)},"message":${STATUS_MESSAGE_JSON.get(span.statusMessage)}}`;
}

/** A status with no message, as text. */
const STATUS_TEXT: Readonly<Record<SpanStatus, string>> = { unset: `{"code":${statusCodeNumber('unset')}}`, ok: `{"code":${statusCodeNumber('ok')}}`, error: `{"code":${statusCodeNumber('error')}}` };

/** SPAN_KIND_INTERNAL 1, SERVER 2, CLIENT 3. */
function spanKindNumber(kind: SpanKind): number {
  switch (kind) {
    case 'internal':
      return 1;
    case 'server':
      return 2;
    case 'client':
      return 3;
    default:
      return assertNever(kind);
  }
}

/** STATUS_CODE_UNSET 0, OK 1, ERROR 2. */
function statusCodeNumber(status: SpanStatus): number {
  switch (status) {
    case 'unset':
      return 0;
    case 'ok':
      return 1;
    case 'error':
      return 2;
    default:
      return assertNever(status);
  }
}
