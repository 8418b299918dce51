// Everything one Raft server holds: persistent state (term, vote, log: on disk) and
// volatile state (role, commit and apply progress, the state machine, timers, the
// leader's view of each follower). Rule: a crash throws this object away; a restart
// builds a new one from what the disk kept.
import type { Micros } from '../../engine/time.ts';
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeContext, NodeId, NodeTimerHandle } from '../../node/node-api.ts';
import { KeyValueMachine } from './key-value-machine.ts';
import { LeaderLease } from './leader-lease.ts';
import { PersistentState } from './persistent-state.ts';
import { RaftLog } from './raft-log.ts';
import { loadUsableCheckpoint } from './state-machine-checkpoint.ts';
import type { LogEntry, RaftMessage } from './raft-messages.ts';
import type { RaftOptions } from './raft-options.ts';
import type { RaftRole, RaftView } from './raft-view.ts';

export type RaftTimerTag =
  | { readonly kind: 'election' }
  | { readonly kind: 'tick' }
  | { readonly kind: 'leader-contact' }
  | { readonly kind: 'lease-expiry'; readonly term: number; readonly round: number };

export type RaftContext = NodeContext<RaftMessage, RaftTimerTag>;

export class RaftServer implements RaftView {
  role: RaftRole = 'follower';
  leaderId: NodeId | null = null;
  commitIndex = 0;
  lastApplied = 0;
  revision = 0;
  localReads = 0;
  readonly persistent: PersistentState;
  readonly raftLog: RaftLog;
  readonly machine: KeyValueMachine;

  // Elections. The timer is lazy: it fires at or before the deadline and re-arms itself
  // if the deadline has moved on, so hearing from the leader costs no timer event.
  electionTimeoutUs: Micros = 0;
  electionDeadline: Micros = 0;
  electionTimer: NodeTimerHandle | undefined;
  electionTimerAt: Micros = 0;
  /** Votes (or pre-votes) granted to this server in its current round. */
  readonly votes = new Set<NodeId>();
  /** The heartbeat / vote re-send timer of leaders and candidates. */
  isTickArmed = false;

  // Contact with a leader, for pre-votes and sticky followers (see leader-contact.ts).
  heardFromLeaderRecently = false;
  heardSinceContactTimerArmed = false;
  isContactTimerArmed = false;

  // Leader only: what it knows of each follower (indexed by node id).
  readonly nextIndex: number[];
  readonly matchIndex: number[];
  readonly lastHeardAt: Micros[];
  readonly lastSentAt: Micros[];
  leaderSince: Micros = 0;
  /** True while a batch of entries to that follower awaits its answer. */
  readonly isAwaitingReply: boolean[];
  readonly lease: LeaderLease;

  /** The index the latest checkpoint of the state machine covers. */
  checkpointIndex = 0;

  constructor(
    readonly id: NodeId,
    readonly options: RaftOptions,
    readonly storage: DurableStorage,
  ) {
    this.persistent = new PersistentState(storage, options.bug);
    this.raftLog = new RaftLog(storage);
    const checkpoint = loadUsableCheckpoint(storage, this.raftLog);
    if (checkpoint === undefined && this.raftLog.snapshotIndex > 0) throw new Error(`raft: node ${id} compacted its log to ${this.raftLog.snapshotIndex} but has no usable checkpoint`);
    this.machine = new KeyValueMachine(storage, options.bug, checkpoint?.machine);
    // What a checkpoint covers was applied, so it is committed.
    this.checkpointIndex = this.commitIndex = this.lastApplied = checkpoint?.lastAppliedIndex ?? 0;
    this.nextIndex = new Array<number>(options.serverCount).fill(1);
    this.matchIndex = new Array<number>(options.serverCount).fill(0);
    this.lastHeardAt = new Array<Micros>(options.serverCount).fill(0);
    this.lastSentAt = new Array<Micros>(options.serverCount).fill(0);
    this.isAwaitingReply = new Array<boolean>(options.serverCount).fill(false);
    this.lease = new LeaderLease(options);
  }

  get term(): number {
    return this.persistent.term;
  }

  get votedFor(): NodeId | null {
    return this.persistent.votedFor;
  }

  get log(): readonly LogEntry[] {
    return this.raftLog.view;
  }

  get snapshotIndex(): number {
    return this.raftLog.snapshotIndex;
  }

  get snapshotTerm(): number {
    return this.raftLog.snapshotTerm;
  }

  get valuesDropped(): ReadonlyMap<string, number> {
    return this.machine.valuesDropped;
  }

  get values(): ReadonlyMap<string, readonly number[]> {
    return this.machine.values;
  }

  get texts(): ReadonlyMap<string, string> {
    return this.machine.texts;
  }

  get holdsLease(): boolean {
    return this.role === 'leader' && this.options.leaderLease && this.lease.isHeld;
  }

  /** Calls `action` for every other server. */
  forEachPeer(action: (peer: NodeId) => void): void {
    for (let peer = 0; peer < this.options.serverCount; peer++) if (peer !== this.id) action(peer);
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, role: this.role, term: this.term, leaderId: this.leaderId, logLength: this.raftLog.lastIndex, commitIndex: this.commitIndex, lastApplied: this.lastApplied };
  }
}
