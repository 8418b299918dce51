// Everything that travels between clients, command handlers, the store and the
// projection. Rule: requests to the store travel as rpc calls (src/node/rpc.ts);
// replication between store nodes is plain messages, a tagged union handled by an
// exhaustive switch.
import type { Micros } from '../../engine/time.ts';
import type { AccountCommand, AccountEvent, AccountSnapshot } from './bank-account.ts';

/** One event in the store's single log: its global position and its place in its stream. */
export interface LogEntry {
  /** 1, 2, 3, ... over the whole store: the order projections read in. */
  readonly position: number;
  readonly stream: string;
  /** 1, 2, 3, ... within the stream: the aggregate's version after this event. */
  readonly version: number;
  readonly event: AccountEvent;
  /** The command that produced it, so a retried command is recognised and not appended twice. */
  readonly commandId: string;
  /** When the primary appended it (simulation time), for projection lag. */
  readonly recordedAtUs: Micros;
}

export type StoreRequest =
  /** The stream's latest snapshot and the events after it; `applied` when `commandId` is already in the log. */
  | { readonly type: 'load'; readonly stream: string; readonly commandId: string }
  | { readonly type: 'append'; readonly stream: string; readonly expectedVersion: number; readonly events: readonly AccountEvent[]; readonly commandId: string }
  | { readonly type: 'save-snapshot'; readonly stream: string; readonly snapshot: AccountSnapshot }
  /** Committed entries from `fromPosition` on, at most `max`. */
  | { readonly type: 'read-all'; readonly fromPosition: number; readonly max: number };

export type LoadReply =
  | { readonly kind: 'loaded'; readonly snapshot: AccountSnapshot | undefined; readonly events: readonly AccountEvent[] }
  | { readonly kind: 'applied'; readonly version: number };

export type AppendReply =
  | { readonly kind: 'appended'; readonly version: number; readonly position: number }
  | { readonly kind: 'conflict'; readonly expectedVersion: number; readonly actualVersion: number };

export interface ReadAllReply {
  readonly entries: readonly LogEntry[];
  /** The source's commit position when it answered. */
  readonly commitPosition: number;
}

export type StoreReply = LoadReply | AppendReply | ReadAllReply | { readonly kind: 'snapshot-saved' | 'snapshot-ignored' };

/** Primary to followers: entries from `fromPosition` on (maybe none), and how far the log is committed. */
export type ReplicationMessage =
  | { readonly type: 'replicate'; readonly fromPosition: number; readonly entries: readonly LogEntry[]; readonly commitPosition: number }
  /** Follower to primary: how long its log is now. */
  | { readonly type: 'replicated'; readonly length: number };

/** What a client sends a command handler: the command and the id that makes retries safe. */
export interface CommandRequest {
  readonly commandId: string;
  readonly command: AccountCommand;
}

export type CommandReply =
  | { readonly outcome: 'accepted'; readonly version: number }
  | { readonly outcome: 'rejected'; readonly reason: 'insufficient-funds'; readonly balance: number }
  /** Every reload-and-retry met a newer version: too much contention on the account. */
  | { readonly outcome: 'gave-up'; readonly reason: 'conflicts' };

/** Scenario to projection (injected): throw the read model away and replay everything. */
export interface RebuildRequest {
  readonly type: 'rebuild';
}
