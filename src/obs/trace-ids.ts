// Trace and span ids in the W3C Trace Context form, drawn from a seeded stream.
// Rule: ids come from their own stream (`<seed>/obs:ids`), never from ambient randomness, and
// never from a stream the run itself draws from, so observing a run cannot change it and
// the same seed gives the same ids.
import { Random, type Seed } from '../engine/rng.ts';

const TWO_POW_32 = 4294967296;
const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

export interface TraceContext {
  /** 32 lower-case hex digits, never all zero. */
  readonly traceId: string;
  /** 16 lower-case hex digits, never all zero: the span that sent the header. */
  readonly spanId: string;
}

export class TraceIdSource {
  private readonly random: Random;

  constructor(seed: Seed) {
    this.random = new Random(`${seed}/obs:ids`);
  }

  /** 32 hex digits (128 bits). */
  traceId(): string {
    return this.hexWords(4);
  }

  /** 16 hex digits (64 bits). */
  spanId(): string {
    return this.hexWords(2);
  }

  private hexWords(count: number): string {
    for (;;) {
      let text = '';
      let isZero = true;
      for (let index = 0; index < count; index++) {
        const word = Math.floor(this.random.next() * TWO_POW_32);
        if (word !== 0) isZero = false;
        text += hex8(word);
      }
      if (!isZero) return text;
    }
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex8(word: number): string {
  return (HEX_BYTES[word >>> 24] as string) + (HEX_BYTES[(word >>> 16) & 0xff] as string) + (HEX_BYTES[(word >>> 8) & 0xff] as string) + (HEX_BYTES[word & 0xff] as string);
}

/** `00-<trace id>-<span id>-01`: version 00, sampled. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}

/** Reads a traceparent header; undefined for anything that is not a valid version-00 header. */
export function parseTraceparent(text: unknown): TraceContext | undefined {
  if (typeof text !== 'string') return undefined;
  const match = TRACEPARENT_PATTERN.exec(text);
  if (match === null) return undefined;
  const traceId = match[1] as string;
  const spanId = match[2] as string;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId };
}
