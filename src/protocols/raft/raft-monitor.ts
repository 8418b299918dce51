// Checks Raft's invariants from outside, on the servers' inspect() views and the clients'
// ledger, after every event. Rule: the work is incremental, so a check after every event
// stays cheap on long runs: a server whose view did not change is skipped, its log is
// compared with a mirror of what was last seen (a binary search finds where it changed:
// see raft-log.ts), and each log index is registered once for the whole cluster.
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

export interface RaftMonitorSources {
  readonly serverCount: number;
  /** The server's view, or undefined while it is down. */
  readonly view: (node: NodeId) => RaftView | undefined;
  /** The simulation (or anything with its two counters): the monitor refreshes once per event. */
  readonly simulation: { readonly eventsProcessed: number; readonly now: Micros };
  readonly ledger: ClientLedger;
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
  /** The log as last seen (the same entry objects). */
  readonly mirror: LogEntry[] = [];
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
  readonly terms: number[] = [];
  readonly tokens: number[] = [];
  readonly nodes: NodeId[] = [];
  /** The term of the server that first reported it committed. */
  readonly reportedInTerms: number[] = [];

  get length(): number {
    return this.terms.length;
  }

  add(term: number, token: number, node: NodeId, reportedInTerm: number): void {
    this.terms.push(term);
    this.tokens.push(token);
    this.nodes.push(node);
    this.reportedInTerms.push(reportedInTerm);
  }

  /** Does the registry hold this entry at `index` (1-based)? */
  matches(index: number, entry: LogEntry): boolean {
    return this.terms[index - 1] === entry.term && this.tokens[index - 1] === entryToken(entry);
  }

  describe(index: number): string {
    return `${describeTokenOrNoOp(this.tokens[index - 1] as number)} (term ${String(this.terms[index - 1])})`;
  }
}

export class RaftMonitor {
  private readonly found = new Map<RaftInvariant, MonitorProblem>();
  private refreshedAtStep = -1;
  private readonly servers: ServerProgress[];
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** Servers leading now, with their term. */
  private readonly leaders = new Map<NodeId, number>();
  /** The first (i, term) seen for each index i, at [i - 1] of these parallel arrays... */
  private readonly firstTerms: number[] = [];
  private readonly firstTokens: number[] = [];
  private readonly firstPreviousTerms: number[] = [];
  private readonly firstNodes: NodeId[] = [];
  /** ...and any other term seen for index i (only where logs diverged). */
  private readonly otherTerms = new Map<number, IndexTermRecord[]>();
  private readonly committed = new EntryRegistry();
  /** Entries applied at an index nobody had reported committed yet (only a bug does that). */
  private readonly appliedAhead = new Map<number, IndexTermRecord>();
  /** Each key's values as first seen, and which server showed each position first. */
  private readonly canonicalValues = new Map<string, { readonly values: number[]; readonly nodes: NodeId[] }>();
  private readonly tokensTakenEffect = new Set<number>();
  private acknowledgementsChecked = 0;
  private leaderlessSinceUs: Micros | undefined = 0;
  /** Leaders elected (distinct terms with a leader). */
  elections = 0;
  /** The highest term any server has reached, and the highest that has had a leader. */
  highestTerm = 0;
  highestLeaderTerm = 0;

