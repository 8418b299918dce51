// A table of what the span builder knows per rpc call, found by the caller, its boot and
// its call number (rpcId), looked up for every request and reply. Rule: the same three
// numbers always find the same entry, and setting one again replaces it. The runtime
// numbers a caller's calls from a count per boot, so each caller and boot gets a dense
// array indexed from the first call number it was seen with; anything else (hand-written
// envelopes, numbers far apart) goes to a map by text. No number is made per lookup.

/** Callers (from -1) and boots that get a dense array; others go to the map. */
const DENSE_CALLERS = 4_096;
const DENSE_BOOTS = 512;
/** The most entries one caller and boot keeps in its array (from its first call number on). */
const MAX_DENSE_ENTRIES = 1_048_576;

interface Dense<T> {
  /** The call number index 0 stands for. */
  readonly base: number;
  readonly items: (T | undefined)[];
}

export class CallTable<T> {
  private readonly dense = new Map<number, Dense<T>>();
  private readonly sparse = new Map<string, T>();

  get(caller: number, boot: number, rpcId: number): T | undefined {
    const row = this.dense.get(denseKey(caller, boot, rpcId));
    const index = row === undefined ? -1 : rpcId - row.base;
    if (row !== undefined && index >= 0 && index < MAX_DENSE_ENTRIES) return row.items[index];
    return this.sparse.get(`${caller}:${boot}:${rpcId}`);
  }

  set(caller: number, boot: number, rpcId: number, value: T): void {
    const key = denseKey(caller, boot, rpcId);
    let row = key < 0 ? undefined : this.dense.get(key);
    if (row === undefined && key >= 0) {
      row = { base: rpcId, items: [] };
      this.dense.set(key, row);
    }
    const index = row === undefined ? -1 : rpcId - row.base;
    if (row !== undefined && index >= 0 && index < MAX_DENSE_ENTRIES) {
      // Call numbers come one after another: the array grows by one at a time, never with a gap to fill.
      while (row.items.length < index) row.items.push(undefined);
      row.items[index] = value;
      return;
    }
    this.sparse.set(`${caller}:${boot}:${rpcId}`, value);
  }

  /** Every entry, in no particular order. */
  forEach(visit: (value: T) => void): void {
    for (const row of this.dense.values()) for (const item of row.items) if (item !== undefined) visit(item);
    for (const value of this.sparse.values()) visit(value);
  }
}

/** The dense row of a caller and boot, or -1 when the numbers do not fit one. */
function denseKey(caller: number, boot: number, rpcId: number): number {
  const fits = Number.isInteger(caller) && Number.isInteger(boot) && Number.isInteger(rpcId) && caller >= -1 && caller < DENSE_CALLERS - 1 && boot >= 0 && boot < DENSE_BOOTS && rpcId >= 0;
  return fits ? (caller + 1) * DENSE_BOOTS + boot : -1;
}
