// Stale reads: a read that misses a write acknowledged before the read began. In a
// history of `get` and `append` (see lost-writes-tokens.ts), a get is stale when an
// append finished (ok) strictly before the get was invoked and the get's value lacks
// its token. Rule: a token that no longer exists anywhere (a lost write) is not counted
// here: pass `survives` and misses of tokens it rejects are left to the lost-writes
// checker, so one anomaly is never counted twice. A linearizable store has none.
import type { HistoryEvent, HistoryKey } from './history/history-event.ts';
import type { Operation } from './history/operation.ts';
import { pairOperations } from './history/pair-operations.ts';
import { appendedToken, tokensOf } from './lost-writes-tokens.ts';

export interface StaleRead {
  readonly read: Operation;
  /** The earliest-acknowledged append whose token the read lacks. */
  readonly missed: Operation;
  /** How many acknowledged appends the read lacks in all. */
  readonly missedCount: number;
}

export interface StaleReadsReport {
  /** Successful gets examined. */
  readonly reads: number;
  readonly stale: readonly StaleRead[];
}

/** Whether the token of `key` still exists at the end (in the converged state). */
export type SurvivalTest = (key: HistoryKey, token: string) => boolean;

export function findStaleReads(events: readonly HistoryEvent[], survives: SurvivalTest = () => true): StaleReadsReport {
  const byKey = new Map<HistoryKey, { appends: Operation[]; reads: Operation[] }>();
  for (const operation of pairOperations(events)) {
    if (operation.f !== 'get' && operation.f !== 'append') continue;
    if (operation.completion !== 'ok') continue;
    let entry = byKey.get(operation.key);
    if (entry === undefined) {
      entry = { appends: [], reads: [] };
      byKey.set(operation.key, entry);
    }
    (operation.f === 'get' ? entry.reads : entry.appends).push(operation);
  }
  let reads = 0;
  const stale: StaleRead[] = [];
  for (const [key, { appends, reads: keyReads }] of byKey) {
    // Appends in the order they were acknowledged, so the first one a read lacks is the oldest.
    const acknowledged = appends.slice().sort((left, right) => left.returnOrder - right.returnOrder || left.id - right.id);
    const tokens = acknowledged.map(appendedToken);
    for (const read of keyReads) {
      reads++;
      const seen = new Set(tokensOf(read.output, read.completeLine ?? read.invokeLine));
      let missed: Operation | undefined;
      let missedCount = 0;
      for (let index = 0; index < acknowledged.length; index++) {
        const append = acknowledged[index] as Operation;
        if (append.returnOrder >= read.callOrder) break;
        const token = tokens[index] as string;
        if (seen.has(token) || !survives(key, token)) continue;
        missed ??= append;
        missedCount++;
      }
      if (missed !== undefined) stale.push({ read, missed, missedCount });
    }
  }
  return { reads, stale };
}
