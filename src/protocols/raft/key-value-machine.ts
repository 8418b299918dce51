// The state machine the log drives: keys holding lists of values. An append adds the
// command's unique token to a key and answers with the key's new length; a read answers
// with the length. Text commands (for the key-value stores built on Raft) use keys of
// their own holding one string each: get, put, append and compare-and-set. A table of client sessions (last request id and its result per
// client) makes a retried command take effect once: Raft may commit it twice, but the
// second copy only repeats the first answer.
// The values live on disk (one durable list per key), and a small checkpoint saved now
// and then (state-machine-checkpoint.ts) says how far they go, so a restarted server
// replays only the entries after the checkpoint instead of the whole log. Text values
// live in memory and in the checkpoint (whole), so a restart rebuilds them the same way.
// With log compaction the oldest values of a list key are dropped (only its length
// counts for answers), and a snapshot from the leader replaces the machine's state.
// Rule: apply entries in log order, each exactly once per incarnation of the server;
// drop values only right after a checkpoint, so a checkpoint never ends before them.
import { assertNever } from '../../engine/assert-never.ts';
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeId } from '../../node/node-api.ts';
import { commandToken, type ClientCommand, type MachineResult, type TextResult } from './raft-messages.ts';
import type { RaftBug } from './raft-options.ts';

/** Updated in place: replaying entries after a restart should not allocate per entry. */
interface ClientSession {
  lastRequestId: number;
  lastResult: MachineResult;
}

/** What a checkpoint records of the machine: each key's length, every text value (when there are any) and every client's session. */
export interface MachineCheckpoint {
  readonly lengths: readonly (readonly [string, number])[];
  readonly texts?: readonly (readonly [string, string])[];
  readonly sessions: readonly (readonly [NodeId, number, MachineResult])[];
}

const VALUES_PREFIX = 'kv/values/';
const DROPPED_PREFIX = 'kv/dropped/';

export class KeyValueMachine {
  /** Each key's durable list (a live view), and the storage key it lives under. */
  private readonly lists = new Map<string, readonly number[]>();
  private readonly durableKeys = new Map<string, string>();
  /** How many of each key's first values were dropped (absent: none). */
  private readonly dropped = new Map<string, number>();
  private readonly sessions = new Map<NodeId, ClientSession>();
  /** Text keys and their values; a key never written is absent and reads as ''. */
  private readonly textValues = new Map<string, string>();

  /**
   * The machine as the disk holds it, cut back to `checkpoint` (values appended after it
   * are dropped: the entries that added them will be applied again), or emptied when
   * there is no checkpoint to trust.
   */
  constructor(
    private readonly storage: DurableStorage,
    private readonly bug: RaftBug,
    checkpoint: MachineCheckpoint | undefined,
  ) {
    const lengths = new Map(checkpoint?.lengths ?? []);
    for (const durableKey of storage.keys()) {
      if (!durableKey.startsWith(VALUES_PREFIX)) continue;
      const key = durableKey.slice(VALUES_PREFIX.length);
      const dropped = storage.get<number>(DROPPED_PREFIX + key) ?? 0;
      const length = lengths.get(key) ?? 0;
      if (length < dropped) throw new Error(`key-value machine: the checkpoint says ${key} is ${length} long, but its first ${dropped} values were dropped`);
      storage.truncateList(durableKey, length - dropped);
      this.lists.set(key, storage.list<number>(durableKey));
      this.durableKeys.set(key, durableKey);
      if (dropped > 0) this.dropped.set(key, dropped);
    }
    for (const [key, value] of checkpoint?.texts ?? []) this.textValues.set(key, value);
    for (const [clientId, lastRequestId, lastResult] of checkpoint?.sessions ?? []) this.sessions.set(clientId, { lastRequestId, lastResult });
  }

  /** Every key's values in the order they were appended (live, read-only). */
  get values(): ReadonlyMap<string, readonly number[]> {
    return this.lists;
  }

  /** How many of each list key's first values are no longer in `values` (keys with none dropped are absent). */
  get valuesDropped(): ReadonlyMap<string, number> {
    return this.dropped;
  }

  /** Every text key's value (live, read-only). */
  get texts(): ReadonlyMap<string, string> {
    return this.textValues;
  }

  /**
   * Applies the command unless it took effect before, and returns the answer for its
   * client: the first answer again for a repeat, and undefined for a request older than
   * the client's latest (the client has moved on; nobody waits for it).
   */
  apply(command: ClientCommand): MachineResult | undefined {
    const session = this.sessions.get(command.clientId);
    // BUG no-dedupe: the session table is not consulted, so a retried command takes effect again.
    if (this.bug !== 'no-dedupe' && session !== undefined && command.requestId <= session.lastRequestId) {
      return command.requestId === session.lastRequestId ? session.lastResult : undefined;
    }
    const result = this.execute(command);
    if (session === undefined) {
      this.sessions.set(command.clientId, { lastRequestId: command.requestId, lastResult: result });
    } else {
      session.lastRequestId = command.requestId;
      session.lastResult = result;
    }
    return result;
  }

