import { describe, expect, it } from 'vitest';
import { growingStructures, type RaftDaySample } from '../../bench/raft-day.ts';

function sample(hour: number, longestLog: number, ledgerOperations: number): RaftDaySample {
  return {
    hour, wallSeconds: hour, rssMb: 200, heapUsedMb: 60, longestLog, machineValues: 1_000, durableItems: 1_000,
    ledgerOperations, ledgerAcknowledgements: 1_000, monitorMirrors: 1_000, committedEntries: hour * 1_000,
  };
}

describe('which structures grow over a long run', () => {
  it('names a structure that keeps growing and not one that fills and drops within a bound', () => {
    // The log grows by 10,000 entries an hour; the ledger climbs to 40,000 and drops to 20,000.
    const samples = Array.from({ length: 12 }, (_, index) => sample(index + 3, 10_000 * (index + 1), 20_000 + ((index * 7_000) % 21_000)));
    expect(growingStructures(samples)).toEqual(['longestLog']);
  });

  it('names nothing when every structure stays within its bound', () => {
    const samples = Array.from({ length: 12 }, (_, index) => sample(index + 3, 9_000 + ((index * 3_000) % 6_000), 30_000));
    expect(growingStructures(samples)).toEqual([]);
  });
});
