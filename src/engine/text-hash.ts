// A 32-bit hash of text: FNV-1a over its UTF-16 code units, then MurmurHash3's final mix
// (the trace hash's `finalize`). Used where a text must map to a number the same way on
// every node and in every run: key placement on kv-ap's ring, anti-entropy digests, which
// traces the exports keep. Rule: a pure function of the text; not meant to resist anyone
// choosing texts on purpose.
import { finalize } from './trace-hash.ts';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * An unsigned 32-bit hash of `text`. FNV-1a alone leaves the high bits of short, similar
 * texts (`k0`, `k1`, ...) nearly equal; the final mix spreads them.
 */
export function hashText(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return finalize(hash);
}

/** The hash as eight hex digits, for digests people read in snapshots. */
export function hashHex(text: string): string {
  return hashText(text).toString(16).padStart(8, '0');
}