  /** The key's length now. */
  read(key: string): number {
    return (this.dropped.get(key) ?? 0) + (this.lists.get(key)?.length ?? 0);
  }

  /** A read command's answer from the state as it is now, without recording a session (a leader's local read). */
  query(command: ClientCommand): MachineResult {
    return command.kind === 'text-get' ? this.textResult(command.key, true) : this.read(command.key);
  }

  /** The cached answer when this request already took effect, else undefined. */
  answered(command: ClientCommand): MachineResult | undefined {
    if (this.bug === 'no-dedupe') return undefined;
    const session = this.sessions.get(command.clientId);
    return session !== undefined && session.lastRequestId === command.requestId ? session.lastResult : undefined;
  }

  checkpoint(): MachineCheckpoint {
    return {
      lengths: [...this.lists.keys()].map((key) => [key, this.read(key)] as const),
      ...(this.textValues.size > 0 ? { texts: [...this.textValues] } : {}),
      sessions: [...this.sessions].map(([clientId, session]) => [clientId, session.lastRequestId, session.lastResult] as const),
    };
  }

  private execute(command: ClientCommand): MachineResult {
    switch (command.kind) {
      case 'append':
        return this.append(command);
      case 'read':
        return this.read(command.key);
      case 'text-get':
        return this.textResult(command.key, true);
      case 'text-put':
        return this.setText(command.key, command.value);
      case 'text-append':
        return this.setText(command.key, this.textOf(command.key) + command.value);
      case 'text-cas':
        if (this.textOf(command.key) !== command.expected) return this.textResult(command.key, false);
        return this.setText(command.key, command.value);
      default:
        return assertNever(command);
    }
  }

  private textResult(key: string, applied: boolean): TextResult {
    return { value: this.textOf(key), applied };
  }

  /** The text key's value ('' for a key never written). */
  private textOf(key: string): string {
    return this.textValues.get(key) ?? '';
  }

  private setText(key: string, value: string): TextResult {
    this.textValues.set(key, value);
    return { value, applied: true };
  }

  /**
   * Drops the oldest values of each list key that holds at least `kept + batch`, keeping
   * the last `kept`. Call it right after a checkpoint: a restart cuts the values back to
   * the checkpoint, which must not end before what was dropped.
   */
  dropOldValues(kept: number, batch: number): void {
    for (const [key, values] of this.lists) {
      if (values.length < kept + batch) continue;
      const count = values.length - kept;
      this.setDropped(key, (this.dropped.get(key) ?? 0) + count);
      this.storage.dropListFront(this.durableKeys.get(key) as string, count);
    }
  }

  /**
   * Becomes the machine a snapshot describes (a follower far behind its leader): each
   * list key as long as the snapshot says, with none of its values held, the snapshot's
   * text values and its sessions.
   */
  restore(snapshot: MachineCheckpoint): void {
    const lengths = new Map(snapshot.lengths);
    for (const key of lengths.keys()) this.listOf(key);
    for (const [key, durableKey] of this.durableKeys) {
      this.storage.truncateList(durableKey, 0);
      this.setDropped(key, lengths.get(key) ?? 0);
    }
    this.textValues.clear();
    for (const [key, value] of snapshot.texts ?? []) this.textValues.set(key, value);
    this.sessions.clear();
    for (const [clientId, lastRequestId, lastResult] of snapshot.sessions) this.sessions.set(clientId, { lastRequestId, lastResult });
  }

  private setDropped(key: string, dropped: number): void {
    this.storage.set(DROPPED_PREFIX + key, dropped);
    if (dropped > 0) this.dropped.set(key, dropped);
    else this.dropped.delete(key);
  }

  /** The durable key of `key`'s values, created (empty) if new. */
  private listOf(key: string): string {
    let durableKey = this.durableKeys.get(key);
    if (durableKey === undefined) {
      durableKey = VALUES_PREFIX + key;
      this.durableKeys.set(key, durableKey);
      this.lists.set(key, this.storage.list<number>(durableKey));
    }
    return durableKey;
  }

  private append(command: ClientCommand): number {
    const durableKey = this.listOf(command.key);
    return (this.dropped.get(command.key) ?? 0) + this.storage.appendToList(durableKey, commandToken(command.clientId, command.requestId));
  }
}
