// Checks Raft's invariants from outside, on the servers' inspect() views and the clients'
// ledger, after every event. Rule: the work is incremental, so a check after every event
// stays cheap on long runs: a server whose view did not change is skipped, its log is
// compared with a mirror of what was last seen (a binary search finds where it changed:
// see raft-log.ts), and each log index is registered once for the whole cluster.
// Memory stays flat on long runs: what the monitor keeps per log index and per key
// position is a window (index-window.ts) whose front is dropped once every server has
// checked past it, less a margin (MONITOR_LIMITS); commands that took effect are one bit
// each (token-set.ts).
//
// How each invariant is checked (see raft-invariants.ts for the names):
// - election safety: the first leader seen for each term is remembered;
// - leader append-only: a leader whose log loses entries while it leads the same term;
// - log matching, by induction: whoever first holds index i in term t fixes its command
//   and the term at i - 1; every other log with (i, t) must agree on both;
// - leader completeness: a new leader must hold the highest entry committed in an
//   earlier term (log matching covers the entries before it), and any leader must hold
//   entries that earlier terms commit while it leads;
// - state machine safety: the first server to report index i committed fixes what i is;
//   every other commit and every apply at i must agree, and so must the values each key
//   holds, position by position;
// - committed entries kept: no server removes an entry that was committed;
// - exactly once: no command's token appears twice among a key's values (checked for
//   the keys that newly applied appends name);
// - acknowledged appends kept: the position a client was told holds its append;
// - reads see acknowledged appends: checked by the ledger (client-ledger.ts).
import { formatDuration, type Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { AcknowledgedAppend, ClientLedger } from './client-ledger.ts';
import { commandToken, describeEntry, describeToken, type LogEntry } from './raft-messages.ts';
import type { RaftInvariant } from './raft-invariants.ts';
import type { RaftRole, RaftView } from './raft-view.ts';
import { IndexWindow } from './index-window.ts';
import { TokenSet } from './token-set.ts';

export interface MonitorLimits {
  readonly retainedIndexes: number;
  readonly retainedPositionsPerKey: number;
  readonly trimIntervalEvents: number;
}

export const MONITOR_LIMITS: MonitorLimits = {
  /** Log indexes kept below the lowest index every server has checked as committed. */
  retainedIndexes: 16_384,
  /** Positions of each key kept below the lowest position every server has checked. */
  retainedPositionsPerKey: 65_536,
  /** The windows are trimmed every this many events. */
  trimIntervalEvents: 8_192,
};

export interface RaftMonitorSources {
  readonly serverCount: number;
  /** The server's view, or undefined while it is down. */
  readonly view: (node: NodeId) => RaftView | undefined;
  /** The simulation (or anything with its two counters): the monitor refreshes once per event. */
  readonly simulation: { readonly eventsProcessed: number; readonly now: Micros };
  readonly ledger: ClientLedger;
  /** MONITOR_LIMITS unless given (tests use small windows). */
  readonly limits?: MonitorLimits;
}

export interface MonitorProblem {
  readonly message: string;
  readonly nodes: readonly NodeId[];
}

/** What the monitor last saw of one server. */
class ServerProgress {
  view: RaftView | undefined;
  revision = -1;
  role: RaftRole = 'follower';
  term = 0;
  /** The log as last seen (the same entry objects), less its first `mirrorWindow.dropped` entries. */
  readonly mirror: LogEntry[] = [];
  readonly mirrorWindow = new IndexWindow([this.mirror]);
  /** Commits and applies up to here were compared with the cluster's registry. */
  commitChecked = 0;
  appliedChecked = 0;
  readonly valuesChecked = new Map<string, number>();
}

interface IndexTermRecord {
  readonly term: number;
  readonly token: number;
  readonly previousTerm: number;
  readonly node: NodeId;
}

/**
 * Entries by index, as first reported committed: parallel arrays of small integers, so
 * registering an entry allocates nothing.
 */
class EntryRegistry {
  private readonly terms: number[] = [];
  private readonly tokens: number[] = [];
  private readonly nodes: NodeId[] = [];
  /** The term of the server that first reported it committed. */
  private readonly reportedInTerms: number[] = [];
  readonly window = new IndexWindow([this.terms, this.tokens, this.nodes, this.reportedInTerms]);

  get length(): number {
    return this.window.length;
  }

  add(term: number, token: number, node: NodeId, reportedInTerm: number): void {
    this.terms.push(term);
    this.tokens.push(token);
    this.nodes.push(node);
    this.reportedInTerms.push(reportedInTerm);
  }

  /** Does the registry hold this entry at `index` (1-based, within the window)? */
  matches(index: number, entry: LogEntry): boolean {
    const position = index - 1 - this.window.dropped;
    return this.terms[position] === entry.term && this.tokens[position] === entryToken(entry);
  }

  termAt(index: number): number {
    return this.terms[index - 1 - this.window.dropped] as number;
  }

  tokenAt(index: number): number {
    return this.tokens[index - 1 - this.window.dropped] as number;
  }

  nodeAt(index: number): NodeId {
    return this.nodes[index - 1 - this.window.dropped] as NodeId;
  }

  reportedInTermAt(index: number): number {
    return this.reportedInTerms[index - 1 - this.window.dropped] as number;
  }

  describe(index: number): string {
    return `${describeTokenOrNoOp(this.tokenAt(index))} (term ${String(this.termAt(index))})`;
  }
}

/** A key's values as first seen, position by position, and which server showed each first. */
class CanonicalValues {
  readonly values: number[] = [];
  readonly nodes: NodeId[] = [];
  readonly window = new IndexWindow([this.values, this.nodes]);

  /** The value at `position` (1-based), if the window holds it. */
  valueAt(position: number): number | undefined {
    return this.window.holds(position) ? this.values[position - 1 - this.window.dropped] : undefined;
  }

  nodeAt(position: number): NodeId {
    return this.nodes[position - 1 - this.window.dropped] as NodeId;
  }
}

export class RaftMonitor {
  private readonly found = new Map<RaftInvariant, MonitorProblem>();
  private refreshedAtStep = -1;
  private trimmedAtStep = 0;
  private readonly servers: ServerProgress[];
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** Servers leading now, with their term. */
  private readonly leaders = new Map<NodeId, number>();
  /** The first (i, term) seen for each index i, at [i - 1] of these parallel arrays... */
  private readonly firstTerms: number[] = [];
  private readonly firstTokens: number[] = [];
  private readonly firstPreviousTerms: number[] = [];
  private readonly firstNodes: NodeId[] = [];
  private readonly firstWindow = new IndexWindow([this.firstTerms, this.firstTokens, this.firstPreviousTerms, this.firstNodes]);
  /** ...and any other term seen for index i (only where logs diverged). */
  private readonly otherTerms = new Map<number, IndexTermRecord[]>();
  private readonly committed = new EntryRegistry();
  /** Entries applied at an index nobody had reported committed yet (only a bug does that). */
  private readonly appliedAhead = new Map<number, IndexTermRecord>();
  /** Each key's values as first seen, and which server showed each position first. */
  private readonly canonicalValues = new Map<string, CanonicalValues>();
  private readonly tokensTakenEffect = new TokenSet();
  /** Keys whose values one syncApplied call has taken in (reused, to allocate nothing). */
  private readonly keysSynced: string[] = [];
  /** Acknowledged appends checked, counted over the whole run (see ClientLedger.acknowledgedCount). */
  private acknowledgementsChecked = 0;
  /** Acknowledged appends whose position had left the window before they came (not checked; a report figure). */
  acknowledgementsUnchecked = 0;
  private leaderlessSinceUs: Micros | undefined = 0;
  /** Leaders elected (distinct terms with a leader). */
  elections = 0;
  /** The highest term any server has reached, and the highest that has had a leader. */
  highestTerm = 0;
  highestLeaderTerm = 0;

  private readonly limits: MonitorLimits;

  constructor(private readonly sources: RaftMonitorSources) {
    this.limits = sources.limits ?? MONITOR_LIMITS;
    this.servers = Array.from({ length: sources.serverCount }, () => new ServerProgress());
  }

  /** The first problem found for the invariant, or undefined while it holds. */
  check(invariant: RaftInvariant): MonitorProblem | undefined {
    if (this.sources.simulation.eventsProcessed !== this.refreshedAtStep) this.refresh();
    if (invariant === 'reads-see-acknowledged-appends') return this.sources.ledger.readProblem;
    return this.found.size === 0 ? undefined : this.found.get(invariant);
  }

  get committedCount(): number {
    return this.committed.length;
  }

  /** How much the monitor holds now: it stays flat on long runs (see MONITOR_LIMITS). */
  get retained(): { readonly committedIndexes: number; readonly firstSeenIndexes: number; readonly mirrorEntries: number; readonly keyPositions: number } {
    let mirrorEntries = 0;
    for (const progress of this.servers) mirrorEntries += progress.mirror.length;
    let keyPositions = 0;
    for (const canonical of this.canonicalValues.values()) keyPositions += canonical.values.length;
    return { committedIndexes: this.committed.length - this.committed.window.dropped, firstSeenIndexes: this.firstTerms.length, mirrorEntries, keyPositions };
  }

  /** Entry `index` as first reported committed, if it is and the window still holds it. */
  committedAt(index: number): { readonly term: number; readonly token: number } | undefined {
    if (!this.committed.window.holds(index)) return undefined;
    return { term: this.committed.termAt(index), token: this.committed.tokenAt(index) };
  }

  /** Brings the monitor up to date with the current event; cheap when called again for it. */
  refresh(): void {
    const step = this.sources.simulation.eventsProcessed;
    if (step === this.refreshedAtStep) return;
    this.refreshedAtStep = step;
    for (let node = 0; node < this.servers.length; node++) this.refreshServer(node, this.servers[node] as ServerProgress);
    if (this.leaders.size === 0) this.leaderlessSinceUs ??= this.sources.simulation.now;
    else this.leaderlessSinceUs = undefined;
    this.checkAcknowledgements();
    if (step - this.trimmedAtStep >= this.limits.trimIntervalEvents) {
      this.trimmedAtStep = step;
      this.trimWindows();
    }
  }

  private refreshServer(node: NodeId, progress: ServerProgress): void {
    const view = this.sources.view(node);
    if (view === undefined) {
      progress.view = undefined;
      progress.role = 'follower';
      this.leaders.delete(node);
      return;
    }
    if (view === progress.view && view.revision === progress.revision) return;
    progress.view = view;
    progress.revision = view.revision;
    const offset = view.snapshotIndex ?? 0;
    this.syncLog(node, view, progress, offset);
    this.syncRole(node, view, progress);
    this.syncCommits(node, view, progress, offset);
    this.syncApplied(node, view, progress, offset);
  }

  private report(invariant: RaftInvariant, message: string, nodes: readonly NodeId[]): void {
    if (!this.found.has(invariant)) this.found.set(invariant, { message, nodes: [...new Set(nodes)] });
  }

  // --- logs -------------------------------------------------------------------------

  /** `offset`: the view's snapshotIndex (its log holds entries offset + 1 on). */
  private syncLog(node: NodeId, view: RaftView, progress: ServerProgress, offset: number): void {
    const log = view.log;
    if (offset > progress.mirrorWindow.dropped) this.onCompacted(view, progress, offset);
    const mirror = progress.mirror;
    const kept = keptPrefixLength(log, offset, mirror, progress.mirrorWindow.dropped);
    const mirrorEnd = progress.mirrorWindow.length;
    if (kept < mirrorEnd) {
      this.onRemoved(node, view, progress, kept + 1);
      progress.mirrorWindow.truncateAfter(kept);
      if (kept < progress.mirrorWindow.dropped) progress.mirrorWindow.dropped = kept; // lost even what the window had dropped
    }
    const logEnd = offset + log.length;
    for (let index = kept + 1; index <= logEnd; index++) {
      const entry = log[index - 1 - offset] as LogEntry;
      const previousTerm = index - 1 > offset ? (log[index - 2 - offset] as LogEntry).term : index === 1 ? 0 : (view.snapshotTerm ?? 0);
      this.registerIndexTerm(node, index, entry, previousTerm);
      mirror.push(entry);
    }
  }

  /**
   * The server compacted its log through `offset` (or installed a snapshot ending there):
   * those entries left by design, and what the snapshot covers is committed and applied.
   */
  private onCompacted(view: RaftView, progress: ServerProgress, offset: number): void {
    progress.mirrorWindow.dropThrough(offset);
    progress.mirrorWindow.dropped = offset; // past the mirror's end too: the log starts after it
    progress.commitChecked = Math.max(progress.commitChecked, Math.min(offset, view.commitIndex));
    progress.appliedChecked = Math.max(progress.appliedChecked, Math.min(offset, view.lastApplied));
  }

  /**
   * Entries firstRemoved.. of the mirror are gone from the server's log. Entries the
   * windows no longer hold were checked as committed at this server, so their removal
   * is reported without the registry.
   */
  private onRemoved(node: NodeId, view: RaftView, progress: ServerProgress, firstRemoved: number): void {
    const mirror = progress.mirror;
    const mirrorEnd = progress.mirrorWindow.length;
    if (progress.role === 'leader' && view.role === 'leader' && progress.term === view.term) {
      this.report('leader-append-only', `node ${node}, leader of term ${view.term}, removed entries ${firstRemoved}..${mirrorEnd} from its own log`, [node]);
    }
    if (firstRemoved <= this.committed.window.dropped) {
      this.report('committed-entries-kept', `node ${node} removed entries ${firstRemoved}..${mirrorEnd}, from before ${this.committed.window.dropped + 1}, all of which were committed`, [node]);
    }
    const lastCommitted = Math.min(mirrorEnd, this.committed.length);
    for (let index = Math.max(firstRemoved, progress.mirrorWindow.dropped + 1, this.committed.window.dropped + 1); index <= lastCommitted; index++) {
      const removed = mirror[index - 1 - progress.mirrorWindow.dropped] as LogEntry;
      if (this.committed.matches(index, removed)) {
        const reporter = this.committed.nodeAt(index);
        this.report('committed-entries-kept', `node ${node} removed entry ${index}, ${describeEntry(removed)}, which was committed (first reported by node ${reporter})`, [node, reporter]);
        break;
      }
    }
    progress.commitChecked = Math.min(progress.commitChecked, firstRemoved - 1);
    progress.appliedChecked = Math.min(progress.appliedChecked, firstRemoved - 1);
  }

  private registerIndexTerm(node: NodeId, index: number, entry: LogEntry, previousTerm: number): void {
    const token = entryToken(entry);
    const window = this.firstWindow;
    if (index > window.length) {
      this.firstTerms.push(entry.term);
      this.firstTokens.push(token);
      this.firstPreviousTerms.push(previousTerm);
      this.firstNodes.push(node);
      return;
    }
    if (index <= window.dropped) return; // every server had checked this index as committed
    const position = index - 1 - window.dropped;
    if (this.firstTerms[position] === entry.term) {
      const knownToken = this.firstTokens[position] as number;
      const knownPrevious = this.firstPreviousTerms[position] as number;
      if (knownToken === token && knownPrevious === previousTerm) return; // the common case: nothing to report
      this.compareIndexTerm(node, index, entry.term, token, previousTerm, { term: entry.term, token: knownToken, previousTerm: knownPrevious, node: this.firstNodes[position] as NodeId });
      return;
    }
    let others = this.otherTerms.get(index);
    if (others === undefined) {
      others = [];
      this.otherTerms.set(index, others);
    }
    for (const record of others) {
      if (record.term === entry.term) return this.compareIndexTerm(node, index, entry.term, token, previousTerm, record);
    }
    others.push({ term: entry.term, token, previousTerm, node });
  }

  private compareIndexTerm(node: NodeId, index: number, term: number, token: number, previousTerm: number, known: IndexTermRecord): void {
    if (known.token === token && known.previousTerm === previousTerm) return;
    if (known.token !== token) {
      this.report('log-matching', `nodes ${known.node} and ${node} both hold entry ${index} of term ${term}, but with different commands (${describeTokenOrNoOp(known.token)} and ${describeTokenOrNoOp(token)})`, [known.node, node]);
    } else {
      this.report('log-matching', `nodes ${known.node} and ${node} both hold entry ${index} of term ${term}, but entry ${index - 1} before it has term ${known.previousTerm} at node ${known.node} and ${previousTerm} at node ${node}`, [known.node, node]);
    }
  }

  // --- roles ------------------------------------------------------------------------

  private syncRole(node: NodeId, view: RaftView, progress: ServerProgress): void {
    if (view.term > this.highestTerm) this.highestTerm = view.term;
    if (view.role === 'leader') {
      const known = this.leaderOfTerm.get(view.term);
      if (known === undefined) {
        this.leaderOfTerm.set(view.term, node);
        this.elections++;
        if (view.term > this.highestLeaderTerm) this.highestLeaderTerm = view.term;
      } else if (known !== node) {
        this.report('election-safety', `term ${view.term} has two leaders: node ${known} and node ${node}`, [known, node]);
      }
      if (this.leaders.get(node) !== view.term) {
        this.leaders.set(node, view.term);
        this.checkNewLeader(node, view);
      }
    } else {
      this.leaders.delete(node);
    }
    progress.role = view.role;
    progress.term = view.term;
  }

  /** A new leader must hold the highest entry committed in an earlier term. */
  private checkNewLeader(node: NodeId, view: RaftView): void {
    for (let index = this.committed.length; index > this.committed.window.dropped; index--) {
      if (this.committed.reportedInTermAt(index) >= view.term) continue;
      this.checkLeaderHolds(node, view, index);
      return;
    }
  }

  private checkLeaderHolds(node: NodeId, view: RaftView, index: number): void {
    const offset = view.snapshotIndex ?? 0;
    if (index <= offset) return; // in its snapshot, which holds committed entries only
    const entry = view.log[index - 1 - offset];
    if (entry !== undefined && this.committed.matches(index, entry)) return;
    const holds = entry === undefined ? `its log ends at ${offset + view.log.length}` : `it holds ${describeEntry(entry)} there`;
    this.report(
      'leader-completeness',
      `node ${node} leads term ${view.term} without entry ${index}, ${this.committed.describe(index)}, committed in term ${String(this.committed.reportedInTermAt(index))}: ${holds}`,
      [node, this.committed.nodeAt(index)],
    );
  }

  // --- commits and applies -------------------------------------------------------------

  private syncCommits(node: NodeId, view: RaftView, progress: ServerProgress, offset: number): void {
    const upTo = Math.min(view.commitIndex, offset + view.log.length);
    const committed = this.committed;
    for (let index = Math.max(progress.commitChecked, committed.window.dropped, offset) + 1; index <= upTo; index++) {
      const entry = view.log[index - 1 - offset] as LogEntry;
      if (index > committed.length) {
        const token = entryToken(entry);
        committed.add(entry.term, token, node, view.term);
        this.checkLeadersHold(index, view.term);
      } else if (!committed.matches(index, entry)) {
        const reporter = committed.nodeAt(index);
        this.report('state-machine-safety', `entry ${index} was committed as ${committed.describe(index)} at node ${reporter}, and as ${describeEntry(entry)} at node ${node}`, [reporter, node]);
      }
    }
    if (upTo > progress.commitChecked) progress.commitChecked = upTo;
  }

  /** Leaders of later terms than the one that just committed entry `index` must hold it. */
  private checkLeadersHold(index: number, commitTerm: number): void {
    if (this.leaders.size === 1 && this.leaders.values().next().value === commitTerm) return; // the usual case: the committing leader alone
    for (let node = 0; node < this.servers.length; node++) {
      const view = (this.servers[node] as ServerProgress).view;
      if (view !== undefined && this.leaders.get(node) !== undefined && view.term > commitTerm) this.checkLeaderHolds(node, view, index);
    }
  }

  /**
   * Newly applied entries against what was committed at their index (or, for an entry
   * applied before anyone reported it committed, against the first server to apply it),
   * and the values of the keys they appended to.
   */
  private syncApplied(node: NodeId, view: RaftView, progress: ServerProgress, offset: number): void {
    const upTo = Math.min(view.lastApplied, offset + view.log.length);
    const keysSynced = this.keysSynced;
    keysSynced.length = 0;
    for (let index = Math.max(progress.appliedChecked, offset) + 1; index <= upTo; index++) {
      const entry = view.log[index - 1 - offset] as LogEntry;
      // The first sync of a key takes in all its new values, so a later entry of the same key has nothing left to add.
      if (entry.command !== null && entry.command.kind === 'append' && !keysSynced.includes(entry.command.key)) {
        if (keysSynced.length < KEYS_SYNCED_LISTED) keysSynced.push(entry.command.key);
        this.syncValues(node, view, progress, entry.command.key);
      }
      if (index <= this.committed.window.dropped) continue; // checked as committed at every server
      if (index <= this.committed.length) {
        if (!this.committed.matches(index, entry)) {
          const first = this.committed.nodeAt(index);
          this.report('state-machine-safety', `node ${node} applied ${describeEntry(entry)} at index ${index}, but node ${first} committed ${this.committed.describe(index)} there`, [first, node]);
        }
        continue;
      }
      const known = this.appliedAhead.get(index);
      if (known === undefined) {
        this.appliedAhead.set(index, { term: entry.term, token: entryToken(entry), previousTerm: 0, node });
      } else if (known.term !== entry.term || known.token !== entryToken(entry)) {
        this.report('state-machine-safety', `node ${node} applied ${describeEntry(entry)} at index ${index}, but node ${known.node} applied ${describeTokenOrNoOp(known.token)} (term ${known.term}) there`, [known.node, node]);
      }
    }
    if (upTo > progress.appliedChecked) progress.appliedChecked = upTo;
  }

  /** One key's values, position by position, against the first server to hold them. */
  private syncValues(node: NodeId, view: RaftView, progress: ServerProgress, key: string): void {
    const values = view.values.get(key);
    const checked = progress.valuesChecked.get(key) ?? 0;
    const dropped = view.valuesDropped?.get(key) ?? 0;
    const length = dropped + (values?.length ?? 0);
    if (values === undefined || length <= checked) return;
    let canonical = this.canonicalValues.get(key);
    if (canonical === undefined) {
      canonical = new CanonicalValues();
      this.canonicalValues.set(key, canonical);
    }
    for (let position = Math.max(checked, canonical.window.dropped, dropped); position < length; position++) this.registerValue(node, key, canonical, position, values[position - dropped] as number);
    progress.valuesChecked.set(key, length);
  }

  /** `position` counts from 0 here (the key's values array). */
  private registerValue(node: NodeId, key: string, canonical: CanonicalValues, position: number, token: number): void {
    if (position < canonical.window.length) {
      const held = canonical.values[position - canonical.window.dropped] as number;
      if (held !== token) {
        const holder = canonical.nodeAt(position + 1);
        this.report('state-machine-safety', `position ${position + 1} of key ${key} holds ${describeToken(held)} at node ${holder} but ${describeToken(token)} at node ${node}`, [holder, node]);
      }
      return;
    }
    canonical.values.push(token);
    canonical.nodes.push(node);
    if (!this.tokensTakenEffect.has(token)) {
      this.tokensTakenEffect.add(token);
      return;
    }
    const earlier = this.placeOf(token);
    const where = earlier === undefined ? 'earlier' : `at position ${earlier.position} of key ${earlier.key} (seen first at node ${earlier.node})`;
    this.report('exactly-once', `command ${describeToken(token)} took effect twice: ${where}, and at position ${position + 1} of key ${key} at node ${node}`, earlier === undefined ? [node] : [earlier.node, node]);
  }

  /** Where a token first took effect, if the windows still hold it (a search: only needed to describe a violation). */
  private placeOf(token: number): { key: string; position: number; node: NodeId } | undefined {
    for (const [key, canonical] of this.canonicalValues) {
      const offset = canonical.values.indexOf(token);
      if (offset >= 0) return { key, position: canonical.window.dropped + offset + 1, node: canonical.nodes[offset] as NodeId };
    }
    return undefined;
  }

  // --- clients ----------------------------------------------------------------------

  private checkAcknowledgements(): void {
    const ledger = this.sources.ledger;
    const total = ledger.acknowledgedCount;
    if (this.acknowledgementsChecked < ledger.acknowledgementsDropped) this.acknowledgementsChecked = ledger.acknowledgementsDropped; // never read: not checked
    for (; this.acknowledgementsChecked < total; this.acknowledgementsChecked++) {
      const append = ledger.acknowledgedAppends[this.acknowledgementsChecked - ledger.acknowledgementsDropped] as AcknowledgedAppend;
      const canonical = this.canonicalValues.get(append.key);
      if (canonical !== undefined && append.position <= canonical.window.dropped) {
        this.acknowledgementsUnchecked++;
        continue;
      }
      const holder = canonical?.valueAt(append.position);
      if (holder === append.token) continue;
      const place = `position ${append.position} of key ${append.key}`;
      const found = holder === undefined ? 'no server has applied anything there' : `it holds ${describeToken(holder)}`;
      const nodes = holder === undefined || canonical === undefined ? [] : [canonical.nodeAt(append.position)];
      this.report('acknowledged-appends-kept', `client was told ${describeToken(append.token)} is at ${place}, but ${found}`, nodes);
    }
  }

  // --- windows ----------------------------------------------------------------------

  /**
   * Drops what no server can need again: log indexes below the lowest index every server
   * has checked as committed and applied, and key positions below the lowest position
   * every server has checked, each less a margin (MONITOR_LIMITS). A server that is down
   * keeps its place, so it holds the windows back until it catches up.
   */
  private trimWindows(): void {
    let checkedByAll = Number.MAX_SAFE_INTEGER;
    for (const progress of this.servers) checkedByAll = Math.min(checkedByAll, progress.commitChecked, progress.appliedChecked);
    const { retainedIndexes, retainedPositionsPerKey } = this.limits;
    const indexFloor = checkedByAll - retainedIndexes;
    if (indexFloor > this.committed.window.dropped + retainedIndexes) {
      this.committed.window.dropThrough(indexFloor);
      this.firstWindow.dropThrough(indexFloor);
      for (const progress of this.servers) progress.mirrorWindow.dropThrough(indexFloor);
      for (const index of this.otherTerms.keys()) if (index <= indexFloor) this.otherTerms.delete(index);
      for (const index of this.appliedAhead.keys()) if (index <= indexFloor) this.appliedAhead.delete(index);
    }
    for (const [key, canonical] of this.canonicalValues) {
      let positionFloor = Number.MAX_SAFE_INTEGER;
      for (const progress of this.servers) positionFloor = Math.min(positionFloor, progress.valuesChecked.get(key) ?? 0);
      positionFloor -= retainedPositionsPerKey;
      if (positionFloor > canonical.window.dropped + retainedPositionsPerKey) canonical.window.dropThrough(positionFloor);
    }
  }

  // --- liveness ---------------------------------------------------------------------

  /**
   * After the faults: a leader must serve the highest term of the servers that are up,
   * and every command invoked before `settledAtUs` must have committed (appends) or have
   * been answered (reads).
   */
  livenessProblem(settledAtUs: Micros): MonitorProblem | undefined {
    this.refresh();
    const leaderLine = this.describeLeadership();
    const pending = this.sources.ledger.operations.filter(
      // An append took effect (first copy applied) exactly when it was committed: the leader applies as it commits.
      (operation) => operation.invokedAtUs < settledAtUs && operation.completedAtUs === undefined && !(operation.command.kind === 'append' && this.tokensTakenEffect.has(operation.token)),
    );
    const first = pending[0];
    if (first !== undefined) {
      const what = first.command.kind === 'append' ? 'has not committed' : 'has not been answered';
      const more = pending.length > 1 ? ` (and ${pending.length - 1} more)` : '';
      const abandoned = first.abandoned ? ', and the client gave up after its most attempts' : '';
      return { message: `command ${describeToken(first.token)} (${first.command.kind} ${first.command.key}) submitted at ${formatDuration(first.invokedAtUs)} ${what}${abandoned}${more}; ${leaderLine.text}`, nodes: leaderLine.nodes };
    }
    if (!leaderLine.serving) return { message: `${leaderLine.text} at the end of the run`, nodes: leaderLine.nodes };
    return undefined;
  }

  private describeLeadership(): { text: string; serving: boolean; nodes: NodeId[] } {
    let highestTerm = 0;
    const up: RaftView[] = [];
    for (let node = 0; node < this.servers.length; node++) {
      const view = this.sources.view(node);
      if (view === undefined) continue;
      up.push(view);
      if (view.term > highestTerm) highestTerm = view.term;
    }
    const leader = up.find((view) => view.role === 'leader' && view.term === highestTerm);
    if (leader !== undefined) return { text: `node ${leader.id} leads term ${highestTerm}`, serving: true, nodes: [leader.id] };
    const since = this.leaderlessSinceUs === undefined ? 'a leader of an older term remains' : `no leader since ${formatDuration(this.leaderlessSinceUs)}`;
    return { text: `${since} (highest term ${highestTerm}, ${up.length} of ${this.servers.length} servers up)`, serving: false, nodes: up.map((view) => view.id) };
  }
}

/**
 * The highest index up to which the server's log (less its first `logOffset` entries)
 * still holds the same objects as the mirror (less its first `mirrorDropped`, at least
 * `logOffset`). Dropped entries are taken as kept unless the first entry the mirror
 * holds has changed too.
 */
function keptPrefixLength(log: readonly LogEntry[], logOffset: number, mirror: readonly LogEntry[], mirrorDropped: number): number {
  const shared = Math.min(logOffset + log.length, mirrorDropped + mirror.length);
  if (shared <= mirrorDropped) return shared;
  if (log[shared - 1 - logOffset] === mirror[shared - 1 - mirrorDropped]) return shared;
  // Same objects up to some point, different (new copies) after it: find that point.
  let low = mirrorDropped;
  let high = shared - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (log[middle - logOffset] === mirror[middle - mirrorDropped]) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Most keys one syncApplied call remembers as synced (past it, a key is simply synced again, which is harmless). */
const KEYS_SYNCED_LISTED = 8;

/** The command's token, or 0 for a no-op. */
function entryToken(entry: LogEntry): number {
  return entry.command === null ? 0 : commandToken(entry.command.clientId, entry.command.requestId);
}

function describeTokenOrNoOp(token: number): string {
  return token === 0 ? 'no-op' : describeToken(token);
}

