// Structured logs: each record tagged with node, virtual time, level and, when the line
// was written while handling a traced request, its trace id. Rule: retention is a ring
// of fixed capacity, so a long run keeps memory flat; the newest records win, and the
// ring counts what it let go.
import type { Micros } from '../engine/time.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_CAPACITY = 10_000;
export const MAX_LOG_CAPACITY = 1_000_000;

export interface LogRecord {
  readonly timeUs: Micros;
  /** The node that wrote it; -1 for the scenario or the network. */
  readonly node: number;
  readonly level: LogLevel;
  readonly text: string;
  /** The trace the line belongs to, when known. */
  readonly traceId?: string;
  readonly spanId?: string;
  /** The trace event's index, so a viewer can link to it. */
  readonly eventIndex: number;
}

/** `warn: disk almost full` -> level warn; a line without a level prefix is info. */
export function levelOfLine(text: string): { readonly level: LogLevel; readonly text: string } {
  const colon = text.indexOf(':');
  if (colon > 0 && colon <= 5) {
    const prefix = text.slice(0, colon).toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(prefix)) return { level: prefix as LogLevel, text: text.slice(colon + 1).trimStart() };
  }
  return { level: 'info', text };
}

export class LogRing {
  private readonly records: (LogRecord | undefined)[];
  private next = 0;
  private total = 0;

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > MAX_LOG_CAPACITY) {
      throw new RangeError(`invalid log capacity ${String(capacity)}: expected an integer from 1 to ${MAX_LOG_CAPACITY}`);
    }
    this.records = new Array<LogRecord | undefined>(capacity);
  }

  /** Records written in all, kept or not. */
  get written(): number {
    return this.total;
  }

  /** Records the ring let go to make room. */
  get discarded(): number {
    return Math.max(0, this.total - this.capacity);
  }

  add(record: LogRecord): void {
    this.records[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  /** The kept records, oldest first. */
  toArray(): LogRecord[] {
    if (this.total <= this.capacity) return this.records.slice(0, this.total) as LogRecord[];
    return [...this.records.slice(this.next), ...this.records.slice(0, this.next)] as LogRecord[];
  }
}
