// The event store driven by hand: one scripted client calls the primary directly, on a
// network with fixed 1ms links, so a test can append with chosen expected versions, cut
// the followers off, crash the primary, and look at every node's log.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/engine/simulation.ts';
import { ms, type Micros } from '../../../src/engine/time.ts';
import type { CallResult } from '../../../src/node/call-result.ts';
import { Cluster } from '../../../src/node/cluster.ts';
import type { NodeId } from '../../../src/node/node-api.ts';
import { call, type Process } from '../../../src/node/process.ts';
import { rpcNode } from '../../../src/node/rpc-node.ts';
import type { AccountEvent } from '../../../src/protocols/event-sourcing/bank-account.ts';
import type { AppendReply, LoadReply, ReadAllReply, StoreReply, StoreRequest } from '../../../src/protocols/event-sourcing/event-store-messages.ts';
import { emptyEventStoreMetrics } from '../../../src/protocols/event-sourcing/event-store-metrics.ts';
import { eventStoreNode, PRIMARY, type StoreView } from '../../../src/protocols/event-sourcing/event-store-node.ts';
import type { EventSourcingBug, EventSourcingOptions } from '../../../src/protocols/event-sourcing/event-store-options.ts';

function optionsWith(bug: EventSourcingBug): EventSourcingOptions {
  return { storeNodes: 3, snapshotEvery: 5, conflictRetries: 3, heartbeatIntervalUs: ms(20), storeTimeoutUs: ms(150), projectionPollUs: ms(20), projectionCheckpointUs: ms(200), bug };
}

const DEPOSIT: AccountEvent = { type: 'deposited', amount: 10 };
const WITHDRAW: AccountEvent = { type: 'withdrew', amount: 10 };

class StoreWorld {
  readonly simulation = new Simulation(1);
  readonly cluster = new Cluster(this.simulation);
  readonly metrics = emptyEventStoreMetrics();

