// What a scenario's clients recorded, as the runner hands it on when a run ends: the
// Jepsen-shaped events (`faultline run --history` writes them) and, per operation, which
// side of a partition its client stood on and how and when it ended (the CAP report
// measures availability per side with it). Rule: plain read-only views of the recorder
// the scenario owns (src/protocols/kv-ap/history-recorder.ts fits as it is); nothing here
// records anything.
import type { EventType, HistoryEvent } from '../check/history/history-event.ts';
import type { Micros } from '../engine/time.ts';

/** Where a client stood when it began an operation (the partition-side rule of the stores). */
export type OperationSide = 'majority' | 'minority' | 'connected';

export interface SidedOperation {
  readonly side: OperationSide;
  readonly invokeUs: Micros;
  /** Undefined while the operation is open. */
  readonly completeUs: Micros | undefined;
  readonly completion: Exclude<EventType, 'invoke'> | undefined;
}

export interface ClientHistory {
  /** In the order they happened. */
  readonly events: readonly HistoryEvent[];
  /** In the order they began. */
  readonly operations: readonly SidedOperation[];
}
