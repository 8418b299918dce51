// The clients' history of one run, in Jepsen's shape: an `invoke` when an operation
// starts and an `ok`, `fail` or `info` when it ends, timed in virtual microseconds by the
// simulation's clock (the observer's truth, not a node's skewed clock). Each operation
// also keeps which side of a partition its client was on when it began, for availability
// per side. Rule: the recorder belongs to the scenario, not to any node; a client node
// only reports to it, and it holds at most `maxOperations` operations (clients stop
// starting new ones when it is full), so every checker downstream stays bounded.
// Nothing here is specific to one store: a CP store's clients can record the same way.
import type { Micros } from '../../engine/time.ts';
import type { EventType, HistoryEvent, HistoryKey, HistoryValue, Process } from '../../check/history/history-event.ts';
import { formatJsonlHistory } from '../../check/history/format-jsonl-history.ts';

/**
 * Where a client stood when it began an operation: with a majority of the store nodes,
 * with a minority of them, or with all of them (no partition cut it off from any).
 */
export type PartitionSide = 'majority' | 'minority' | 'connected';

export const PARTITION_SIDES: readonly PartitionSide[] = ['majority', 'minority', 'connected'];

export type Completion = Exclude<EventType, 'invoke'>;

export interface RecordedOperation {
  readonly index: number;
  readonly process: Process;
  readonly f: string;
  readonly key: HistoryKey;
  readonly input: HistoryValue;
  readonly side: PartitionSide;
  readonly invokeUs: Micros;
  completeUs: Micros | undefined;
  completion: Completion | undefined;
  output: HistoryValue;
}

export class HistoryRecorder {
  private readonly history: HistoryEvent[] = [];
  private readonly all: RecordedOperation[] = [];
  private readonly open = new Map<Process, RecordedOperation>();

  constructor(
    private readonly clock: () => Micros,
    private readonly sideOf: (process: Process) => PartitionSide,
    readonly maxOperations: number,
  ) {
    if (!Number.isSafeInteger(maxOperations) || maxOperations < 1) {
      throw new RangeError(`history recorder: invalid maxOperations ${String(maxOperations)}: expected a positive integer`);
    }
  }

  get isFull(): boolean {
    return this.all.length >= this.maxOperations;
  }

  /** Operations started and not yet ended. */
  get openCount(): number {
    return this.open.size;
  }

  get operations(): readonly RecordedOperation[] {
    return this.all;
  }

  /** The events in the order they happened; `line` numbers them from 1, as in the JSON Lines text. */
  get events(): readonly HistoryEvent[] {
    return this.history;
  }

  /** Starts an operation; undefined when the recorder is full (the client should stop). */
  invoke(process: Process, f: string, key: HistoryKey, value: HistoryValue): RecordedOperation | undefined {
    if (this.isFull) return undefined;
    const already = this.open.get(process);
    if (already !== undefined) throw new Error(`process ${String(process)} invokes ${f} while its ${already.f} is still open`);
    const operation: RecordedOperation = {
      index: this.all.length,
      process,
      f,
      key,
      input: value,
      side: this.sideOf(process),
      invokeUs: this.clock(),
      completeUs: undefined,
      completion: undefined,
      output: null,
    };
    this.all.push(operation);
    this.open.set(process, operation);
    this.push(process, 'invoke', f, key, value, operation.invokeUs);
    return operation;
  }

  complete(operation: RecordedOperation, completion: Completion, value: HistoryValue): void {
    if (this.open.get(operation.process) !== operation) throw new Error(`operation ${operation.index} (${operation.f}) completed twice or never invoked`);
    this.open.delete(operation.process);
    operation.completeUs = this.clock();
    operation.completion = completion;
    operation.output = value;
    this.push(operation.process, completion, operation.f, operation.key, value, operation.completeUs);
  }

  /**
   * A client restarted: whatever it had open ends as `info` (it may or may not have
   * happened), so the process may invoke again.
   */
  abandonOpen(process: Process): void {
    const operation = this.open.get(process);
    if (operation !== undefined) this.complete(operation, 'info', operation.input);
  }

  toJsonl(): string {
    return formatJsonlHistory(this.history.map((event) => ({ ...event, time: event.time ?? 0 })));
  }

  private push(process: Process, type: EventType, f: string, key: HistoryKey, value: HistoryValue, time: Micros): void {
    this.history.push({ process, type, f, key, value, time, line: this.history.length + 1 });
  }
}
