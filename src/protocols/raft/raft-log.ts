// The replicated log, kept in durable storage so it survives crashes. Raft counts log
// positions from 1; index 0 is an empty "before the first entry" with term 0. Once
// compacted (Raft section 7), entries 1..snapshotIndex are gone, summed up by a state
// machine checkpoint, and snapshotIndex (with its term) plays the part of index 0.
// Rule: the log changes only by appending at the end, by cutting off a suffix, or by
// compacting a prefix that a stored checkpoint covers; each append stores a fresh copy
// (or the frozen entry itself), so an entry object, once removed, never comes back
// (checkers rely on this to spot changes cheaply).
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { LogEntry } from './raft-messages.ts';

const LOG_KEY = 'raft/log';
const START_KEY = 'raft/log-start';

/** Where the stored log starts: entries 1..index are compacted, and entry `index` had `term`. */
interface LogStart {
  readonly index: number;
  readonly term: number;
}

export class RaftLog {
  /** Live view of the durable list: entry i is at position i - 1 - snapshotIndex. */
  private readonly entries: readonly LogEntry[];
  private start: LogStart;

  constructor(private readonly storage: DurableStorage) {
    this.entries = storage.list<LogEntry>(LOG_KEY);
    this.start = storage.get<LogStart>(START_KEY) ?? { index: 0, term: 0 };
  }

  /** The stored entries, read-only and live (for snapshots); entry i is at position i - 1 - snapshotIndex. */
  get view(): readonly LogEntry[] {
    return this.entries;
  }

  /** The last compacted index (0 when nothing was compacted). */
  get snapshotIndex(): number {
    return this.start.index;
  }

  get snapshotTerm(): number {
    return this.start.term;
  }

  get lastIndex(): number {
    return this.start.index + this.entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.lastIndex);
  }

  /** Is entry `index` stored (not compacted, not past the end)? */
  holds(index: number): boolean {
    return index > this.start.index && index <= this.lastIndex;
  }

  /** Term of entry `index`; the snapshot's term for snapshotIndex (0 for index 0). The index must be within snapshotIndex..lastIndex. */
  termAt(index: number): number {
    if (index === this.start.index) return this.start.term;
    return this.entryAt(index).term;
  }

  entryAt(index: number): LogEntry {
    const entry = index > this.start.index ? this.entries[index - 1 - this.start.index] : undefined;
    if (entry === undefined) throw new RangeError(`raft log: no entry at index ${index} (the log holds ${this.start.index + 1}..${this.lastIndex})`);
    return entry;
  }

  /** Entries from..to, both included (an empty list when from > to); from must be above snapshotIndex. */
  slice(from: number, to: number): LogEntry[] {
    return this.entries.slice(from - 1 - this.start.index, to - this.start.index);
  }

  /**
   * Stores the entry: as it is when it is frozen with its command (createEntry's entries,
   * which followers receive as the same objects; a command holds only primitives, so it
   * is then deeply frozen), a copy otherwise.
   */
  append(entry: LogEntry): void {
    if (isFrozenEntry(entry)) this.storage.appendFrozen(LOG_KEY, entry);
    else this.storage.appendToList(LOG_KEY, entry);
  }

  /** Removes entry `index` and everything after it. */
  truncateFrom(index: number): void {
    if (index <= this.start.index) throw new RangeError(`raft log: cannot truncate from index ${index}: entries up to ${this.start.index} are compacted`);
    this.storage.truncateList(LOG_KEY, index - 1 - this.start.index);
  }

  /** Forgets entries 1..index (index within the log; its term is kept). The entries after it stay the same objects. */
  compactThrough(index: number): void {
    if (index <= this.start.index) return;
    const dropped = index - this.start.index;
    this.setStart({ index, term: this.termAt(index) });
    this.storage.dropListFront(LOG_KEY, dropped);
  }

  /** Drops the whole log for a snapshot that ends at (index, term) (a follower far behind). */
  resetTo(index: number, term: number): void {
    this.setStart({ index, term });
    this.storage.truncateList(LOG_KEY, 0);
  }

  /** The first index of the run of entries that share the term of entry `index` (never below snapshotIndex + 1). */
  firstIndexOfTermAt(index: number): number {
    const term = this.termAt(index);
    let first = index;
    while (first > this.start.index + 1 && this.termAt(first - 1) === term) first--;
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

  private setStart(start: LogStart): void {
    this.start = start;
    this.storage.set(START_KEY, start);
  }
}

function isFrozenEntry(entry: LogEntry): boolean {
  return Object.isFrozen(entry) && (entry.command === null || Object.isFrozen(entry.command));
}
