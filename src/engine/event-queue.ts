// The pending-event queue: a radix heap over integer times, popping in (time, sequence
// number) order. Rule: ties in time are broken by scheduling order, so two runs that
// schedule the same events in the same order always pop them in the same order; and
// no event may be pushed earlier than the last one popped (virtual time never goes back).
//
// How it works: `last` is the time of the last event popped. A time is read as digits:
// its lowest 12 bits (level 0), then 4 bits per level above. An event at time t sits in
// bucket 0 when t === last, else in the bucket of (level, digit): level is the highest
// digit in which t and last differ, digit is t's digit there. Every bucket of a lower
// level, or of the same level and a lower digit, holds only earlier times. Popping from
// an empty bucket 0 takes the lowest non-empty bucket, makes its earliest time the new
// `last` and moves its events down into lower levels (a level-0 bucket holds a single
// time and simply becomes bucket 0), so an event moves at most 11 times in its life,
// 0.27 times on average in the ping-pong bench. The wide level 0 is what saves the moves:
// an event due within the current 4,096 us goes straight to its final bucket (with 8 bits,
// 1.17 moves per event and pingpong-100 about 4.6% slower; with 4, 2.1).
// Buckets are lists kept in push order and moved in order, and a bucket receives moved
// events only while every lower bucket is empty, so events of equal time stay in
// scheduling order and bucket 0 pops first-in first-out: no sequence numbers need
// storing or comparing. Nothing depends on how many events wait or how far apart they
// are, so there is nothing to resize or tune.
//
// Layout: each event has a slot that never moves while it waits: its time and the next
// slot of its bucket in typed arrays, its handler and argument in two plain arrays.
// Moving an event relinks integers and stores no object pointer; a pop is allocation-free
// and returns the event's argument rather than storing it anywhere.
// (docs/performance.md: against the binary heap it replaced, 1.2 to 1.5x on pingpong-100
// and about 2x with 10,000 pending timers.)

export type EventHandler<A = unknown> = (argument: A) => void;

const INITIAL_SLOT_CAPACITY = 1024;
/** End of a bucket's list (or of the free list). */
const NONE = -1;
/** Level 0 reads a time's lowest 12 bits: 4,096 buckets of one time each, after bucket 0. */
const LEVEL_ZERO_BITS = 12;
const LEVEL_ZERO_VALUES = 4096;
const LEVEL_ZERO_MASK = 4095;
/** Level 0's bitmap words (32 buckets each), and the words of its summary (32 bitmap words each). */
const LEVEL_ZERO_WORDS = LEVEL_ZERO_VALUES / 32;
const LEVEL_ZERO_SUMMARY_WORDS = LEVEL_ZERO_WORDS / 32;
/** Levels 1 and up read 4-bit digits (16 buckets each); 11 of them cover bits 12 to 55. */
const DIGIT_BITS = 4;
const DIGIT_VALUES = 16;
const DIGIT_MASK = 15;
const UPPER_LEVEL_COUNT = 11;
// In the code, `>> 2` divides a bit count by DIGIT_BITS and `>> 4` a bucket offset by DIGIT_VALUES.
const FIRST_UPPER_BUCKET = 1 + LEVEL_ZERO_VALUES;
const BUCKET_COUNT = FIRST_UPPER_BUCKET + UPPER_LEVEL_COUNT * DIGIT_VALUES;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const NO_CACHED_MINIMUM = -1;

function noop(): void {}

