// What Raft nodes and their clients say to each other. Rule: a message is plain,
// immutable data; every handler switches over `type` exhaustively (assertNever).
import type { NodeId } from '../../node/node-api.ts';
import type { ClientReply, ClientRequest } from './client-rpc.ts';
import type { StateMachineCheckpoint } from './state-machine-checkpoint.ts';

interface CommandBase {
  readonly clientId: NodeId;
  /** 1, 2, 3, ... per client; a retry carries the same id, so the state machine can apply it once. */
  readonly requestId: number;
  readonly key: string;
}

/** A list command: append a unique value (the command's token) to a key, or read how many values a key holds. */
export type ListCommand = CommandBase & { readonly kind: 'append' | 'read' };

/**
 * A text command, on keys holding one string ('' until written): read it, replace it,
 * add text at its end, or replace it only if it equals `expected` (compare-and-set).
 * The key-value stores built on Raft (src/protocols/kv-cp) speak these.
 */
export type TextCommand = CommandBase &
  (
    | { readonly kind: 'text-get' }
    | { readonly kind: 'text-put'; readonly value: string }
    | { readonly kind: 'text-append'; readonly value: string }
    | { readonly kind: 'text-cas'; readonly expected: string; readonly value: string }
  );

/** A client's request. */
export type ClientCommand = ListCommand | TextCommand;

/** Commands that change nothing: a leader holding a lease may answer them alone. */
export function isReadCommand(command: ClientCommand): boolean {
  return command.kind === 'read' || command.kind === 'text-get';
}

/**
 * One log entry: the term of the leader that created it, a client command (null: a
 * leader's no-op), and the attempt that brought the command (its rpcId and the client's
 * boot; 0 and 0 for a no-op), which the leader that applies it answers.
 */
export interface LogEntry {
  readonly term: number;
  readonly command: ClientCommand | null;
  readonly attemptRpcId: number;
  readonly attemptBoot: number;
}

/**
 * A new entry, frozen with its command: entries never change, and a frozen entry is
 * stored on every server's disk as it is instead of being copied (durable-storage.ts).
 */
export function createEntry(term: number, command: ClientCommand | null, attempt?: { readonly rpcId: number; readonly boot: number }): LogEntry {
  return Object.freeze({ term, command: command === null ? null : Object.freeze(command), attemptRpcId: attempt?.rpcId ?? 0, attemptBoot: attempt?.boot ?? 0 });
}

/** What a text command did: the key's value after it, and for a cas whether it replaced the value (always true otherwise). */
export interface TextResult {
  readonly value: string;
  readonly applied: boolean;
}

/** What the state machine answers: a number for list commands, a TextResult for text commands. */
export type MachineResult = number | TextResult;

export type ClientOutcome =
  /** For an append: the key's length after it (its position); for a read: the key's length. */
  | { readonly kind: 'ok'; readonly result: number }
  /** The answer to a text command. */
  | { readonly kind: 'text-ok'; readonly result: TextResult }
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
  /**
   * The leader's latest checkpoint, for a follower that needs entries the leader has
   * compacted away (Raft section 7's InstallSnapshot, in one message); answered with an
   * append-reply whose matchIndex is the snapshot's last index.
   */
  | { readonly type: 'install-snapshot'; readonly term: number; readonly snapshot: StateMachineCheckpoint; readonly round: number }
  /** A client's command and a server's answer, as rpc envelopes (client-rpc.ts). */
  | ClientRequest
  | ClientReply;

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

/** The reply outcome that carries a state machine's answer. */
export function outcomeOf(result: MachineResult): ClientOutcome {
  return typeof result === 'number' ? { kind: 'ok', result } : { kind: 'text-ok', result };
}
