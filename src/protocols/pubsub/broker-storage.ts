// Where the broker keeps what must survive a restart, and how anyone (the broker on
// recovery, a checker after the run) reads it back. Rule: these three shapes are the
// whole durable state: each partition's log (an append-only list), each group's progress
// through each partition, and the dead-letter queue (an append-only list). Everything
// else the broker holds is rebuilt from them.
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { DurableProgress } from './group-partition.ts';
import type { LogEntry } from './pubsub-messages.ts';
import type { BrokerOptions } from './pubsub-options.ts';

export interface DeadLetter {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly messageId: string;
  readonly deliveries: number;
  readonly atUs: number;
}

export const DEAD_LETTER_KEY = 'pubsub/dead-letters';

export function logKey(topic: string, partition: number): string {
  return `pubsub/log/${topic}/${partition}`;
}

export function progressKey(group: string, partition: number): string {
  return `pubsub/progress/${group}/${partition}`;
}

export function readLog(storage: DurableStorage, topic: string, partition: number): readonly LogEntry[] {
  return storage.list<LogEntry>(logKey(topic, partition));
}

export function readProgress(storage: DurableStorage, group: string, partition: number): DurableProgress | undefined {
  return storage.get<DurableProgress>(progressKey(group, partition));
}

export function readDeadLetters(storage: DurableStorage): readonly DeadLetter[] {
  return storage.list<DeadLetter>(DEAD_LETTER_KEY);
}

/** One group's position in one partition, read from disk: for lag and the end-of-run checks. */
export interface PartitionPosition {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly logLength: number;
  readonly committed: number;
  /** Done above the committed offset (acknowledged or dead-lettered out of order). */
  readonly doneAbove: readonly number[];
}

export function readPositions(storage: DurableStorage, options: BrokerOptions): PartitionPosition[] {
  const positions: PartitionPosition[] = [];
  for (const group of options.groups) {
    const partitions = partitionsOf(options, group.topic);
    for (let partition = 0; partition < partitions; partition++) {
      const progress = readProgress(storage, group.name, partition);
      positions.push({
        group: group.name,
        topic: group.topic,
        partition,
        logLength: readLog(storage, group.topic, partition).length,
        committed: progress?.committed ?? 0,
        doneAbove: progress?.done ?? [],
      });
    }
  }
  return positions;
}

/** Consumer lag of one group: log entries it has not finished, over all partitions of its topic. */
export function groupLag(positions: readonly PartitionPosition[], group: string): number {
  let lag = 0;
  for (const position of positions) if (position.group === group) lag += position.logLength - position.committed - position.doneAbove.length;
  return lag;
}

export function partitionsOf(options: BrokerOptions, topic: string): number {
  const spec = options.topics.find((candidate) => candidate.name === topic);
  if (spec === undefined) throw new RangeError(`pubsub: unknown topic ${JSON.stringify(topic)}`);
  return spec.partitions;
}
