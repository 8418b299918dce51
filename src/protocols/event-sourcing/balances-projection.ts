// The read side of CQRS: a projection that follows the store's log and keeps a read
// model of every account's balance. It reads committed entries in batches, from a
// follower when it can (any store node answers), applies them, and saves the read model
// with the position it has reached; now and then it also saves its subscription
// position (its checkpoint), from which it resumes after a crash. Rule: delivery is at
// least once (events after the checkpoint come again after a crash), so applying must
// be idempotent: an event at or below the read model's own position is skipped.
import type { Micros } from '../../engine/time.ts';
import type { NodeContext, NodeId } from '../../node/node-api.ts';
import { call, sleep, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { balanceChange } from './bank-account.ts';
import type { LogEntry, ReadAllReply, RebuildRequest } from './event-store-messages.ts';
import { ES_LIMITS, type EventSourcingOptions } from './event-store-options.ts';

const MODEL_KEY = 'projection/model';
const CHECKPOINT_KEY = 'projection/checkpoint';

/** The read model as stored: the position it reflects, and each account's balance. */
export interface ReadModel {
  readonly position: number;
  readonly balances: readonly (readonly [string, number])[];
}

/** What the projection shows through inspect(). */
export interface ProjectionView {
  readonly position: number;
  readonly balances: ReadonlyMap<string, number>;
  readonly rebuilding: boolean;
}

/** Told of rebuilds, so the report can time them (observer side; the projection does not read it). */
export interface ProjectionObserver {
  rebuildStarted(): void;
  rebuildFinished(eventsReplayed: number): void;
  /** An event the projection skipped because its read model already held it. */
  redeliverySkipped(): void;
}

class BalancesProjection {
  private context: NodeContext | undefined;
  private modelPosition = 0;
  private readonly balances = new Map<string, number>();
  /** Where reading resumes: the checkpoint at start, then the last event read. */
  private subscriptionPosition = 0;
  private lastCheckpointUs: Micros = 0;
  private sourceIndex = 0;
  private isRebuildRequested = false;
  private rebuildReplayed: number | undefined;

  constructor(
    private readonly sources: readonly NodeId[],
    private readonly options: EventSourcingOptions,
    private readonly observer: ProjectionObserver,
  ) {}

  behavior(): RpcNodeBehavior<unknown, unknown> {
    return rpcNode({
      onStart: (host, context) => {
        this.load(context);
        host.spawn(this.follow(), 'projection');
      },
      onMessage: (_context, _from, message) => {
        if ((message as RebuildRequest).type === 'rebuild') this.isRebuildRequested = true;
      },
      inspect: (): ProjectionView => ({ position: this.modelPosition, balances: this.balances, rebuilding: this.rebuildReplayed !== undefined }),
    });
  }

  private load(context: NodeContext): void {
    this.context = context;
    const model = context.storage.get<ReadModel>(MODEL_KEY);
    this.modelPosition = model?.position ?? 0;
    for (const [account, balance] of model?.balances ?? []) this.balances.set(account, balance);
    this.subscriptionPosition = context.storage.get<number>(CHECKPOINT_KEY) ?? 0;
    this.lastCheckpointUs = context.now;
  }

  private *follow(): Process<void> {
    const batch = ES_LIMITS.maxEntriesPerMessage;
    for (let reads = 0; reads < ES_LIMITS.maxProjectionReads; reads++) {
      if (this.isRebuildRequested) this.startRebuild();
      const source = this.sources[this.sourceIndex % this.sources.length] as NodeId;
      const result = yield* call<ReadAllReply>(source, { type: 'read-all', fromPosition: this.subscriptionPosition + 1, max: batch }, { timeoutUs: this.options.storeTimeoutUs });
      if (result.kind !== 'ok') {
        this.sourceIndex++;
        yield* sleep(this.options.projectionPollUs);
        continue;
      }
      this.applyBatch(result.reply.entries);
      if (this.rebuildReplayed !== undefined && this.subscriptionPosition >= result.reply.commitPosition) this.finishRebuild();
      if (result.reply.entries.length < batch) yield* sleep(this.options.projectionPollUs);
    }
  }

  private applyBatch(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    for (const entry of entries) this.apply(entry);
    const context = this.context as NodeContext;
    const model: ReadModel = { position: this.modelPosition, balances: [...this.balances] };
    context.storage.set(MODEL_KEY, model);
    if (context.now - this.lastCheckpointUs >= this.options.projectionCheckpointUs) {
      context.storage.set(CHECKPOINT_KEY, this.subscriptionPosition);
      this.lastCheckpointUs = context.now;
    }
  }

  private apply(entry: LogEntry): void {
    this.subscriptionPosition = Math.max(this.subscriptionPosition, entry.position);
    // BUG projection-not-idempotent: an event delivered again is applied again.
    if (this.options.bug !== 'projection-not-idempotent' && entry.position <= this.modelPosition) {
      this.observer.redeliverySkipped();
      return;
    }
    this.balances.set(entry.stream, (this.balances.get(entry.stream) ?? 0) + balanceChange(entry.event));
    this.modelPosition = Math.max(this.modelPosition, entry.position);
    if (this.rebuildReplayed !== undefined) this.rebuildReplayed++;
  }

  /** Throws the read model and the checkpoint away: everything is replayed from position 1. */
  private startRebuild(): void {
    const context = this.context as NodeContext;
    this.isRebuildRequested = false;
    this.balances.clear();
    this.modelPosition = 0;
    this.subscriptionPosition = 0;
    context.storage.set(MODEL_KEY, { position: 0, balances: [] } satisfies ReadModel);
    context.storage.set(CHECKPOINT_KEY, 0);
    this.rebuildReplayed = 0;
    this.observer.rebuildStarted();
  }

  private finishRebuild(): void {
    this.observer.rebuildFinished(this.rebuildReplayed ?? 0);
    this.rebuildReplayed = undefined;
  }
}

/** Reads from the followers first (the primary last): the read side should not load the write side. */
export function projectionSources(storeNodes: number): NodeId[] {
  const followers = Array.from({ length: storeNodes - 1 }, (_unused, index) => index + 1);
  return [...followers, 0];
}

export function balancesProjectionNode(options: EventSourcingOptions, observer: ProjectionObserver): (id: NodeId) => RpcNodeBehavior<unknown, unknown> {
  const sources = projectionSources(options.storeNodes);
  return () => new BalancesProjection(sources, options, observer).behavior();
}

