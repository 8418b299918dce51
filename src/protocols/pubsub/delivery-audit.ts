// The end-of-run audit, from outside: reads the broker's disk (logs, each group's
// progress, the dead-letter queue) and the effect ledger, and counts per group what was
// published, what took effect, what was dead-lettered, what is still waiting, and what
// was lost: finished at the broker (acknowledged) yet never taking effect.
// Rule: the audit only reads; it may run while the broker is down (its disk stays).
import type { DurableStorage } from '../../node/durable-storage.ts';
import { groupLag, readDeadLetters, readLog, readPositions } from './broker-storage.ts';
import type { EffectLedger } from './effect-ledger.ts';
import type { BrokerOptions } from './pubsub-options.ts';

export interface GroupAudit {
  readonly group: string;
  /** Messages in the logs of the group's topic. */
  readonly published: number;
  /** Messages that took effect at least once. */
  readonly effected: number;
  readonly deadLettered: number;
  /** Log entries the group has not finished (its consumer lag). */
  readonly lag: number;
  /** Finished at the broker (acknowledged), never dead-lettered, never taking effect. */
  readonly lost: readonly string[];
}

export function auditGroups(storage: DurableStorage, options: BrokerOptions, ledger: EffectLedger): GroupAudit[] {
  const positions = readPositions(storage, options);
  const letters = new Set(readDeadLetters(storage).map((letter) => `${letter.group}/${letter.partition}/${letter.offset}`));
  return options.groups.map((group) => {
    let published = 0;
    let deadLettered = 0;
    const lost: string[] = [];
    for (const position of positions) {
      if (position.group !== group.name) continue;
      const log = readLog(storage, group.topic, position.partition);
      const doneAbove = new Set(position.doneAbove);
      published += log.length;
      log.forEach((entry, offset) => {
        if (letters.has(`${group.name}/${position.partition}/${offset}`)) deadLettered++;
        else if ((offset < position.committed || doneAbove.has(offset)) && ledger.countOf(group.name, entry.messageId) === 0) lost.push(entry.messageId);
      });
    }
    return { group: group.name, published, effected: ledger.distinctEffects(group.name), deadLettered, lag: groupLag(positions, group.name), lost };
  });
}

/** Acknowledged publishes that are in no log (the broker answered 'published' and then forgot). */
export function missingAcknowledged(storage: DurableStorage, options: BrokerOptions, acknowledged: readonly string[]): string[] {
  const logged = loggedCounts(storage, options);
  return acknowledged.filter((messageId) => !logged.has(messageId));
}

/** Log entries whose message id is already earlier in a log (a publish retry appended twice). */
export function duplicateLogEntries(storage: DurableStorage, options: BrokerOptions): number {
  let duplicates = 0;
  for (const count of loggedCounts(storage, options).values()) duplicates += count - 1;
  return duplicates;
}

/** How many log entries each message id has, over every topic and partition. */
function loggedCounts(storage: DurableStorage, options: BrokerOptions): Map<string, number> {
  const counts = new Map<string, number>();
  for (const topic of options.topics) {
    for (let partition = 0; partition < topic.partitions; partition++) {
      for (const entry of readLog(storage, topic.name, partition)) counts.set(entry.messageId, (counts.get(entry.messageId) ?? 0) + 1);
    }
  }
  return counts;
}
