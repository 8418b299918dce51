// The replicated log, kept in durable storage so it survives crashes. Raft counts log
// positions from 1; index 0 is an empty "before the first entry" with term 0.
// Rule: the log changes only by appending at the end or by cutting off a suffix, and
// each append stores a fresh copy, so an entry object, once removed, never comes back
// (checkers rely on this to spot changes cheaply).
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { LogEntry } from './raft-messages.ts';

const LOG_KEY = 'raft/log';

export class RaftLog {
  /** Live view of the durable list: entry i is at position i - 1. */
  private readonly entries: readonly LogEntry[];

  constructor(private readonly storage: DurableStorage) {
    this.entries = storage.list<LogEntry>(LOG_KEY);
  }

  /** The whole log, read-only and live (for snapshots); entry i is at position i - 1. */
  get view(): readonly LogEntry[] {
    return this.entries;
  }

  get lastIndex(): number {
    return this.entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.entries.length);
  }

  /** Term of entry `index`; 0 for index 0. The index must be within the log. */
  termAt(index: number): number {
    if (index === 0) return 0;
    return this.entryAt(index).term;
  }

  entryAt(index: number): LogEntry {
    const entry = this.entries[index - 1];
    if (entry === undefined) throw new RangeError(`raft log: no entry at index ${index} (the log holds 1..${this.entries.length})`);
    return entry;
  }

  /** Entries from..to, both included (an empty list when from > to). */
  slice(from: number, to: number): LogEntry[] {
    return this.entries.slice(from - 1, to);
  }

  append(entry: LogEntry): void {
    this.storage.appendToList(LOG_KEY, entry);
  }

  /** Removes entry `index` and everything after it. */
  truncateFrom(index: number): void {
    if (index < 1) throw new RangeError(`raft log: cannot truncate from index ${index}: the first entry is 1`);
    this.storage.truncateList(LOG_KEY, index - 1);
  }

  /** The first index of the run of entries that share the term of entry `index`. */
  firstIndexOfTermAt(index: number): number {
    const term = this.termAt(index);
    let first = index;
    while (first > 1 && this.termAt(first - 1) === term) first--;
    return first;
  }

  /**
   * Raft's up-to-date rule, for a vote: is a log ending with (lastLogTerm, lastLogIndex) at
   * least as up to date as this one? A later last term wins; with equal last terms, the
   * longer log (or an equally long one) does.
   */
  isNotAheadOf(lastLogTerm: number, lastLogIndex: number): boolean {
    return lastLogTerm > this.lastTerm || (lastLogTerm === this.lastTerm && lastLogIndex >= this.lastIndex);
  }
}
