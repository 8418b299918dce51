// Counters the event store, its handlers and its projection keep for the report. Rule:
// they are observations for the figures, never read by the protocol to decide anything.

export interface EventStoreMetrics {
  /** Appends that wrote events (first attempts of a command). */
  appends: number;
  /** Appends refused because the expected version was stale. */
  conflicts: number;
  /** Appends of a command already in the log (a retry), answered without writing. */
  retriedAppends: number;
  loads: number;
  /** Events sent back by loads: fewer when snapshots are recent. */
  eventsLoaded: number;
  snapshotsSaved: number;
  /** Handler reloads after a conflict. */
  conflictRetries: number;
  /** Commands a handler gave up on after every retry met a conflict. */
  gaveUp: number;
}

export function emptyEventStoreMetrics(): EventStoreMetrics {
  return { appends: 0, conflicts: 0, retriedAppends: 0, loads: 0, eventsLoaded: 0, snapshotsSaved: 0, conflictRetries: 0, gaveUp: 0 };
}
