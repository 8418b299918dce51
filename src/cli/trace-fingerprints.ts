// A compact fingerprint of every trace event of a run: a 32-bit hash of the event's JSON
// line (the line `--trace` writes, message bodies included), kept in a growable
// Uint32Array, so two runs can be compared event by event and the array moved between
// threads without copying. Rule: equal events give equal fingerprints in any thread; a
// recorder given a reference also keeps the JSON line of its first event that differs.
import type { TraceObserver } from '../engine/trace.ts';
import { traceEventLine } from './trace-file.ts';

const INITIAL_CAPACITY = 4096;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the line's UTF-16 code units, as an unsigned 32-bit integer. */
export function fingerprintOfLine(line: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < line.length; index++) hash = Math.imul(hash ^ line.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}

/** The first event index where two runs differ (an event one run lacks counts), or undefined when they are equal. */
export function firstDifference(first: Uint32Array, second: Uint32Array): number | undefined {
  const shorter = Math.min(first.length, second.length);
  for (let index = 0; index < shorter; index++) {
    if (first[index] !== second[index]) return index;
  }
  return first.length === second.length ? undefined : shorter;
}

/** The first event that differs from a reference run: its index and JSON line. */
export interface DifferingEvent {
  readonly index: number;
  readonly line: string;
}

export class TraceFingerprints {
  private values: Uint32Array<ArrayBuffer> = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;
  private differing: DifferingEvent | undefined;

  /** With a reference, remembers the first event whose fingerprint differs from it (or that it lacks). */
  constructor(private readonly reference?: Uint32Array) {}

  readonly observer: TraceObserver = (event) => {
    const line = traceEventLine(event);
    const fingerprint = fingerprintOfLine(line);
    if (this.count === this.values.length) this.grow();
    const index = this.count++;
    this.values[index] = fingerprint;
    const reference = this.reference;
    if (reference !== undefined && this.differing === undefined && (index >= reference.length || reference[index] !== fingerprint)) {
      this.differing = { index, line };
    }
  };

  get length(): number {
    return this.count;
  }

  get firstDiffering(): DifferingEvent | undefined {
    return this.differing;
  }

  /** One fingerprint per event, in order: a copy trimmed to the events seen, with a buffer of its own (transferable). */
  toArray(): Uint32Array<ArrayBuffer> {
    return this.values.slice(0, this.count);
  }

  private grow(): void {
    const values = new Uint32Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
  }
}
