// Counts of what the store's repair machinery did in one run, for the report. Rule: this
// is the scenario's measuring tape, shared by every node of one store and never read by
// them, so it survives crashes (a node's own volatile counters would not).

export interface KvApMetrics {
  /** Writes a fallback node accepted on behalf of an unreachable replica. */
  hintsTaken: number;
  /** Hints handed back to the replica they belonged to. */
  hintsDelivered: number;
  /** Replicas a read found behind and sent the merged record to. */
  readRepairs: number;
  /** Keys that changed at a node through an anti-entropy exchange. */
  antiEntropyRepairs: number;
  /** Anti-entropy exchanges that completed. */
  antiEntropyExchanges: number;
  /** Client operations a coordinator answered with 'quorum not reached'. */
  quorumFailures: number;
  /** The most siblings any node has held for one key. */
  siblingsMax: number;
}

export function emptyKvApMetrics(): KvApMetrics {
  return { hintsTaken: 0, hintsDelivered: 0, readRepairs: 0, antiEntropyRepairs: 0, antiEntropyExchanges: 0, quorumFailures: 0, siblingsMax: 0 };
}
