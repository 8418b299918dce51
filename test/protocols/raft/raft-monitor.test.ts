// The checker on hand-made server views, so each invariant is shown to catch its
// violation without depending on a random run: two leaders in a term, a leader cutting
// its own log, logs that share an entry but not what comes before it, a committed entry
// removed, and a leader elected without a committed entry.
import { describe, expect, it } from 'vitest';
import { ClientLedger } from '../../../src/protocols/raft/client-ledger.ts';
import { RaftMonitor, type MonitorLimits } from '../../../src/protocols/raft/raft-monitor.ts';
import { commandToken, createEntry, type LogEntry } from '../../../src/protocols/raft/raft-messages.ts';
import type { RaftRole, RaftView } from '../../../src/protocols/raft/raft-view.ts';

type FakeView = { -readonly [K in keyof RaftView]: RaftView[K] };

function fakeView(id: number): FakeView {
  return { id, role: 'follower', term: 1, votedFor: null, leaderId: null, log: [], commitIndex: 0, lastApplied: 0, values: new Map(), holdsLease: false, localReads: 0, revision: 0 };
}

/** Three servers whose views a test edits; `step()` is one event. */
function harness(limits?: MonitorLimits) {
  const views = [fakeView(0), fakeView(1), fakeView(2)];
  const simulation = { eventsProcessed: 0, now: 0 };
  const monitor = new RaftMonitor({ serverCount: 3, view: (node) => views[node], simulation, ledger: new ClientLedger(() => simulation.now), ...(limits === undefined ? {} : { limits }) });
  const step = (change: () => void): void => {
    change();
    for (const view of views) view.revision++;
    simulation.eventsProcessed++;
    monitor.refresh();
  };
  const set = (node: number, fields: Partial<FakeView>): void => step(() => Object.assign(views[node] as FakeView, fields));
  return { views, monitor, step, set };
}

const entries = (...terms: number[]): LogEntry[] => terms.map((term, index) => createEntry(term, { clientId: 9, requestId: index + 1 + term * 100, kind: 'append', key: 'k0' }));
const lead = (term: number): { role: RaftRole; term: number } => ({ role: 'leader', term });

