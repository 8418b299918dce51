// What Raft nodes and their clients say to each other. Rule: a message is plain,
// immutable data; every handler switches over `type` exhaustively (assertNever).
import type { NodeId } from '../../node/node-api.ts';

/** A client's request: append a unique value to a key, or read how many values a key holds. */
export interface ClientCommand {
  readonly clientId: NodeId;
  /** 1, 2, 3, ... per client; a retry carries the same id, so the state machine can apply it once. */
  readonly requestId: number;
  readonly kind: 'append' | 'read';
  readonly key: string;
}

/** One log entry: the term of the leader that created it, and a client command (null: a leader's no-op). */
export interface LogEntry {
  readonly term: number;
  readonly command: ClientCommand | null;
}

/**
 * A new entry, frozen with its command: entries never change, and a frozen entry is
 * stored on every server's disk as it is instead of being copied (durable-storage.ts).
 */
export function createEntry(term: number, command: ClientCommand | null): LogEntry {
  return Object.freeze({ term, command: command === null ? null : Object.freeze(command) });
}

export type ClientOutcome =
  /** For an append: the key's length after it (its position); for a read: the key's length. */
  | { readonly kind: 'ok'; readonly result: number }
  | { readonly kind: 'not-leader'; readonly leaderHint: NodeId | null };

export type RaftMessage =
  /** "Would you vote for me in `term`?" Changes nothing at the receiver. */
  | { readonly type: 'pre-vote'; readonly term: number; readonly lastLogIndex: number; readonly lastLogTerm: number }
  | { readonly type: 'pre-vote-reply'; readonly term: number; readonly proposedTerm: number; readonly granted: boolean }
  | { readonly type: 'request-vote'; readonly term: number; readonly lastLogIndex: number; readonly lastLogTerm: number }
  | { readonly type: 'vote-reply'; readonly term: number; readonly granted: boolean }
  | {
      readonly type: 'append-entries';
      readonly term: number;
      readonly prevLogIndex: number;
      readonly prevLogTerm: number;
      readonly entries: readonly LogEntry[];
      readonly leaderCommit: number;
      /** The leader's heartbeat round, echoed back, for leases. */
      readonly round: number;
    }
  | {
      readonly type: 'append-reply';
      readonly term: number;
      readonly success: boolean;
      /** On success: the follower's log matches the leader's up to here. */
      readonly matchIndex: number;
      /** On failure: where the leader should try next (the follower's first entry of the conflicting term, or its log end + 1). */
      readonly conflictIndex: number;
      readonly round: number;
    }
  | { readonly type: 'client-request'; readonly command: ClientCommand }
  | { readonly type: 'client-reply'; readonly requestId: number; readonly outcome: ClientOutcome };

/** Request ids take the low 24 bits of a token, client node ids the bits above (RAFT_LIMITS). */
const REQUEST_ID_SPAN = 2 ** 24;

/**
 * A number naming a command uniquely in a run (client id and request id): the value an
 * append adds. It stays a small integer (below 2^30), which keeps maps and sets of
 * tokens fast.
 */
export function commandToken(clientId: NodeId, requestId: number): number {
  return clientId * REQUEST_ID_SPAN + requestId;
}

/** `c5#17`: client node 5, request 17. */
export function describeToken(token: number): string {
  return `c${Math.floor(token / REQUEST_ID_SPAN)}#${token % REQUEST_ID_SPAN}`;
}

export function describeEntry(entry: LogEntry): string {
  return entry.command === null ? `no-op (term ${entry.term})` : `${describeCommand(entry.command)} (term ${entry.term})`;
}

export function describeCommand(command: ClientCommand): string {
  return `${command.kind} ${command.key} c${command.clientId}#${command.requestId}`;
}
