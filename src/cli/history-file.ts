// `run --history FILE`: the clients' history of one run as our JSON Lines, the format
// `faultline check-history FILE --model auto` reads back (kv keys and cas keys alike).
// Rule: the file is created before the run starts, so a path that cannot be written is
// bad input found before anything runs; the history is written once, when the run ends.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { HistoryEvent } from '../check/history/history-event.ts';
import { formatJsonlHistory } from '../check/history/format-jsonl-history.ts';
import { messageOf, UsageError } from './usage-error.ts';

export class HistoryFile {
  private isClosed = false;

  private constructor(
    readonly path: string,
    private readonly descriptor: number,
  ) {}

  /** Creates (or truncates) the file; a path that cannot be written is bad input. */
  static create(path: string): HistoryFile {
    try {
      return new HistoryFile(path, openSync(path, 'w'));
    } catch (error) {
      throw new UsageError(`cannot write history file ${JSON.stringify(path)}: ${messageOf(error)}`);
    }
  }

  /** Writes every event, one a line, and closes the file. */
  write(events: readonly HistoryEvent[]): void {
    try {
      writeSync(this.descriptor, historyJsonl(events));
    } catch (error) {
      throw new UsageError(`cannot write history file ${JSON.stringify(this.path)}: ${messageOf(error)}`);
    } finally {
      this.close();
    }
  }

  /** Closes the file (left empty when nothing was written); safe to call twice. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    closeSync(this.descriptor);
  }
}

/** The events as JSON Lines; an event without a time (a history that carries none) is written at time 0. */
export function historyJsonl(events: readonly HistoryEvent[]): string {
  return formatJsonlHistory(events.map((event) => ({ process: event.process, type: event.type, f: event.f, key: event.key, value: event.value, time: event.time ?? 0 })));
}
