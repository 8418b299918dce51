// Trace and span ids in the W3C Trace Context form, drawn from a seeded stream.
// Rule: ids come from their own stream (`<seed>/obs:ids`), never from ambient randomness, and
// never from a stream the run itself draws from, so observing a run cannot change it and
// the same seed gives the same ids.
import { Random, type Seed } from '../engine/rng.ts';

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
  // One header per request: test, slice and compare, with no match array.
  if (typeof text !== 'string' || text.length !== TRACEPARENT_LENGTH || !TRACEPARENT_PATTERN.test(text)) return undefined;
  const traceId = text.slice(3, 35);
  const spanId = text.slice(36, 52);
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { traceId, spanId };
}

/**
 * The span id the runtime gives the server span of one request (src/node/rpc.ts
 * serveSpanIdOf, which this must match: src/obs may not import src/node, and a test
 * checks that the two agree). A call made while serving that request names it as its
 * parent in its traceparent.
 */
export function serveSpanIdOf(caller: number, boot: number, rpcId: number, server: number): string {
  const high = mix32(mix32(caller + 1) ^ mix32(server + SERVER_SALT) ^ Math.imul(boot, GOLDEN_RATIO_32));
  const low = mix32(high ^ rpcId) || 1;
  return hex8(high >>> 0) + hex8(low);
}

const SERVER_SALT = 0x3c6ef372;
const GOLDEN_RATIO_32 = 0x9e3779b9;

/** MurmurHash3's finalizer: a bijection on 32-bit integers that spreads every input bit. */
function mix32(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
