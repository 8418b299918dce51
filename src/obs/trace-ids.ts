// Trace and span ids in the W3C Trace Context form, drawn from a seeded stream.
// Rule: ids come from their own stream (`<seed>/obs:ids`), never from ambient randomness, and
// never from a stream the run itself draws from, so observing a run cannot change it and
// the same seed gives the same ids.
import { Random, type Seed } from '../engine/rng.ts';
import { hex16, hex32 } from '../engine/span-ids.ts';

const TWO_POW_32 = 4294967296;
const TRACEPARENT_PATTERN = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACEPARENT_LENGTH = 55;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export interface TraceContext {
  /** 32 lower-case hex digits, never all zero. */
  readonly traceId: string;
  /** 16 lower-case hex digits, never all zero: the span that sent the header. */
  readonly spanId: string;
}

export class TraceIdSource {
  private readonly random: Random;
  /** Scratch for the words of one id (a trace id has four). */
  private readonly words = new Uint32Array(4);

  constructor(seed: Seed) {
    this.random = new Random(`${seed}/obs:ids`);
  }

  /** 32 hex digits (128 bits). */
  traceId(): string {
    const words = this.drawWords(4);
    return hex32(words[0] as number, words[1] as number, words[2] as number, words[3] as number);
  }

  /** 16 hex digits (64 bits). */
  spanId(): string {
    const words = this.drawWords(2);
    return hex16(words[0] as number, words[1] as number);
  }

  /**
   * Draws a span id without making its text, for a span that is never exported (sampling
   * left its trace out) and whose id nothing reads: the stream moves on exactly as spanId()
   * would move it, so the kept spans get the ids they would have at ratio 1.
   */
  skipSpanId(): void {
    this.drawWords(2);
  }

  /** `count` random 32-bit words, not all zero (an all-zero id is invalid), drawn again until they are; in a reused array. */
  private drawWords(count: number): Uint32Array {
    const words = this.words;
    for (;;) {
      let isZero = true;
      for (let index = 0; index < count; index++) {
        const word = Math.floor(this.random.next() * TWO_POW_32);
        words[index] = word;
        if (word !== 0) isZero = false;
      }
      if (!isZero) return words;
    }
  }
}

/** `00-<trace id>-<span id>-01`: version 00, sampled. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}

/**
 * The context a header `00-<traceId>-<spanId>-01` would give, read from its parts without
 * making its text; undefined exactly when parseTraceparent would reject that header.
 */
export function traceContextOfParts(traceId: unknown, spanId: unknown): TraceContext | undefined {
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || !isNonZeroLowerHex(traceId, 32) || !isNonZeroLowerHex(spanId, 16)) return undefined;
  return { traceId, spanId };
}

/**
 * Whether `text` is `length` lower-case hex digits (/^[0-9a-f]{32}$/ for a trace id), not all
 * zero (W3C: an all-zero id is invalid): read for every request, one loop over its
 * characters costs less than a pattern's test and a comparison.
 */
function isNonZeroLowerHex(text: string, length: number): boolean {
  if (text.length !== length) return false;
  let isZero = true;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 48) continue;
    if (!((code > 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
    isZero = false;
  }
  return !isZero;
}

/** Reads a traceparent header; undefined for anything that is not a valid version-00 header. */
export function parseTraceparent(text: unknown): TraceContext | undefined {
  // One header per request: test, slice and compare, with no match array.
  if (typeof text !== 'string' || text.length !== TRACEPARENT_LENGTH || !TRACEPARENT_PATTERN.test(text)) return undefined;
  // The pattern has checked the framing and the digits; only all-zero ids (invalid, W3C) remain.
  const traceId = text.slice(3, 35);
  const spanId = text.slice(36, 52);
  return traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID ? undefined : { traceId, spanId };
}

/**
 * The span id the runtime gives the server span of one request (the same function the
 * rpc runtime uses). A call made while serving that request names it as its parent in
 * its traceparent.
 */
export { serveSpanIdOf } from '../engine/span-ids.ts';
