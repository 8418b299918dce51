// One store node's log on durable storage, with the indexes rebuilt from it: each
// stream's entries, the entry each command produced, the commit position, and (on the
// primary) each stream's snapshots. Rule: the log only grows. The primary is the one
// writer and never rewrites an entry, so every follower's log is a prefix of the
// primary's; entries are deeply frozen, so appending one copies nothing.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { AccountEvent, AccountSnapshot } from './bank-account.ts';
import type { LogEntry } from './event-store-messages.ts';

const LOG_KEY = 'es/log';
const COMMIT_KEY = 'es/commit';
const SNAPSHOTS_PREFIX = 'es/snapshots/';

/** What checkers and tests may read of a log (the node's view hands out this, never the writer). */
export interface EventLogView {
  readonly length: number;
  readonly all: readonly LogEntry[];
  readonly commitPosition: number;
  entryAt(position: number): LogEntry | undefined;
  streamVersion(stream: string): number;
  snapshots(): Map<string, readonly AccountSnapshot[]>;
}

export class EventLog implements EventLogView {
  private readonly entries: readonly LogEntry[];
  private readonly streams = new Map<string, LogEntry[]>();
  /** The last entry each command appended. */
  private readonly commands = new Map<string, LogEntry>();
  private readonly snapshotStreams = new Set<string>();
  private committed: number;

  constructor(private readonly storage: DurableStorage) {
    this.entries = storage.list<LogEntry>(LOG_KEY);
    for (const entry of this.entries) this.index(entry);
    this.committed = Math.min(storage.get<number>(COMMIT_KEY) ?? 0, this.entries.length);
    for (const key of storage.keys()) if (key.startsWith(SNAPSHOTS_PREFIX)) this.snapshotStreams.add(key.slice(SNAPSHOTS_PREFIX.length));
  }

  get length(): number {
    return this.entries.length;
  }

  /** Every entry, oldest first (a live, read-only view). */
  get all(): readonly LogEntry[] {
    return this.entries;
  }

  get commitPosition(): number {
    return this.committed;
  }

  /** Moves the commit position forward (never back, never past the log's end); true when it moved. */
  commitUpTo(position: number): boolean {
    const next = Math.min(position, this.entries.length);
    if (next <= this.committed) return false;
    this.committed = next;
    this.storage.set(COMMIT_KEY, next);
    return true;
  }

  entryAt(position: number): LogEntry | undefined {
    return this.entries[position - 1];
  }

  /** Entries from `fromPosition` up to `toPosition` (included), at most `max`. */
  slice(fromPosition: number, toPosition: number, max: number): LogEntry[] {
    const end = Math.min(toPosition, fromPosition - 1 + max, this.entries.length);
    return this.entries.slice(Math.max(0, fromPosition - 1), Math.max(0, end));
  }

  streamVersion(stream: string): number {
    return this.streams.get(stream)?.length ?? 0;
  }

  /** The stream's events after `version`. */
  eventsAfter(stream: string, version: number): AccountEvent[] {
    return (this.streams.get(stream) ?? []).slice(version).map((entry) => entry.event);
  }

  commandEntry(commandId: string): LogEntry | undefined {
    return this.commands.get(commandId);
  }

  /** Appends one entry; its position must be the next one. */
  append(entry: LogEntry): void {
    if (entry.position !== this.entries.length + 1) {
      throw new Error(`event log: entry at position ${entry.position} appended to a log of ${this.entries.length}`);
    }
    const frozen = Object.freeze({ ...entry, event: Object.freeze({ ...entry.event }) });
    this.storage.appendToList(LOG_KEY, frozen);
    this.index(frozen);
  }

  /** The stream's latest snapshot, if any. */
  latestSnapshot(stream: string): AccountSnapshot | undefined {
    const snapshots = this.storage.list<AccountSnapshot>(SNAPSHOTS_PREFIX + stream);
    return snapshots[snapshots.length - 1];
  }

  saveSnapshot(stream: string, snapshot: AccountSnapshot): void {
    this.snapshotStreams.add(stream);
    this.storage.appendToList(SNAPSHOTS_PREFIX + stream, Object.freeze({ version: snapshot.version, balance: snapshot.balance }));
  }

  /** Every snapshot ever saved, per stream, oldest first (for checkers). */
  snapshots(): Map<string, readonly AccountSnapshot[]> {
    const result = new Map<string, readonly AccountSnapshot[]>();
    for (const stream of this.snapshotStreams) result.set(stream, this.storage.list<AccountSnapshot>(SNAPSHOTS_PREFIX + stream));
    return result;
  }

  private index(entry: LogEntry): void {
    const stream = this.streams.get(entry.stream);
    if (stream === undefined) this.streams.set(entry.stream, [entry]);
    else stream.push(entry);
    this.commands.set(entry.commandId, entry);
  }
}
