// Log compaction (Raft section 7) and the bounds that keep a long run's memory flat: the
// log forgets entries behind a checkpoint and keeps the same entry objects after it, the
// state machine drops old values but answers with whole lengths, a restart comes back
// from a compacted log, a follower that was down too long catches up by snapshot, and
// the clients' ledger keeps a window.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../src/engine/time.ts';
import type { TraceEvent } from '../../../src/engine/trace.ts';
import { DurableStorage } from '../../../src/node/durable-storage.ts';
import { ClientLedger, LEDGER_LIMITS } from '../../../src/protocols/raft/client-ledger.ts';
import { KeyValueMachine } from '../../../src/protocols/raft/key-value-machine.ts';
import { RaftLog } from '../../../src/protocols/raft/raft-log.ts';
import { commandToken, createEntry, type ClientCommand } from '../../../src/protocols/raft/raft-messages.ts';
import { RAFT_LIMITS } from '../../../src/protocols/raft/raft-options.ts';
import type { RaftView } from '../../../src/protocols/raft/raft-view.ts';
import { TokenSet } from '../../../src/protocols/raft/token-set.ts';
import { ScenarioRun } from '../../../src/scenario/runner.ts';
import raft from '../../../scenarios/raft.ts';

const append = (requestId: number, key = 'k0'): ClientCommand => ({ clientId: 7, requestId, kind: 'append', key });

describe('a compacted raft log', () => {
  it('forgets a prefix, keeps the same entry objects after it, and a restart sees where it starts', () => {
    const storage = new DurableStorage();
    const log = new RaftLog(storage);
    const entries = [1, 1, 2, 2, 3].map((term) => createEntry(term, null));
    for (const entry of entries) log.append(entry);
    log.compactThrough(3);
    expect([log.snapshotIndex, log.snapshotTerm, log.lastIndex, log.termAt(3), log.termAt(5)]).toEqual([3, 2, 5, 2, 3]);
    expect(log.entryAt(4)).toBe(entries[3]);
    expect(log.view).toEqual(entries.slice(3));
    expect(() => log.entryAt(3)).toThrow(/no entry at index 3 \(the log holds 4..5\)/);
    expect(() => log.truncateFrom(3)).toThrow(RangeError);
    const restarted = new RaftLog(storage);
    expect([restarted.snapshotIndex, restarted.lastIndex, restarted.firstIndexOfTermAt(4)]).toEqual([3, 5, 4]);
    restarted.resetTo(9, 4);
    expect([restarted.snapshotIndex, restarted.lastTerm, restarted.lastIndex, restarted.view.length]).toEqual([9, 4, 9, 0]);
  });
});

describe('the key-value machine with old values dropped', () => {
  it('answers with whole lengths and comes back from a checkpoint taken before the drop', () => {
    const storage = new DurableStorage();
    const machine = new KeyValueMachine(storage, 'none', undefined);
    for (let requestId = 1; requestId <= 10; requestId++) machine.apply(append(requestId));
    const checkpoint = machine.checkpoint();
    machine.dropOldValues(3, 7);
    expect([machine.read('k0'), machine.valuesDropped.get('k0')]).toEqual([10, 7]);
    expect(machine.values.get('k0')).toEqual([8, 9, 10].map((requestId) => commandToken(7, requestId)));
    expect(machine.apply(append(11))).toBe(11);
    const restored = new KeyValueMachine(storage, 'none', checkpoint);
    expect([restored.read('k0'), restored.values.get('k0')?.length]).toEqual([10, 3]);
    expect(restored.apply(append(11))).toBe(11);
  });

  it('becomes what a snapshot describes: lengths, no values, the sessions', () => {
    const machine = new KeyValueMachine(new DurableStorage(), 'none', undefined);
    machine.apply(append(1, 'k1'));
    machine.restore({ lengths: [['k0', 40]], sessions: [[7, 40, 40]] });
    expect([machine.read('k0'), machine.read('k1'), machine.values.get('k0')?.length, machine.answered(append(40))]).toEqual([40, 0, 0, 40]);
    expect(machine.apply(append(41))).toBe(41);
  });
});

