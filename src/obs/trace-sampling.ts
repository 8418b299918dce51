// Head-based trace sampling for the exports, as OpenTelemetry's trace-id-ratio sampler
// does it: whether a trace is kept is decided from its trace id alone, the moment the
// trace begins, so every span of one trace is kept or none is, and the same seed keeps
// the same traces. Rule: sampling thins out what the span exports (Perfetto, OTLP) carry;
// it never touches the run, its metrics or SLOs, which still count every request, and the
// ratio is written into every export that it thins.
import { hashText } from '../engine/text-hash.ts';

const TWO_POW_32 = 4294967296;

/** What the exports say about sampling. */
export interface TraceSampling {
  /** The share of traces kept, in (0, 1]; 1 keeps every trace. */
  readonly ratio: number;
  readonly tracesKept: number;
  /** Traces begun in the run whose spans were left out of the exports. */
  readonly tracesSampledOut: number;
}

export class TraceSampler {
  /** A trace is kept when its id hashes below this (out of 2^32). */
  private readonly threshold: number;
  private kept = 0;
  private sampledOut = 0;

  constructor(readonly ratio: number = 1) {
    if (!isTraceSampleRatio(ratio)) throw new RangeError(`invalid trace sample ratio ${String(ratio)}: expected a number above 0 and at most 1`);
    this.threshold = ratio * TWO_POW_32;
  }

  get keepsEverything(): boolean {
    return this.ratio === 1;
  }

  /** Decides for a trace as it begins, and counts the decision. */
  decide(traceId: string): boolean {
    const isKept = this.keeps(traceId);
    if (isKept) this.kept++;
    else this.sampledOut++;
    return isKept;
  }

  /**
   * Whether a trace id is kept; the same id always gives the same answer, and a trace kept
   * at one ratio is kept at every higher one. The whole id is hashed: the runtime's ids are
   * made from counters and differ in a few digits only, so the raw low bits that
   * OpenTelemetry compares would not spread.
   */
  keeps(traceId: string): boolean {
    return this.ratio === 1 || hashText(traceId) < this.threshold;
  }

  summary(): TraceSampling {
    return { ratio: this.ratio, tracesKept: this.kept, tracesSampledOut: this.sampledOut };
  }
}

export function isTraceSampleRatio(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 1;
}
