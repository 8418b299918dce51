// The hex words and the server-span id that W3C trace context needs, shared by the rpc
// runtime (src/node/rpc.ts, which puts them in traceparent headers) and the observer
// (src/obs/trace-ids.ts, which rebuilds spans from the trace). Rule: both sides derive a
// server span's id from the request alone, so they agree without talking; it lives in the
// engine because node and obs may both import the engine, and neither the other.
import { finalize as mix32 } from './trace-hash.ts';

/** A 32-bit word as 8 lower-case hex digits. */
export function hex8(word: number): string {
  return (HEX_BYTES[word >>> 24] as string) + (HEX_BYTES[(word >>> 16) & 0xff] as string) + (HEX_BYTES[(word >>> 8) & 0xff] as string) + (HEX_BYTES[word & 0xff] as string);
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * The span id of the server span for one request, from the request's identity (caller,
 * boot, rpcId) and the server. A hash: 64 bits as 16 hex digits, never all zero.
 */
export function serveSpanIdOf(caller: number, boot: number, rpcId: number, server: number): string {
  const high = mix32(mix32(caller + 1) ^ mix32(server + SERVER_SALT) ^ Math.imul(boot, GOLDEN_RATIO_32));
  const low = mix32(high ^ rpcId) || 1;
  return hex8(high) + hex8(low);
}

const SERVER_SALT = 0x3c6ef372;
const GOLDEN_RATIO_32 = 0x9e3779b9;
