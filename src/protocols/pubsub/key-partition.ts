// Which partition a key goes to: a hash of the key modulo the topic's partitions, so
// every message with one key lands in one partition, and so in one order.
// Rule: the hash is FNV-1a over the key's UTF-16 code units: stable across runs and
// machines (never a language's own hash of strings).
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function partitionOfKey(key: string, partitions: number): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash % partitions;
}
