// The run's fingerprint: a 64-bit hash (two independent 32-bit lanes) folded over
// every trace event in order. Rule: it only ever consumes integers and strings in the
// order events happen, so equal runs give equal hashes on any machine.

const LANE_A_SEED = 0x811c9dc5;
const LANE_B_SEED = 0x2545f491;
const TWO_POW_32 = 4294967296;

export class TraceHash {
  /**
   * Lane A at index 0, lane B at index 1. A typed array keeps each lane a 32-bit integer;
   * as two fields they were boxed doubles, converted on every fold (pingpong-100: ~1.6%).
   */
  private readonly lanes = Int32Array.of(LANE_A_SEED, LANE_B_SEED);

  /** Folds one integer (up to 2^53) into both lanes. */
  addInteger(value: number): void {
    const low = value | 0;
    const high = (value / TWO_POW_32) | 0;
    this.mixWord(low);
    if (high !== 0) this.mixWord(high ^ 0x5bd1e995);
  }

  /**
   * Folds five integers, exactly as five addInteger calls in this order would. The
   * trace's hot path: when all five are below 2^32 in size (no high words), the lanes
   * stay in locals for the whole event.
   */
  addFiveIntegers(first: number, second: number, third: number, fourth: number, fifth: number): void {
    if (!(isNarrow(first) && isNarrow(second) && isNarrow(third) && isNarrow(fourth) && isNarrow(fifth))) {
      this.addFiveWide(first, second, third, fourth, fifth);
      return;
    }
    // Each lane reads only itself and the word, so the lanes can be folded one after the other.
    const lanes = this.lanes;
    lanes[0] = Math.imul(
      Math.imul(Math.imul(Math.imul(Math.imul((lanes[0] as number) ^ first, FNV_PRIME) ^ second, FNV_PRIME) ^ third, FNV_PRIME) ^ fourth, FNV_PRIME) ^ fifth,
      FNV_PRIME,
    );
    lanes[1] = mixLaneB(mixLaneB(mixLaneB(mixLaneB(mixLaneB(lanes[1] as number, first | 0), second | 0), third | 0), fourth | 0), fifth | 0);
  }

  /** addFiveIntegers for values that may have high words, out of line: a shorter addFiveIntegers inlines more readily. */
  private addFiveWide(first: number, second: number, third: number, fourth: number, fifth: number): void {
    this.addInteger(first);
    this.addInteger(second);
    this.addInteger(third);
    this.addInteger(fourth);
    this.addInteger(fifth);
  }

  addString(text: string): void {
    for (let index = 0; index < text.length; index++) this.mixWord(text.charCodeAt(index));
    this.mixWord(text.length ^ 0x27d4eb2f);
  }

  private mixWord(word: number): void {
    // FNV-style multiply on lane A, a murmur-style rotate-multiply on lane B.
    const lanes = this.lanes;
    lanes[0] = Math.imul((lanes[0] as number) ^ word, FNV_PRIME);
    lanes[1] = mixLaneB(lanes[1] as number, word);
  }

  /** 16 hex digits. */
  digest(): string {
    const laneA = this.lanes[0] as number;
    const a = finalize(laneA);
    const b = finalize((this.lanes[1] as number) ^ laneA);
    return hex32(a) + hex32(b);
  }
}

const FNV_PRIME = 0x01000193;

/** True when addInteger would fold no high word: |value| < 2^32 (NaN counts as narrow, as in addInteger). */
function isNarrow(value: number): boolean {
  return !(value >= TWO_POW_32 || value <= -TWO_POW_32);
}

function mixLaneB(lane: number, word: number): number {
  let mixed = Math.imul(word, 0xcc9e2d51);
  mixed = (mixed << 15) | (mixed >>> 17);
  return (Math.imul(lane ^ Math.imul(mixed, 0x1b873593), 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finalizer: a bijection on 32-bit integers that spreads every input bit (unsigned result). */
export function finalize(value: number): number {
  let mixed = value ^ (value >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}