  constructor(bug: EventSourcingBug, script: () => Process<void>) {
    this.cluster.network.setDefaultLink({ latency: { kind: 'constant', baseUs: ms(1) }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' });
    this.cluster.addNodes(3, eventStoreNode(optionsWith(bug), this.metrics));
    this.cluster.addNode(() => rpcNode({ onStart: (host) => host.spawn(script(), 'script') }));
    this.cluster.start();
  }

  runUntil(timeUs: Micros): void {
    this.simulation.runUntil(timeUs);
  }

  view(node: NodeId): StoreView | undefined {
    return (this.cluster.inspect(node) as { node: StoreView | undefined } | undefined)?.node;
  }
}

function* store<Reply>(request: StoreRequest, to: NodeId = PRIMARY): Process<CallResult<Reply>> {
  return yield* call<Reply>(to, request, { timeoutUs: ms(300) });
}

function append(expectedVersion: number, commandId: string, event: AccountEvent = DEPOSIT): StoreRequest {
  return { type: 'append', stream: 'a', expectedVersion, events: [event], commandId };
}

describe('event store: optimistic concurrency', () => {
  it('rejects an append with a stale expected version, and keeps the first', () => {
    const results: CallResult<StoreReply>[] = [];
    const world = new StoreWorld('none', function* () {
      results.push(yield* store(append(0, 'c1')));
      results.push(yield* store(append(0, 'c2', WITHDRAW)));
      results.push(yield* store(append(1, 'c3', WITHDRAW)));
    });
    world.runUntil(ms(100));
    expect(results.map((result) => (result.kind === 'ok' ? result.reply : result.kind))).toEqual([
      { kind: 'appended', version: 1, position: 1 },
      { kind: 'conflict', expectedVersion: 0, actualVersion: 1 },
      { kind: 'appended', version: 2, position: 2 },
    ]);
    expect(world.view(PRIMARY)?.log.all.map((entry) => entry.commandId)).toEqual(['c1', 'c3']);
    expect(world.metrics.conflicts).toBe(1);
  });

  it('with bug=no-version-check appends on a stale version too, so two decisions on one state both land', () => {
    const results: CallResult<AppendReply>[] = [];
    const world = new StoreWorld('no-version-check', function* () {
      results.push(yield* store<AppendReply>(append(0, 'c1')));
      results.push(yield* store<AppendReply>(append(0, 'c2', WITHDRAW)));
    });
    world.runUntil(ms(100));
    expect(results.every((result) => result.kind === 'ok' && result.reply.kind === 'appended')).toBe(true);
    expect(world.view(PRIMARY)?.log.length).toBe(2);
  });

  it('appends a retried command once and answers the retry with the first version', () => {
    const results: CallResult<AppendReply>[] = [];
    const world = new StoreWorld('none', function* () {
      results.push(yield* store<AppendReply>(append(0, 'c1')));
      results.push(yield* store<AppendReply>(append(0, 'c1')));
      const loaded = yield* store<LoadReply>({ type: 'load', stream: 'a', commandId: 'c1' });
      if (loaded.kind === 'ok') expect(loaded.reply).toEqual({ kind: 'applied', version: 1 });
    });
    world.runUntil(ms(100));
    expect(results.map((result) => (result.kind === 'ok' ? result.reply.kind : result.kind))).toEqual(['appended', 'appended']);
    expect(world.view(PRIMARY)?.log.length).toBe(1);
    expect(world.metrics.retriedAppends).toBe(1);
  });
});

describe('event store: replication', () => {
  it('answers an append only once a majority holds it, and commits it after the heal', () => {
    const results: CallResult<AppendReply>[] = [];
    const world = new StoreWorld('none', function* () {
      results.push(yield* store<AppendReply>(append(0, 'c1')));
    });
    world.cluster.network.partition({ kind: 'split', groups: [[0, 3], [1, 2]] });
    world.runUntil(ms(200));
    expect(results[0]?.kind).toBe('error');
    expect(world.view(PRIMARY)?.log.length).toBe(1);
    expect(world.view(PRIMARY)?.commitPosition).toBe(0);
    world.cluster.network.heal();
    world.runUntil(ms(300));
    expect(world.view(PRIMARY)?.commitPosition).toBe(1);
    expect(world.view(1)?.log.length).toBe(1);
    expect(world.view(2)?.commitPosition).toBe(1);
  });

  it('keeps its log through a crash, serves only committed entries to readers, and loads from the latest snapshot', () => {
    let read: CallResult<ReadAllReply> | undefined;
    let loaded: CallResult<LoadReply> | undefined;
    const world = new StoreWorld('none', function* () {
      for (let version = 0; version < 6; version++) yield* store(append(version, `c${version}`));
      yield* store({ type: 'save-snapshot', stream: 'a', snapshot: { version: 5, balance: 50 } });
      read = yield* store<ReadAllReply>({ type: 'read-all', fromPosition: 3, max: 2 }, 1);
      loaded = yield* store<LoadReply>({ type: 'load', stream: 'a', commandId: 'c-new' });
    });
    world.runUntil(ms(100));
    expect(read?.kind === 'ok' && read.reply.entries.map((entry) => entry.position)).toEqual([3, 4]);
    expect(loaded?.kind === 'ok' && loaded.reply).toEqual({ kind: 'loaded', snapshot: { version: 5, balance: 50 }, events: [DEPOSIT] });
    world.cluster.crash(PRIMARY);
    world.cluster.restart(PRIMARY);
    expect(world.view(PRIMARY)?.log.length).toBe(6);
    expect(world.view(PRIMARY)?.log.streamVersion('a')).toBe(6);
  });

  it('ignores a snapshot ahead of the stream or behind the latest one', () => {
    const replies: CallResult<StoreReply>[] = [];
    const world = new StoreWorld('none', function* () {
      yield* store(append(0, 'c1'));
      replies.push(yield* store({ type: 'save-snapshot', stream: 'a', snapshot: { version: 2, balance: 20 } }));
      replies.push(yield* store({ type: 'save-snapshot', stream: 'a', snapshot: { version: 1, balance: 10 } }));
      replies.push(yield* store({ type: 'save-snapshot', stream: 'a', snapshot: { version: 1, balance: 10 } }));
    });
    world.runUntil(ms(100));
    expect(replies.map((reply) => (reply.kind === 'ok' ? (reply.reply as { kind: string }).kind : reply.kind))).toEqual(['snapshot-ignored', 'snapshot-saved', 'snapshot-ignored']);
  });
});
