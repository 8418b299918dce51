// The state machine the log drives: keys holding lists of values. An append adds the
// command's unique token to a key and answers with the key's new length; a read answers
// with the length. A table of client sessions (last request id and its result per
// client) makes a retried command take effect once: Raft may commit it twice, but the
// second copy only repeats the first answer.
// The values live on disk (one durable list per key), and a small checkpoint saved now
// and then (state-machine-checkpoint.ts) says how far they go, so a restarted server
// replays only the entries after the checkpoint instead of the whole log.
// Rule: apply entries in log order, each exactly once per incarnation of the server.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeId } from '../../node/node-api.ts';
import { commandToken, type ClientCommand } from './raft-messages.ts';
import type { RaftBug } from './raft-options.ts';

/** Updated in place: replaying entries after a restart should not allocate per entry. */
interface ClientSession {
  lastRequestId: number;
  lastResult: number;
}

/** What a checkpoint records of the machine: each key's length and every client's session. */
export interface MachineCheckpoint {
  readonly lengths: readonly (readonly [string, number])[];
  readonly sessions: readonly (readonly [NodeId, number, number])[];
}

const VALUES_PREFIX = 'kv/values/';

export class KeyValueMachine {
  /** Each key's durable list (a live view), and the storage key it lives under. */
  private readonly lists = new Map<string, readonly number[]>();
  private readonly durableKeys = new Map<string, string>();
  private readonly sessions = new Map<NodeId, ClientSession>();

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
      storage.truncateList(durableKey, lengths.get(key) ?? 0);
      this.lists.set(key, storage.list<number>(durableKey));
      this.durableKeys.set(key, durableKey);
    }
    for (const [clientId, lastRequestId, lastResult] of checkpoint?.sessions ?? []) this.sessions.set(clientId, { lastRequestId, lastResult });
  }

  /** Every key's values in the order they were appended (live, read-only). */
  get values(): ReadonlyMap<string, readonly number[]> {
    return this.lists;
  }

  /**
   * Applies the command unless it took effect before, and returns the answer for its
   * client: the first answer again for a repeat, and undefined for a request older than
   * the client's latest (the client has moved on; nobody waits for it).
   */
  apply(command: ClientCommand): number | undefined {
    const session = this.sessions.get(command.clientId);
    // BUG no-dedupe: the session table is not consulted, so a retried command takes effect again.
    if (this.bug !== 'no-dedupe' && session !== undefined && command.requestId <= session.lastRequestId) {
      return command.requestId === session.lastRequestId ? session.lastResult : undefined;
    }
    const result = command.kind === 'append' ? this.append(command) : this.read(command.key);
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
    return this.lists.get(key)?.length ?? 0;
  }

  /** The cached answer when this request already took effect, else undefined. */
  answered(command: ClientCommand): number | undefined {
    if (this.bug === 'no-dedupe') return undefined;
    const session = this.sessions.get(command.clientId);
    return session !== undefined && session.lastRequestId === command.requestId ? session.lastResult : undefined;
  }

  checkpoint(): MachineCheckpoint {
    return {
      lengths: [...this.lists].map(([key, values]) => [key, values.length] as const),
      sessions: [...this.sessions].map(([clientId, session]) => [clientId, session.lastRequestId, session.lastResult] as const),
    };
  }

  private append(command: ClientCommand): number {
    let durableKey = this.durableKeys.get(command.key);
    if (durableKey === undefined) {
      durableKey = VALUES_PREFIX + command.key;
      this.durableKeys.set(command.key, durableKey);
      this.lists.set(command.key, this.storage.list<number>(durableKey));
    }
    return this.storage.appendToList(durableKey, commandToken(command.clientId, command.requestId));
  }
}
