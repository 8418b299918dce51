// The hex words and the server-span id that W3C trace context needs, shared by the rpc
// runtime (src/node/rpc.ts, which puts them in traceparent headers) and the observer
// (src/obs/trace-ids.ts, which rebuilds spans from the trace). Rule: both sides derive a
// server span's id from the request alone, so they agree without talking; it lives in the
// engine because node and obs may both import the engine, and neither the other.
import { finalize as mix32 } from './trace-hash.ts';

const HEX_DIGIT_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The hex digit code of the 4 bits of `word` at `shift`. */
function digitCode(word: number, shift: number): number {
  return HEX_DIGIT_CODES[(word >>> shift) & 15] as number;
}

/**
 * Two 32-bit words as 16 lower-case hex digits, made as one flat string: joining 8-digit
 * texts would make a rope of several strings (about 100 bytes, not 32), and a run keeps an
 * id for every span it exports, where each byte kept costs every garbage collection and
 * every export walks the rope again.
 */
export function hex16(high: number, low: number): string {
  return String.fromCharCode(
    digitCode(high, 28), digitCode(high, 24), digitCode(high, 20), digitCode(high, 16), digitCode(high, 12), digitCode(high, 8), digitCode(high, 4), digitCode(high, 0),
    digitCode(low, 28), digitCode(low, 24), digitCode(low, 20), digitCode(low, 16), digitCode(low, 12), digitCode(low, 8), digitCode(low, 4), digitCode(low, 0),
  );
}

/** Four 32-bit words as 32 lower-case hex digits (a trace id), one flat string like hex16's. */
export function hex32(first: number, second: number, third: number, fourth: number): string {
  return String.fromCharCode(
    digitCode(first, 28), digitCode(first, 24), digitCode(first, 20), digitCode(first, 16), digitCode(first, 12), digitCode(first, 8), digitCode(first, 4), digitCode(first, 0),
    digitCode(second, 28), digitCode(second, 24), digitCode(second, 20), digitCode(second, 16), digitCode(second, 12), digitCode(second, 8), digitCode(second, 4), digitCode(second, 0),
    digitCode(third, 28), digitCode(third, 24), digitCode(third, 20), digitCode(third, 16), digitCode(third, 12), digitCode(third, 8), digitCode(third, 4), digitCode(third, 0),
    digitCode(fourth, 28), digitCode(fourth, 24), digitCode(fourth, 20), digitCode(fourth, 16), digitCode(fourth, 12), digitCode(fourth, 8), digitCode(fourth, 4), digitCode(fourth, 0),
  );
}

/**
 * The span id of the server span for one request, from the request's identity (caller,
 * boot, rpcId) and the server. A hash: 64 bits as 16 hex digits, never all zero.
 */
export function serveSpanIdOf(caller: number, boot: number, rpcId: number, server: number): string {
  const high = mix32(mix32(caller + 1) ^ mix32(server + SERVER_SALT) ^ Math.imul(boot, GOLDEN_RATIO_32));
  const low = mix32(high ^ rpcId) || 1;
  return hex16(high, low);
}

const SERVER_SALT = 0x3c6ef372;
const GOLDEN_RATIO_32 = 0x9e3779b9;
