// A 32-bit hash of text (FNV-1a with a final mix): where a key and a node's virtual points sit on the hash
// ring, and the short digests replicas compare in anti-entropy. Rule: it is a pure
// function of the text, identical on every node and in every run; it is not meant to
// resist anyone choosing keys on purpose.

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * An unsigned 32-bit hash of `text` (UTF-16 code units): FNV-1a, then MurmurHash3's
 * final mix. FNV-1a alone leaves the high bits of short, similar texts (`k0`, `k1`, ...)
 * nearly equal, which would put them all on the same arc of the ring.
 */
export function hashText(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The hash as eight hex digits, for digests people read in snapshots. */
export function hashHex(text: string): string {
  return hashText(text).toString(16).padStart(8, '0');
}
