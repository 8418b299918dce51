// The memo of a linearizability search, as Porcupine keeps it: every (set of linearized
// operations, model state) pair already explored, so that no pair is explored twice.
// Rule: a pair is identified by its full bitset and state, compared exactly; the hash
// only picks the slot. Memory is bounded: past the limit, add reports 'full'.

/** What add did: the pair was new (and is now remembered), already there, or did not fit. */
export const ADDED = 1;
export const ALREADY_SEEN = 0;
export const TABLE_FULL = -1;

const INITIAL_ENTRIES = 1024;

export class MemoTable {
  private slots: Int32Array;
  private slotMask: number;
  private hashes: Int32Array;
  private states: Int32Array;
  private sets: Uint32Array;
  private count = 0;

  /** `words`: 32-bit words per bitset. */
  constructor(
    private readonly words: number,
    private readonly maxBytes: number,
  ) {
    this.slots = new Int32Array(INITIAL_ENTRIES * 2);
    this.slotMask = this.slots.length - 1;
    this.hashes = new Int32Array(INITIAL_ENTRIES);
    this.states = new Int32Array(INITIAL_ENTRIES);
    this.sets = new Uint32Array(INITIAL_ENTRIES * words);
  }

  /** Remembers (set, state) unless it is already there; `setHash` is a hash of `set`. */
  add(set: Uint32Array, setHash: number, state: number): typeof ADDED | typeof ALREADY_SEEN | typeof TABLE_FULL {
    const hash = mix(setHash ^ Math.imul(state + 1, 0x9e3779b1));
    const words = this.words;
    let slot = hash & this.slotMask;
    for (;;) {
      const stored = this.slots[slot] as number;
      if (stored === 0) break;
      const entry = stored - 1;
      if (this.hashes[entry] === hash && this.states[entry] === state && this.sameSet(entry, set, words)) return ALREADY_SEEN;
      slot = (slot + 1) & this.slotMask;
    }
    if (this.count === this.hashes.length) {
      if (!this.grow()) return TABLE_FULL;
      return this.add(set, setHash, state);
    }
    const entry = this.count++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.sets.set(set, entry * words);
    this.slots[slot] = entry + 1;
    return ADDED;
  }

  private sameSet(entry: number, set: Uint32Array, words: number): boolean {
    const sets = this.sets;
    const base = entry * words;
    for (let word = 0; word < words; word++) if (sets[base + word] !== set[word]) return false;
    return true;
  }

  /** Doubles every array (the slots stay at twice the entries); false when that would pass the limit. */
  private grow(): boolean {
    const entries = this.hashes.length * 2;
    const bytes = entries * (4 * this.words + 4 + 4 + 8);
    if (bytes > this.maxBytes) return false;
    const hashes = new Int32Array(entries);
    hashes.set(this.hashes);
    const states = new Int32Array(entries);
    states.set(this.states);
    const sets = new Uint32Array(entries * this.words);
    sets.set(this.sets);
    this.hashes = hashes;
    this.states = states;
    this.sets = sets;
    this.slots = new Int32Array(entries * 2);
    this.slotMask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = (hashes[entry] as number) & this.slotMask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.slotMask;
      this.slots[slot] = entry + 1;
    }
    return true;
  }
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash;
}
