// A command handler: the write side of CQRS. For each command it loads the account (the
// latest snapshot and the events after it), decides, and appends the resulting events
// with the version it decided on as the expected version. When the store says another
// append got there first, it reloads and decides again, a bounded number of times.
// Rule: a handler holds nothing between commands; all it knows comes from the store, so
// any handler can take any command and a crash loses nothing but the commands in flight.
import { ok, type CallResult } from '../../node/call-result.ts';
import type { NodeId } from '../../node/node-api.ts';
import { call, type Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { decide, EMPTY_ACCOUNT, replay, type AccountState } from './bank-account.ts';
import type { AppendReply, CommandReply, CommandRequest, LoadReply, StoreReply } from './event-store-messages.ts';
import type { EventSourcingOptions } from './event-store-options.ts';
import type { EventStoreMetrics } from './event-store-metrics.ts';
import { PRIMARY } from './event-store-node.ts';

type CommandCall = Process<CallResult<CommandReply>>;

/** Whether an append from `before` to `after` crosses a multiple of `every` (0: snapshots off). */
export function isSnapshotDue(before: number, after: number, every: number): boolean {
  return every > 0 && Math.floor(after / every) > Math.floor(before / every);
}

function* handleCommand(request: CommandRequest, options: EventSourcingOptions, metrics: EventStoreMetrics): CommandCall {
  const stream = request.command.account;
  const timeoutUs = options.storeTimeoutUs;
  for (let attempt = 0; attempt <= options.conflictRetries; attempt++) {
    if (attempt > 0) metrics.conflictRetries++;
    const loaded = yield* call<LoadReply>(PRIMARY, { type: 'load', stream, commandId: request.commandId }, { timeoutUs });
    if (loaded.kind !== 'ok') return loaded;
    if (loaded.reply.kind === 'applied') return ok({ outcome: 'accepted', version: loaded.reply.version });
    const state = replay(loaded.reply.events, loaded.reply.snapshot ?? EMPTY_ACCOUNT);
    const decision = decide(state, request.command);
    if (decision.kind === 'reject') return ok({ outcome: 'rejected', reason: decision.reason, balance: decision.balance });
    const next = replay(decision.events, state);
    // BUG snapshot-before-append: the snapshot is taken from a state the store has not accepted yet.
    if (options.bug === 'snapshot-before-append') yield* saveSnapshotIfDue(stream, state, next, options);
    const appended = yield* call<AppendReply>(PRIMARY, { type: 'append', stream, expectedVersion: state.version, events: decision.events, commandId: request.commandId }, { timeoutUs });
    if (appended.kind !== 'ok') return appended;
    if (appended.reply.kind === 'conflict') continue;
    if (options.bug !== 'snapshot-before-append') yield* saveSnapshotIfDue(stream, state, next, options);
    return ok({ outcome: 'accepted', version: appended.reply.version });
  }
  metrics.gaveUp++;
  return ok({ outcome: 'gave-up', reason: 'conflicts' });
}

/** Saves `after` as the stream's snapshot when it crosses a multiple of snapshotEvery; a lost save costs only replay time. */
function* saveSnapshotIfDue(stream: string, before: AccountState, after: AccountState, options: EventSourcingOptions): Process<void> {
  if (!isSnapshotDue(before.version, after.version, options.snapshotEvery)) return;
  yield* call<StoreReply>(PRIMARY, { type: 'save-snapshot', stream, snapshot: after }, { timeoutUs: options.storeTimeoutUs });
}

export function commandHandlerNode(options: EventSourcingOptions, metrics: EventStoreMetrics): (id: NodeId) => RpcNodeBehavior<CommandRequest, CommandReply> {
  return () => rpcNode<CommandRequest, CommandReply>({ serve: (request) => handleCommand(request, options, metrics) });
}