export class EventQueue {
  /** Per slot: the event's time, and the next slot in the same bucket (or in the free list). */
  private slotTimes = new Float64Array(INITIAL_SLOT_CAPACITY);
  private nextSlots = new Int32Array(INITIAL_SLOT_CAPACITY);
  /** Per slot: the handler and argument of the event in that slot. */
  private handlers: (EventHandler<never> | undefined)[] = new Array(INITIAL_SLOT_CAPACITY);
  private argumentsOf: unknown[] = new Array(INITIAL_SLOT_CAPACITY);
  /** Per bucket: first and last slot of its list, in the order events entered it (NONE: empty). */
  private readonly heads = new Int32Array(BUCKET_COUNT).fill(NONE);
  private readonly tails = new Int32Array(BUCKET_COUNT).fill(NONE);
  /**
   * Level 0, three bitmaps deep: bit d % 32 of levelZeroWords[d / 32] is set when bucket
   * 1 + d is non-empty; bit w % 32 of levelZeroSummary[w / 32] when word w is not 0; bit s
   * of levelZeroTop when summary word s is not 0.
   */
  private readonly levelZeroWords = new Int32Array(LEVEL_ZERO_WORDS);
  private readonly levelZeroSummary = new Int32Array(LEVEL_ZERO_SUMMARY_WORDS);
  private levelZeroTop = 0;
  /** Levels 1 and up: bit d of upperMasks[l - 1] when bucket (l, d) is non-empty; bit l - 1 of upperBits when that mask is not 0. */
  private readonly upperMasks = new Int32Array(UPPER_LEVEL_COUNT);
  private upperBits = 0;
  /** Time of the last event popped, and its high and low 32-bit words. */
  private last = 0;
  private lastHigh = 0;
  private lastLow = 0;
  /** Earliest time in buckets 1 and up, once computed (NO_CACHED_MINIMUM when not known). */
  private cachedMinimum = NO_CACHED_MINIMUM;
  /** Freed slots, a stack linked through nextSlots (recently freed, cache-warm slots come back first). */
  private freeHead = NONE;
  /** Slots [0, usedSlots) have been handed out at least once. */
  private usedSlots = 0;
  private count = 0;
  /** Handler of the event popDue last returned (a long-lived function: storing it costs no barrier call). */
  poppedHandler: EventHandler<unknown> = noop;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    if (this.heads[0] !== NONE) return this.last;
    if (this.count === 0) return Infinity;
    return this.minimumOf(this.lowestBucket());
  }

  /** Queues `handler(argument)` at `time` (an integer, not before the last popped time), after every event already queued at that time. */
  push<A>(time: number, handler: EventHandler<A>, argument: A): void {
    // Rare paths are calls: V8 charges a callee's whole bytecode against its caller's
    // inlining budget, so a short push leaves room to inline more of the send path.
    if (!(time >= this.last)) throwPastTime(time, this.last);
    let slot = this.freeHead;
    if (slot !== NONE) this.freeHead = this.nextSlots[slot] as number;
    else slot = this.newSlot();
    this.handlers[slot] = handler as EventHandler<never>;
    this.argumentsOf[slot] = argument;
    this.slotTimes[slot] = time;
    this.count++;
    const bucket = this.bucketOf(time);
    if (bucket !== 0 && this.cachedMinimum !== NO_CACHED_MINIMUM && time < this.cachedMinimum) this.cachedMinimum = time;
    this.append(bucket, slot);
  }

  /**
   * Removes the earliest event and returns its argument, leaving its handler in
   * `poppedHandler` (its time is `lastPoppedTime`), unless the queue is empty or that
   * event is later than `until`: then it returns NOTHING_DUE and removes nothing.
   * The argument is returned, not stored: storing a newly made object (a message) into
   * a long-lived one costs V8 a write-barrier call (pingpong-100: ~5% faster so).
   */
  popDue(until: number): unknown {
    if (this.heads[0] === NONE) {
      if (this.count === 0) return NOTHING_DUE;
      const bucket = this.lowestBucket();
      const minimum = this.minimumOf(bucket);
      if (minimum > until) return NOTHING_DUE;
      this.spread(bucket, minimum);
    } else if (this.last > until) {
      return NOTHING_DUE;
    }
    const slot = this.heads[0] as number;
    const nextSlots = this.nextSlots;
    this.heads[0] = nextSlots[slot] as number;
    nextSlots[slot] = this.freeHead;
    this.freeHead = slot;
    this.count--;
    this.poppedHandler = this.handlers[slot] as EventHandler<unknown>;
    const argument = this.argumentsOf[slot];
    this.handlers[slot] = undefined;
    this.argumentsOf[slot] = undefined;
    return argument;
  }

  /** Time of the last event popped (0 before the first pop). */
  get lastPoppedTime(): number {
    return this.last;
  }

  /**
   * Bucket of an event at `time` (>= last): 0 when equal; 1 + (time's low 12 bits) when
   * only those differ (level 0); else FIRST_UPPER_BUCKET + 16 x (level - 1) + digit, where
   * level is the highest 4-bit digit in which time and last differ and digit is time's digit there.
   */
  private bucketOf(time: number): number {
    const high = (time * TWO_POW_MINUS_32) | 0;
    const highDifference = high ^ this.lastHigh;
    if (highDifference !== 0) {
      // Bits 32 to 52: levels 6 to 11, whose digits lie wholly in the high word.
      const upper = (63 - Math.clz32(highDifference) - LEVEL_ZERO_BITS) >> 2;
      return FIRST_UPPER_BUCKET + upper * DIGIT_VALUES + ((high >>> (upper * DIGIT_BITS + LEVEL_ZERO_BITS - 32)) & DIGIT_MASK);
    }
    const lowDifference = time ^ this.lastLow;
    if (lowDifference === 0) return 0;
    const bit = 31 - Math.clz32(lowDifference);
    if (bit < LEVEL_ZERO_BITS) return 1 + (time & LEVEL_ZERO_MASK);
    const upper = (bit - LEVEL_ZERO_BITS) >> 2;
    return FIRST_UPPER_BUCKET + upper * DIGIT_VALUES + ((time >>> (upper * DIGIT_BITS + LEVEL_ZERO_BITS)) & DIGIT_MASK);
  }

  /** Adds `slot` at the end of `bucket`'s list. */
  private append(bucket: number, slot: number): void {
    this.nextSlots[slot] = NONE;
    if (this.heads[bucket] === NONE) {
      this.heads[bucket] = slot;
      if (bucket !== 0) this.markNonEmpty(bucket);
    } else {
      this.nextSlots[this.tails[bucket] as number] = slot;
    }
    this.tails[bucket] = slot;
  }

  private markNonEmpty(bucket: number): void {
    if (bucket < FIRST_UPPER_BUCKET) {
      const digit = bucket - 1;
      const word = digit >> 5;
      const summaryWord = word >> 5;
      this.levelZeroWords[word] = (this.levelZeroWords[word] as number) | (1 << (digit & 31));
      this.levelZeroSummary[summaryWord] = (this.levelZeroSummary[summaryWord] as number) | (1 << (word & 31));
      this.levelZeroTop |= 1 << summaryWord;
    } else {
      const upper = (bucket - FIRST_UPPER_BUCKET) >> 4;
      this.upperMasks[upper] = (this.upperMasks[upper] as number) | (1 << ((bucket - FIRST_UPPER_BUCKET) & DIGIT_MASK));
      this.upperBits |= 1 << upper;
    }
  }

  private markEmpty(bucket: number): void {
    if (bucket < FIRST_UPPER_BUCKET) {
      const digit = bucket - 1;
      const word = digit >> 5;
      const bits = (this.levelZeroWords[word] as number) & ~(1 << (digit & 31));
      this.levelZeroWords[word] = bits;
      if (bits === 0) this.markWordEmpty(word);
    } else {
      const upper = (bucket - FIRST_UPPER_BUCKET) >> 4;
      const mask = (this.upperMasks[upper] as number) & ~(1 << ((bucket - FIRST_UPPER_BUCKET) & DIGIT_MASK));
      this.upperMasks[upper] = mask;
      if (mask === 0) this.upperBits &= ~(1 << upper);
    }
  }

  /** Level-0 bitmap word `word` became 0: clears its bit in the summary (and the summary word's in the top). */
  private markWordEmpty(word: number): void {
    const summaryWord = word >> 5;
    const summary = (this.levelZeroSummary[summaryWord] as number) & ~(1 << (word & 31));
    this.levelZeroSummary[summaryWord] = summary;
    if (summary === 0) this.levelZeroTop &= ~(1 << summaryWord);
  }

  /** The lowest non-empty bucket above 0 (the queue must hold an event outside bucket 0). */
  private lowestBucket(): number {
    const top = this.levelZeroTop;
    if (top !== 0) {
      const summaryWord = 31 - Math.clz32(top & -top);
      const summary = this.levelZeroSummary[summaryWord] as number;
      const word = (summaryWord << 5) + (31 - Math.clz32(summary & -summary));
      const bits = this.levelZeroWords[word] as number;
      return 1 + (word << 5) + (31 - Math.clz32(bits & -bits));
    }
    const upperBits = this.upperBits;
    const upper = 31 - Math.clz32(upperBits & -upperBits);
    const mask = this.upperMasks[upper] as number;
    return FIRST_UPPER_BUCKET + upper * DIGIT_VALUES + (31 - Math.clz32(mask & -mask));
  }

  /** Earliest time in `bucket`, the lowest non-empty bucket above 0, so the earliest outside bucket 0. */
  private minimumOf(bucket: number): number {
    const times = this.slotTimes;
    let slot = this.heads[bucket] as number;
    if (bucket < FIRST_UPPER_BUCKET) return times[slot] as number; // a level-0 bucket holds one time only
    if (this.cachedMinimum !== NO_CACHED_MINIMUM) return this.cachedMinimum;
    const nextSlots = this.nextSlots;
    let minimum = times[slot] as number;
    slot = nextSlots[slot] as number;
    while (slot !== NONE) {
      const time = times[slot] as number;
      if (time < minimum) minimum = time;
      slot = nextSlots[slot] as number;
    }
    this.cachedMinimum = minimum;
    return minimum;
  }

  /**
   * Makes `minimum`, the earliest time in `bucket` (the lowest non-empty one), the new
   * `last`, and moves the bucket's events down: those at that time into bucket 0, the
   * others into lower buckets. A level-0 bucket holds one time only: it becomes bucket 0.
   */
  private spread(bucket: number, minimum: number): void {
    let slot = this.heads[bucket] as number;
    this.heads[bucket] = NONE;
    this.markEmpty(bucket);
    this.last = minimum;
    this.lastHigh = (minimum * TWO_POW_MINUS_32) | 0;
    this.lastLow = minimum | 0;
    this.cachedMinimum = NO_CACHED_MINIMUM;
    if (bucket < FIRST_UPPER_BUCKET) {
      // Bucket 0 is empty: the whole list becomes bucket 0's.
      this.heads[0] = slot;
      this.tails[0] = this.tails[bucket] as number;
      return;
    }
    // Every event here goes to a lower bucket, in list order.
    const nextSlots = this.nextSlots;
    const times = this.slotTimes;
    while (slot !== NONE) {
      const next = nextSlots[slot] as number;
      this.append(this.bucketOf(times[slot] as number), slot);
      slot = next;
    }
  }

  /** A slot never handed out before, growing the slot arrays when all are in use. */
  private newSlot(): number {
    if (this.usedSlots === this.slotTimes.length) this.growSlots();
    return this.usedSlots++;
  }

  private growSlots(): void {
    const capacity = this.slotTimes.length * 2;
    const slotTimes = new Float64Array(capacity);
    slotTimes.set(this.slotTimes);
    const nextSlots = new Int32Array(capacity);
    nextSlots.set(this.nextSlots);
    this.slotTimes = slotTimes;
    this.nextSlots = nextSlots;
    this.handlers.length = capacity;
    this.argumentsOf.length = capacity;
  }
}

function throwPastTime(time: number, last: number): never {
  throw new RangeError(`cannot queue an event at ${time}: the queue has already popped time ${last}`);
}

/** What popDue returns when no event is due (no event's argument is this symbol). */
export const NOTHING_DUE: unique symbol = Symbol('nothing due');
