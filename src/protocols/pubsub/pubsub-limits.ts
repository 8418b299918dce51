// Every limit of the pub/sub broker, its producers and consumers, in one place.
// Rule: nothing in src/protocols/pubsub holds a queue, a log or a loop without a bound
// named here; a scenario may choose smaller values, never larger ones.
export const PUBSUB_LIMITS = {
  /** Entries one partition's log holds at most; a publish beyond it is refused ('log-full'). */
  maxLogEntriesPerPartition: 100_000,
  /** Partitions one topic may have. */
  maxPartitionsPerTopic: 64,
  /** Topics and consumer groups one broker serves. */
  maxTopics: 16,
  maxGroups: 16,
  /** Messages one fetch returns at most. */
  maxFetchBatch: 100,
  /** Messages of one partition leased to one group at once (unordered delivery; ordered delivery leases one). */
  maxInFlightPerPartition: 100,
  /** Deliveries of one message to one group before it is dead-lettered (the first included). */
  maxDeliveriesLimit: 100,
  /** Backlog (log entries not yet consumed by the slowest group) one partition may hold before publishes are refused. */
  maxBacklogPerPartition: 100_000,
  /** Attempts a producer makes to publish one message (the first included). */
  maxPublishAttempts: 50,
} as const;
