// `--trace file.jsonl`: every trace event as one line of JSON, fields in a fixed order.
// Rule: writes are synchronous and buffered in bounded chunks, so memory stays flat
// however long the run, and close() flushes everything before the command returns.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEvent, TraceObserver } from '../engine/trace.ts';
import { messageOf, UsageError } from './usage-error.ts';

/** Bytes of text held before they are written out. */
const FLUSH_THRESHOLD_CHARS = 64 * 1024;

export class TraceFile {
  private pending = '';
  private isClosed = false;

  private constructor(
    readonly path: string,
    private readonly descriptor: number,
  ) {}

  /** Creates (or truncates) the file; a path that cannot be written is bad input. */
  static create(path: string): TraceFile {
    try {
      return new TraceFile(path, openSync(path, 'w'));
    } catch (error) {
      throw new UsageError(`cannot write trace file ${JSON.stringify(path)}: ${messageOf(error)}`);
    }
  }

  readonly observer: TraceObserver = (event) => {
    this.pending += `${traceEventLine(event)}\n`;
    if (this.pending.length >= FLUSH_THRESHOLD_CHARS) this.flush();
  };

  /** Writes what is pending and closes the file; safe to call twice. */
  close(): void {
    if (this.isClosed) return;
    try {
      this.flush();
    } finally {
      this.isClosed = true;
      closeSync(this.descriptor);
    }
  }

  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    try {
      writeSync(this.descriptor, text);
    } catch (error) {
      throw new UsageError(`cannot write trace file ${JSON.stringify(this.path)}: ${messageOf(error)}`);
    }
  }
}

/** One event as JSON, fields always in the order of TraceEvent; absent fields are left out. */
export function traceEventLine(event: TraceEvent): string {
  const ordered: Record<string, unknown> = { index: event.index, timeUs: event.timeUs, kind: event.kind };
  if (event.node !== undefined) ordered['node'] = event.node;
  if (event.from !== undefined) ordered['from'] = event.from;
  if (event.to !== undefined) ordered['to'] = event.to;
  if (event.messageId !== undefined) ordered['messageId'] = event.messageId;
  if (event.reason !== undefined) ordered['reason'] = event.reason;
  if (event.detail !== undefined) ordered['detail'] = event.detail;
  return JSON.stringify(ordered, jsonSafe);
}

/** Message bodies are scenario data: write sets, maps and bigints readably instead of failing. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
