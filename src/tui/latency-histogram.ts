// A small log-scale histogram of message latencies, for the p99 sparkline. Rule: adding
// a sample is a few integer operations (no allocation, no Math.log), and a quantile is
// read from bin edges, so it is exact to within a quarter of a doubling (about 19%).
const SUB_BINS_BITS = 2;
const SUB_BINS = 1 << SUB_BINS_BITS;
/** Latencies from 0 to 2^31 microseconds (about 35 minutes); longer ones share the last bin. */
const BIN_COUNT = 32 * SUB_BINS;

export class LatencyHistogram {
  private readonly bins = new Uint32Array(BIN_COUNT);
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(latencyUs: number): void {
    this.bins[binOf(latencyUs)]!++;
    this.total++;
  }

  clear(): void {
    if (this.total === 0) return;
    this.bins.fill(0);
    this.total = 0;
  }

  /** The upper edge of the bin holding the q-quantile, in microseconds; undefined when empty. */
  quantileUs(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      seen += this.bins[bin] as number;
      if (seen >= rank) return upperEdgeOf(bin);
    }
    return upperEdgeOf(BIN_COUNT - 1);
  }
}

/** Values below 2^SUB_BINS_BITS get a bin each; above, each doubling is split in SUB_BINS. */
function binOf(latencyUs: number): number {
  const value = latencyUs >= 0x7fffffff ? 0x7fffffff : latencyUs < 0 ? 0 : latencyUs | 0;
  if (value < SUB_BINS) return value;
  const exponent = 31 - Math.clz32(value);
  const fraction = (value >>> (exponent - SUB_BINS_BITS)) & (SUB_BINS - 1);
  return (exponent - SUB_BINS_BITS + 1) * SUB_BINS + fraction;
}

function upperEdgeOf(bin: number): number {
  if (bin < SUB_BINS) return bin;
  const exponent = Math.floor(bin / SUB_BINS) + SUB_BINS_BITS - 1;
  const fraction = bin % SUB_BINS;
  return (SUB_BINS + fraction + 1) * 2 ** (exponent - SUB_BINS_BITS) - 1;
}
