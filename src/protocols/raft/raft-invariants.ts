// The safety properties of Raft (Figure 3 of the paper) and the client-visible promises
// built on them, with the names reports use. See raft-monitor.ts for how each is checked.

export const RAFT_INVARIANTS = {
  'election-safety': 'election safety: at most one leader per term',
  'leader-append-only': 'leader append-only: a leader never removes entries from its log',
  'log-matching': 'log matching: logs that share an entry (index and term) agree up to it',
  'leader-completeness': 'leader completeness: a leader holds every entry committed before its term',
  'committed-entries-kept': 'committed entries are never removed from a log',
  'state-machine-safety': 'state machine safety: no two servers apply different entries at one index',
  'exactly-once': 'exactly once: every client command takes effect at most once',
  'acknowledged-appends-kept': 'acknowledged appends stay where the client was told they are',
  'reads-see-acknowledged-appends': 'reads see every append acknowledged before they began',
} as const;

export type RaftInvariant = keyof typeof RAFT_INVARIANTS;

export const RAFT_INVARIANT_KEYS = Object.keys(RAFT_INVARIANTS) as RaftInvariant[];

export const RAFT_LIVENESS = 'liveness: once faults stop, a leader serves and every earlier command commits';