describe('a raft cluster with log compaction', () => {
  it('stays within its log bound, restarts from a compacted log and catches a follower up by snapshot', () => {
    // 30 clients fill the log fast; node 4 is down from 5 s to 40 s, while the leader
    // compacts past all it holds; node 3 crashes and restarts after compacting.
    const snapshotsSent: TraceEvent[] = [];
    const run = new ScenarioRun(raft, {
      seed: 1,
      untilUs: seconds(43),
      params: { clients: 30, clientRate: 20, faults: 'none' },
      faults: [
        { atUs: seconds(5), kind: 'crash', node: 4 },
        { atUs: seconds(38.5), kind: 'crash', node: 3 },
        { atUs: seconds(39), kind: 'restart', node: 3 },
        { atUs: seconds(40), kind: 'restart', node: 4 },
      ],
      observers: [(event) => (event.kind === 'send' && (event.detail as { type?: string } | undefined)?.type === 'install-snapshot' ? snapshotsSent.push(event) : undefined)],
    });
    const view = (node: number): RaftView => run.world.cluster.inspect(node) as RaftView;
    while (run.simulation.now < seconds(38)) run.step();
    expect(view(3).snapshotIndex).toBeGreaterThan(0);
    expect(view(4)).toBeUndefined();
    const report = run.run();
    expect(report.verdict).toBe('pass');
    const bound = RAFT_LIMITS.entriesKeptBehindCheckpoint + RAFT_LIMITS.compactionBatchEntries + RAFT_LIMITS.checkpointInterval + 10 * RAFT_LIMITS.maxEntriesPerAppend;
    const highestCommit = Math.max(...[0, 1, 2, 3, 4].map((node) => view(node).commitIndex));
    for (const node of [0, 1, 2, 3, 4]) {
      expect(view(node).snapshotIndex).toBeGreaterThan(0);
      expect(view(node).log.length).toBeLessThan(bound);
      expect(view(node).commitIndex).toBeGreaterThan(highestCommit - 100);
    }
    expect(snapshotsSent.length).toBeGreaterThan(0);
    expect(snapshotsSent.every((event) => event.to === 4)).toBe(true);
  });
});

describe('bounded bookkeeping', () => {
  it('keeps a window of the ledger, with unsettled operations and whole-run totals', () => {
    let now = 0;
    const ledger = new ClientLedger(() => now);
    const stuck = ledger.invoke(append(1, 'k1'));
    const total = 3 * LEDGER_LIMITS.retainedOperations;
    for (let requestId = 2; requestId <= total; requestId++) {
      now++;
      const operation = ledger.invoke(append(requestId));
      ledger.complete(operation, requestId - 1, 0);
    }
    expect(ledger.operations.length).toBeLessThanOrEqual(2 * LEDGER_LIMITS.retainedOperations);
    expect(ledger.operations[0]).toBe(stuck);
    expect(ledger.acknowledgedAppends.length).toBeLessThanOrEqual(2 * LEDGER_LIMITS.retainedAcknowledgements);
    expect([ledger.invokedCount, ledger.completedCount, ledger.acknowledgedCount]).toEqual([total, total - 1, total - 1]);
    expect(ledger.acknowledgedAppends.at(-1)?.position).toBe(total - 1);
  });

  it('remembers command tokens as bits, per client', () => {
    const tokens = new TokenSet();
    tokens.add(commandToken(5, 1));
    tokens.add(commandToken(63, 2 ** 24 - 1));
    expect([tokens.has(commandToken(5, 1)), tokens.has(commandToken(5, 2)), tokens.has(commandToken(6, 1)), tokens.has(commandToken(63, 2 ** 24 - 1))]).toEqual([true, false, false, true]);
  });
});
