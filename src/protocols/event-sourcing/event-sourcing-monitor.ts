// The checker, watching from outside: it folds the primary's log into the write model
// (every account's balance after every event), and compares with it every snapshot the
// store keeps and the projection's read model. Rule: it reads only what nodes show
// through their views, and folds each log entry once, so checking after every event
// stays cheap on long runs; while the primary is down it waits (its log is durable, so
// nothing is missed).
import type { Micros } from '../../engine/time.ts';
import { balanceChange } from './bank-account.ts';
import type { ProjectionView } from './balances-projection.ts';
import type { StoreView } from './event-store-node.ts';

export interface Overdraft {
  readonly stream: string;
  readonly position: number;
  readonly balance: number;
}

export interface BadSnapshot {
  readonly stream: string;
  readonly version: number;
  readonly snapshotBalance: number;
  readonly replayedBalance: number;
}

export class EventSourcingMonitor {
  private folded = 0;
  private readonly balances = new Map<string, number>();
  /** Each stream's balance after each of its versions (index 0: version 0). */
  private readonly balanceByVersion = new Map<string, number[]>();
  /** The sum of all balances after each position (index 0: nothing yet). */
  private readonly totalAfter: number[] = [0];
  private readonly snapshotsChecked = new Map<string, number>();
  private lowest = 0;
  private overdraft: Overdraft | undefined;
  private badSnapshot: BadSnapshot | undefined;
  private lastProjectionPosition = 0;
  private lastCommitPosition = 0;

  constructor(
    private readonly storeView: () => StoreView | undefined,
    private readonly projectionView: () => ProjectionView | undefined,
  ) {}

  get minBalance(): number {
    return this.lowest;
  }

  get firstOverdraft(): Overdraft | undefined {
    return this.overdraft;
  }

  get firstBadSnapshot(): BadSnapshot | undefined {
    return this.badSnapshot;
  }

  get eventsFolded(): number {
    return this.folded;
  }

  /** Folds what the primary appended since the last call. */
  observe(): void {
    const view = this.storeView();
    if (view === undefined) return;
    const entries = view.log.all;
    for (; this.folded < entries.length; this.folded++) {
      const entry = entries[this.folded];
      if (entry === undefined) break;
      const balance = (this.balances.get(entry.stream) ?? 0) + balanceChange(entry.event);
      this.balances.set(entry.stream, balance);
      const history = this.balanceByVersion.get(entry.stream) ?? [0];
      history.push(balance);
      this.balanceByVersion.set(entry.stream, history);
      this.totalAfter.push((this.totalAfter[this.totalAfter.length - 1] as number) + balanceChange(entry.event));
      if (balance < this.lowest) this.lowest = balance;
      if (balance < 0 && this.overdraft === undefined) this.overdraft = { stream: entry.stream, position: entry.position, balance };
    }
  }

  /** Compares snapshots saved since the last call with the balance replayed from the stream's start. */
  checkSnapshots(): void {
    const view = this.storeView();
    if (view === undefined || this.badSnapshot !== undefined) return;
    for (const [stream, snapshots] of view.log.snapshots()) {
      const history = this.balanceByVersion.get(stream) ?? [0];
      for (let index = this.snapshotsChecked.get(stream) ?? 0; index < snapshots.length; index++) {
        const snapshot = snapshots[index];
        if (snapshot === undefined) break;
        const replayedBalance = history[snapshot.version];
        if (replayedBalance !== snapshot.balance) {
          this.badSnapshot = { stream, version: snapshot.version, snapshotBalance: snapshot.balance, replayedBalance: replayedBalance ?? Number.NaN };
          return;
        }
        this.snapshotsChecked.set(stream, index + 1);
      }
    }
  }

  /** The projection's position, or the last one seen while it is down. */
  get projectionPosition(): number {
    const view = this.projectionView();
    if (view !== undefined) this.lastProjectionPosition = view.position;
    return this.lastProjectionPosition;
  }

  /** The primary's commit position, or the last one seen while it is down. */
  get commitPosition(): number {
    const view = this.storeView();
    if (view !== undefined) this.lastCommitPosition = view.commitPosition;
    return this.lastCommitPosition;
  }

  /** Whether the read model's total equals the write model's at the read model's position (undefined: cannot tell now). */
  readModelMatchesPrefix(): { readonly position: number; readonly readTotal: number; readonly writeTotal: number } | undefined {
    const view = this.projectionView();
    if (view === undefined || view.position > this.folded) return undefined;
    let readTotal = 0;
    for (const balance of view.balances.values()) readTotal += balance;
    const writeTotal = this.totalAfter[view.position] as number;
    return readTotal === writeTotal ? undefined : { position: view.position, readTotal, writeTotal };
  }

  /** Where the projection and the committed write model differ, in words; undefined when they agree. */
  divergence(): string | undefined {
    const store = this.storeView();
    const projection = this.projectionView();
    if (store === undefined) return 'the primary is down';
    if (projection === undefined) return 'the projection is down';
    const commit = store.commitPosition;
    if (projection.position !== commit) return `the projection is at position ${projection.position}, the store has committed ${commit}`;
    const committed = this.committedBalances(store, commit);
    for (const [account, balance] of committed) {
      const shown = projection.balances.get(account) ?? 0;
      if (shown !== balance) return `account ${account}: the read model shows ${shown}, replaying the log gives ${balance}`;
    }
    return undefined;
  }

  /** How long ago the oldest committed event the projection has not applied was recorded; 0 when it is caught up. */
  lagUs(nowUs: Micros): Micros {
    const store = this.storeView();
    if (store === undefined) return 0;
    const next = this.projectionPosition + 1;
    if (next > store.commitPosition) return 0;
    const entry = store.log.entryAt(next);
    return entry === undefined ? 0 : Math.max(0, nowUs - entry.recordedAtUs);
  }

  private committedBalances(store: StoreView, commit: number): Map<string, number> {
    const result = new Map<string, number>();
    for (const stream of this.balanceByVersion.keys()) result.set(stream, 0);
    const entries = store.log.all;
    for (let index = 0; index < commit && index < entries.length; index++) {
      const entry = entries[index];
      if (entry !== undefined) result.set(entry.stream, (result.get(entry.stream) ?? 0) + balanceChange(entry.event));
    }
    return result;
  }
}