  constructor(private readonly sources: RaftMonitorSources) {
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

  /** Entry `index` as first reported committed, if it is. */
  committedAt(index: number): { readonly term: number; readonly token: number } | undefined {
    if (index < 1 || index > this.committed.length) return undefined;
    return { term: this.committed.terms[index - 1] as number, token: this.committed.tokens[index - 1] as number };
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
    this.syncLog(node, view, progress);
    this.syncRole(node, view, progress);
    this.syncCommits(node, view, progress);
    this.syncApplied(node, view, progress);
  }

  private report(invariant: RaftInvariant, message: string, nodes: readonly NodeId[]): void {
    if (!this.found.has(invariant)) this.found.set(invariant, { message, nodes: [...new Set(nodes)] });
  }

  // --- logs -------------------------------------------------------------------------

  private syncLog(node: NodeId, view: RaftView, progress: ServerProgress): void {
    const log = view.log;
    const mirror = progress.mirror;
    const kept = keptPrefixLength(log, mirror);
    if (kept < mirror.length) {
      this.onRemoved(node, view, progress, kept + 1);
      mirror.length = kept;
    }
    for (let position = kept; position < log.length; position++) {
      const entry = log[position] as LogEntry;
      const previousTerm = position === 0 ? 0 : (log[position - 1] as LogEntry).term;
      this.registerIndexTerm(node, position + 1, entry, previousTerm);
      mirror.push(entry);
    }
  }

  /** Entries firstRemoved.. of the mirror are gone from the server's log. */
  private onRemoved(node: NodeId, view: RaftView, progress: ServerProgress, firstRemoved: number): void {
    const mirror = progress.mirror;
    if (progress.role === 'leader' && view.role === 'leader' && progress.term === view.term) {
      this.report('leader-append-only', `node ${node}, leader of term ${view.term}, removed entries ${firstRemoved}..${mirror.length} from its own log`, [node]);
    }
    const lastCommitted = Math.min(mirror.length, this.committed.length);
    for (let index = firstRemoved; index <= lastCommitted; index++) {
      const removed = mirror[index - 1] as LogEntry;
      if (this.committed.matches(index, removed)) {
        const reporter = this.committed.nodes[index - 1] as NodeId;
        this.report('committed-entries-kept', `node ${node} removed entry ${index}, ${describeEntry(removed)}, which was committed (first reported by node ${reporter})`, [node, reporter]);
        break;
      }
    }
    progress.commitChecked = Math.min(progress.commitChecked, firstRemoved - 1);
    progress.appliedChecked = Math.min(progress.appliedChecked, firstRemoved - 1);
  }

  private registerIndexTerm(node: NodeId, index: number, entry: LogEntry, previousTerm: number): void {
    const token = entryToken(entry);
    if (index > this.firstTerms.length) {
      this.firstTerms.push(entry.term);
      this.firstTokens.push(token);
      this.firstPreviousTerms.push(previousTerm);
      this.firstNodes.push(node);
      return;
    }
    if (this.firstTerms[index - 1] === entry.term) {
      const knownToken = this.firstTokens[index - 1] as number;
      const knownPrevious = this.firstPreviousTerms[index - 1] as number;
      if (knownToken === token && knownPrevious === previousTerm) return; // the common case: nothing to report
      this.compareIndexTerm(node, index, entry.term, token, previousTerm, { term: entry.term, token: knownToken, previousTerm: knownPrevious, node: this.firstNodes[index - 1] as NodeId });
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
    const reportedInTerms = this.committed.reportedInTerms;
    for (let index = this.committed.length; index >= 1; index--) {
      if ((reportedInTerms[index - 1] as number) >= view.term) continue;
      this.checkLeaderHolds(node, view, index);
      return;
    }
  }

  private checkLeaderHolds(node: NodeId, view: RaftView, index: number): void {
    const entry = view.log[index - 1];
    if (entry !== undefined && this.committed.matches(index, entry)) return;
    const holds = entry === undefined ? `its log ends at ${view.log.length}` : `it holds ${describeEntry(entry)} there`;
    this.report(
      'leader-completeness',
      `node ${node} leads term ${view.term} without entry ${index}, ${this.committed.describe(index)}, committed in term ${String(this.committed.reportedInTerms[index - 1])}: ${holds}`,
      [node, this.committed.nodes[index - 1] as NodeId],
    );
  }

  // --- commits and applies -------------------------------------------------------------

  private syncCommits(node: NodeId, view: RaftView, progress: ServerProgress): void {
    const upTo = Math.min(view.commitIndex, view.log.length);
    const committed = this.committed;
    for (let index = progress.commitChecked + 1; index <= upTo; index++) {
      const entry = view.log[index - 1] as LogEntry;
      if (index > committed.length) {
        const token = entryToken(entry);
        committed.add(entry.term, token, node, view.term);
        this.checkLeadersHold(index, view.term);
      } else if (!committed.matches(index, entry)) {
        const reporter = committed.nodes[index - 1] as NodeId;
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
  private syncApplied(node: NodeId, view: RaftView, progress: ServerProgress): void {
    const upTo = Math.min(view.lastApplied, view.log.length);
    for (let index = progress.appliedChecked + 1; index <= upTo; index++) {
      const entry = view.log[index - 1] as LogEntry;
      if (entry.command !== null && entry.command.kind === 'append') this.syncValues(node, view, progress, entry.command.key);
      if (index <= this.committed.length) {
        if (!this.committed.matches(index, entry)) {
          const first = this.committed.nodes[index - 1] as NodeId;
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
    if (values === undefined || values.length <= checked) return;
    let canonical = this.canonicalValues.get(key);
    if (canonical === undefined) {
      canonical = { values: [], nodes: [] };
      this.canonicalValues.set(key, canonical);
    }
    for (let position = checked; position < values.length; position++) this.registerValue(node, key, canonical, position, values[position] as number);
    progress.valuesChecked.set(key, values.length);
  }

  private registerValue(node: NodeId, key: string, canonical: { readonly values: number[]; readonly nodes: NodeId[] }, position: number, token: number): void {
    if (position < canonical.values.length) {
      const held = canonical.values[position] as number;
      if (held !== token) {
        const holder = canonical.nodes[position] as NodeId;
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

  /** Where a token first took effect (a search: only needed to describe a violation). */
  private placeOf(token: number): { key: string; position: number; node: NodeId } | undefined {
    for (const [key, canonical] of this.canonicalValues) {
      const position = canonical.values.indexOf(token);
      if (position >= 0) return { key, position: position + 1, node: canonical.nodes[position] as NodeId };
    }
    return undefined;
  }

  // --- clients ----------------------------------------------------------------------

  private checkAcknowledgements(): void {
    const acknowledged = this.sources.ledger.acknowledgedAppends;
    for (; this.acknowledgementsChecked < acknowledged.length; this.acknowledgementsChecked++) {
      const append = acknowledged[this.acknowledgementsChecked] as AcknowledgedAppend;
      const canonical = this.canonicalValues.get(append.key);
      const holder = canonical?.values[append.position - 1];
      if (holder === append.token) continue;
      const place = `position ${append.position} of key ${append.key}`;
      const found = holder === undefined ? 'no server has applied anything there' : `it holds ${describeToken(holder)}`;
      const nodes = holder === undefined ? [] : [canonical?.nodes[append.position - 1] as NodeId];
      this.report('acknowledged-appends-kept', `client was told ${describeToken(append.token)} is at ${place}, but ${found}`, nodes);
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

/** Entries of the server's log that are still the same objects as in the mirror. */
function keptPrefixLength(log: readonly LogEntry[], mirror: readonly LogEntry[]): number {
  const shared = Math.min(log.length, mirror.length);
  if (shared === 0 || log[shared - 1] === mirror[shared - 1]) return shared;
  // Same objects up to some point, different (new copies) after it: find that point.
  let low = 0;
  let high = shared - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (log[middle] === mirror[middle]) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The command's token, or 0 for a no-op. */
function entryToken(entry: LogEntry): number {
  return entry.command === null ? 0 : commandToken(entry.command.clientId, entry.command.requestId);
}

function describeTokenOrNoOp(token: number): string {
  return token === 0 ? 'no-op' : describeToken(token);
}

