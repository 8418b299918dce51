// What a Raft server shows to checkers and tools through inspect(): its role, term,
// log, commit and apply progress, and its state machine's values.
// Rule: a view is live and read-only, not a copy (copying a long log after every event
// would cost more than the run): read it at once and copy what you keep. `revision`
// changes whenever any field below changes, so a checker can skip servers that did not.
import type { NodeId } from '../../node/node-api.ts';
import type { LogEntry } from './raft-messages.ts';

/** A pre-candidate is a follower asking for pre-votes; it has not started a new term. */
export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export interface RaftView {
  readonly id: NodeId;
  readonly role: RaftRole;
  readonly term: number;
  readonly votedFor: NodeId | null;
  /** The leader this server follows in its current term, if it knows one. */
  readonly leaderId: NodeId | null;
  /** Entry i at position i - 1 - snapshotIndex (i - 1 until the log is compacted). */
  readonly log: readonly LogEntry[];
  /** Entries 1..snapshotIndex were compacted into a snapshot (0 or absent: none). */
  readonly snapshotIndex?: number;
  /** The term of entry snapshotIndex. */
  readonly snapshotTerm?: number;
  readonly commitIndex: number;
  readonly lastApplied: number;
  /** Each key's appended values (command tokens), in order. */
  readonly values: ReadonlyMap<string, readonly number[]>;
  /** How many of each key's first values `values` no longer holds (absent: none). */
  readonly valuesDropped?: ReadonlyMap<string, number>;
  /** Each text key's value (text commands; a key never written is absent). Optional so that test doubles may leave it out. */
  readonly texts?: ReadonlyMap<string, string>;
  /** For a leader: whether it holds a read lease now. */
  readonly holdsLease: boolean;
  /** Reads this server answered from its own state, without the log (since it last started). */
  readonly localReads: number;
  /** Bumped on every change to the fields above. */
  readonly revision: number;
}
