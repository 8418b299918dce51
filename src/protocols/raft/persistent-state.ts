// The two numbers a Raft node must never forget: its current term and whom it voted
// for in that term. They go to durable storage before the node answers anyone, so a
// node that crashes and restarts can never vote twice in one term.
// Rule: change them only through `update`, which writes them to disk.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { RaftBug } from './raft-options.ts';

const VOTE_KEY = 'raft/vote';

interface StoredVote {
  readonly term: number;
  readonly votedFor: NodeId | null;
}

export class PersistentState {
  private currentTerm: number;
  private currentVote: NodeId | null;

  constructor(
    private readonly storage: DurableStorage,
    private readonly bug: RaftBug,
  ) {
    const stored = storage.get<StoredVote>(VOTE_KEY);
    this.currentTerm = stored?.term ?? 0;
    this.currentVote = stored?.votedFor ?? null;
  }

  get term(): number {
    return this.currentTerm;
  }

  get votedFor(): NodeId | null {
    return this.currentVote;
  }

  update(term: number, votedFor: NodeId | null): void {
    if (term < this.currentTerm) throw new RangeError(`raft: the term may not go back (from ${this.currentTerm} to ${term})`);
    this.currentTerm = term;
    this.currentVote = votedFor;
    // BUG forget-votes: the term and vote stay in memory only; a restart starts again from term 0 with no vote.
    if (this.bug === 'forget-votes') return;
    this.storage.set(VOTE_KEY, { term, votedFor } satisfies StoredVote);
  }
}
