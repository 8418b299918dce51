// Counters the broker keeps for the report. Rule: the object lives outside the node (the
// scenario builds it and hands it to every incarnation), so it counts across restarts; a
// broker never reads it to decide anything.
export interface BrokerMetrics {
  /** Publishes appended to a log. */
  appended: number;
  /** Publishes of a message id already in the log (a producer's retry), answered without appending. */
  duplicatePublishes: number;
  /** Publishes refused because the slowest group was too far behind (back-pressure). */
  refusedBacklog: number;
  /** Publishes refused because a partition's log was full. */
  refusedLogFull: number;
  /** Messages handed to consumers, every delivery counted. */
  deliveries: number;
  /** Deliveries after the first of the same message to the same group. */
  redeliveries: number;
  /** Leases that ran past the visibility timeout. */
  visibilityTimeouts: number;
  nacks: number;
  /** Acks for entries already done (a late ack after a redelivery was acknowledged, or a duplicate). */
  staleAcks: number;
  deadLettered: number;
}

export function emptyBrokerMetrics(): BrokerMetrics {
  return { appended: 0, duplicatePublishes: 0, refusedBacklog: 0, refusedLogFull: 0, deliveries: 0, redeliveries: 0, visibilityTimeouts: 0, nacks: 0, staleAcks: 0, deadLettered: 0 };
}
