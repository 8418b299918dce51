// The client's view of every logical request: when it started and ended, how it ended,
// and how many attempts it took. Rule: one record per logical request (retries and
// hedges are attempts of it, not new requests), timed by the simulation's clock, the
// observer's truth, not a node's local clock; the figures of a run are computed from it.
import type { Micros } from '../../src/engine/time.ts';
import { describeOutcome, type CallResult } from '../../src/node/call-result.ts';

/** How a logical request ended: `ok`, `timeout`, `error:shed`, ... (describeOutcome's labels), or `refused` by its own client. */
export type RequestOutcome = string;

export interface RequestRecord {
  readonly id: number;
  /** The request's class: 'browse', 'critical', ... (per-class figures group by it). */
  readonly label: string;
  /** The logical request's own key (an idempotency key, say), when it has one. */
  readonly key: string | undefined;
  readonly startUs: Micros;
  endUs: Micros | undefined;
  outcome: RequestOutcome | undefined;
  /** Attempts sent, the first included. */
  attempts: number;
}

/** A finished record. */
export interface EndedRequest extends RequestRecord {
  readonly endUs: Micros;
  readonly outcome: RequestOutcome;
}

export function isEnded(record: RequestRecord): record is EndedRequest {
  return record.endUs !== undefined;
}

export class RequestLog {
  private readonly all: RequestRecord[] = [];

  constructor(private readonly clock: () => Micros) {}

  get records(): readonly RequestRecord[] {
    return this.all;
  }

  begin(label: string, key?: string): RequestRecord {
    const record: RequestRecord = { id: this.all.length, label, key, startUs: this.clock(), endUs: undefined, outcome: undefined, attempts: 0 };
    this.all.push(record);
    return record;
  }

  countAttempt(record: RequestRecord): void {
    record.attempts++;
  }

  /** A request the client refused before sending it (too many running): it fails at once, as `refused`. */
  refuse(label: string): void {
    const record = this.begin(label);
    record.endUs = record.startUs;
    record.outcome = 'refused';
  }

  end(record: RequestRecord, result: CallResult<unknown>): void {
    if (record.endUs !== undefined) throw new Error(`request ${record.id} ended twice`);
    record.endUs = this.clock();
    record.outcome = describeOutcome(result);
  }
}