describe('the raft monitor', () => {
  it('finds two leaders in one term, even at different times', () => {
    const { monitor, set } = harness();
    set(0, lead(3));
    set(0, { role: 'follower', term: 4 });
    expect(monitor.check('election-safety')).toBeUndefined();
    set(1, lead(3));
    expect(monitor.check('election-safety')).toEqual({ message: 'term 3 has two leaders: node 0 and node 1', nodes: [0, 1] });
  });

  it('finds a leader removing entries from its own log, but not a follower doing so', () => {
    const { monitor, set, views } = harness();
    const log = entries(1, 1, 2);
    set(1, { log: [...log] });
    set(1, { log: log.slice(0, 2) });
    expect(monitor.check('leader-append-only')).toBeUndefined();
    set(0, { ...lead(2), log: [...log] });
    set(0, { log: log.slice(0, 1) });
    expect(monitor.check('leader-append-only')?.message).toBe('node 0, leader of term 2, removed entries 2..3 from its own log');
    expect(views[0]?.log.length).toBe(1);
  });

  it('finds logs that share an entry but differ before it', () => {
    const { monitor, set } = harness();
    const [a, b, c] = entries(1, 2, 3);
    set(0, { log: [a as LogEntry, c as LogEntry] });
    set(1, { log: [b as LogEntry, c as LogEntry] });
    expect(monitor.check('log-matching')?.message).toBe('nodes 0 and 1 both hold entry 2 of term 3, but entry 1 before it has term 1 at node 0 and 2 at node 1');
  });

  it('finds a committed entry removed, and a later leader without it', () => {
    const { monitor, set } = harness();
    const log = entries(1, 1);
    set(0, { ...lead(1), log: [...log], commitIndex: 2 });
    set(1, { log: [...log] });
    set(1, { log: log.slice(0, 1) });
    expect(monitor.check('committed-entries-kept')?.message).toMatch(/^node 1 removed entry 2, append k0 c9#\d+ \(term 1\), which was committed \(first reported by node 0\)$/);
    set(2, { ...lead(2), log: log.slice(0, 1) });
    expect(monitor.check('leader-completeness')?.message).toMatch(/^node 2 leads term 2 without entry 2, c9#\d+ \(term 1\), committed in term 1: its log ends at 1$/);
  });

  it('skips servers whose view has not changed and keeps its first finding', () => {
    const { monitor, set, views } = harness();
    set(0, lead(5));
    set(1, lead(5));
    const first = monitor.check('election-safety');
    set(2, lead(5));
    expect(monitor.check('election-safety')).toBe(first);
    expect(views.every((view) => view.revision > 0)).toBe(true);
  });
});

describe('the raft monitor on long runs', () => {
  const small: MonitorLimits = { retainedIndexes: 10, retainedPositionsPerKey: 10, trimIntervalEvents: 1 };
  const appends = (from: number, count: number): LogEntry[] =>
    Array.from({ length: count }, (_, offset) => createEntry(1, { clientId: 9, requestId: from + offset, kind: 'append', key: 'k0' }));

  /** All three servers hold, commit and apply `total` appends to k0, 20 more per event. */
  function grow(total: number) {
    const context = harness(small);
    const log: LogEntry[] = [];
    const values: number[] = [];
    for (let from = 1; from <= total; from += 20) {
      for (const entry of appends(from, 20)) {
        log.push(entry);
        if (entry.command !== null) values.push(commandToken(entry.command.clientId, entry.command.requestId));
      }
      context.step(() => {
        for (const view of context.views) Object.assign(view, { log: [...log], commitIndex: log.length, lastApplied: log.length, values: new Map([['k0', [...values]]]) });
      });
    }
    return { ...context, log };
  }

  it('keeps a bounded window of indexes, mirrors and key positions, and finds nothing wrong', () => {
    const { monitor } = grow(1_000);
    expect(monitor.committedCount).toBe(1_000);
    const retained = monitor.retained;
    // At most two windows (what every server checked, less a margin, trimmed a window at a time) plus one event's entries.
    expect(retained.committedIndexes).toBeLessThanOrEqual(3 * small.retainedIndexes + 20);
    expect(retained.firstSeenIndexes).toBeLessThanOrEqual(3 * small.retainedIndexes + 20);
    expect(retained.mirrorEntries).toBeLessThanOrEqual(3 * (3 * small.retainedIndexes + 20));
    expect(retained.keyPositions).toBeLessThanOrEqual(3 * small.retainedPositionsPerKey + 20);
    expect(monitor.committedAt(1)).toBeUndefined();
    expect(monitor.committedAt(1_000)).toEqual({ term: 1, token: commandToken(9, 1_000) });
    for (const invariant of ['log-matching', 'committed-entries-kept', 'state-machine-safety', 'exactly-once'] as const) expect(monitor.check(invariant)).toBeUndefined();
  });

  it('still finds a committed entry removed, inside the window and before it', () => {
    const { monitor, set, log } = grow(400);
    set(1, { log: log.slice(0, 395) });
    expect(monitor.check('committed-entries-kept')?.message).toMatch(/^node 1 removed entry 396, append k0 c9#396 \(term 1\), which was committed/);
    const again = grow(400);
    again.set(2, { log: again.log.slice(0, 100) });
    expect(again.monitor.check('committed-entries-kept')?.message).toMatch(/^node 2 removed entries 101\.\.400, from before \d+, all of which were committed$/);
  });

  it('takes a compacted log for what it is, not for removed entries', () => {
    const { monitor, set, log } = grow(200);
    set(0, { log: log.slice(150), snapshotIndex: 150, snapshotTerm: 1 });
    set(0, { log: [...log.slice(150), ...appends(201, 1)] });
    expect(monitor.check('committed-entries-kept')).toBeUndefined();
    expect(monitor.check('log-matching')).toBeUndefined();
    expect(monitor.check('leader-append-only')).toBeUndefined();
  });
});
