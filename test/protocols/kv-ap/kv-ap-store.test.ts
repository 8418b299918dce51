// The store's mechanisms one at a time, on a five-node store with fixed 1ms links and a
// scripted client: quorum writes reach every replica, a sloppy quorum hands a fallback a
// hint that it delivers after the heal, read repair and anti-entropy each fix a replica
// that missed a write, version vectors keep concurrent writes as siblings, last-writer-
// wins lets a clock that runs ahead win, and records, hints and the clock survive a crash.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import type { CallResult } from '../../../src/node/call-result.ts';
import type { NodeId } from '../../../src/node/node-api.ts';
import { sleep, type Process } from '../../../src/node/process.ts';
import { checkConvergence } from '../../../src/check/convergence.ts';
import type { HlcTimestamp } from '../../../src/protocols/kv-ap/hlc.ts';
import { BLIND_WRITE, type ReadResult, type StoreReply, type WriteContext } from '../../../src/protocols/kv-ap/kv-ap-messages.ts';
import { replicaKeyStates } from '../../../src/protocols/kv-ap/store-observation.ts';
import { ask, StoreWorld, TEST_OPTIONS } from './store-world.ts';

const KEY = 'k';

/** The key's replicas in ring order, then the other nodes in ring order (the fallbacks). */
function layout(world: StoreWorld): { replicas: NodeId[]; others: NodeId[] } {
  const walk = world.ring.walk(KEY);
  return { replicas: walk.slice(0, 3), others: walk.slice(3) };
}

function readOf(result: CallResult<StoreReply> | undefined): ReadResult {
  if (result?.kind !== 'ok' || result.reply.type !== 'read') throw new Error(`expected a read, got ${JSON.stringify(result)}`);
  return result.reply.result;
}

function contextOf(result: ReadResult): WriteContext {
  return result.kind === 'register' ? result.context : BLIND_WRITE;
}

function digestAt(world: StoreWorld, node: NodeId): string | undefined {
  return world.view(node).keys.find((entry) => entry.key === KEY)?.digest;
}

function stampAt(world: StoreWorld, node: NodeId): HlcTimestamp {
  const record = world.view(node).keys.find((entry) => entry.key === KEY)?.record;
  if (record?.kind !== 'lww') throw new Error(`node ${node} holds no lww record for ${KEY}`);
  return record.stamp;
}

describe('kv-ap store', () => {
  it('stores a write on all N replicas and reads it back through any node', () => {
    const results: CallResult<StoreReply>[] = [];
    let coordinator = 0;
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      results.push(yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE }));
      yield* sleep(ms(20));
      results.push(yield* ask(4, { type: 'get', key: KEY }));
    });
    const { replicas, others } = layout(world);
    coordinator = others[0] as NodeId;
    world.runUntil(ms(100));
    expect(results[0]).toEqual({ kind: 'ok', reply: { type: 'written' } });
    expect(readOf(results[1])).toMatchObject({ kind: 'register', values: ['a;'], context: { kind: 'timestamp', stamp: { logical: 0, node: coordinator } } });
    const digests = replicas.map((node) => digestAt(world, node));
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).toMatch(/^[0-9a-f]{8}$/);
    // The coordinator keeps its own copy, though it is not a replica.
    expect(world.view(coordinator).keys.map((entry) => [entry.key, entry.isReplica])).toEqual([[KEY, false]]);
  });

  it('hands a fallback a hint for an unreachable replica and delivers it after the heal, even across the fallback’s crash', () => {
    const options = { ...TEST_OPTIONS, antiEntropy: false, readRepair: false };
    const results: CallResult<StoreReply>[] = [];
    let coordinator = -1;
    const world = new StoreWorld(options, function* (): Process<void> {
      yield* sleep(ms(10));
      results.push(yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE }));
    });
    const { replicas, others } = layout(world);
    const [first, , cutOff] = replicas as [NodeId, NodeId, NodeId];
    const fallback = others[0] as NodeId;
    coordinator = first;
    world.partition({ kind: 'isolate', node: cutOff });
    world.runUntil(ms(300));
    expect(results[0]).toEqual({ kind: 'ok', reply: { type: 'written' } });
    expect(digestAt(world, cutOff)).toBeUndefined();
    expect(world.view(fallback).hints).toBe(1);
    expect(world.metrics.hintsTaken).toBe(1);
    world.cluster.crash(fallback);
    world.cluster.restart(fallback);
    expect(world.view(fallback).hints).toBe(1);
    world.heal();
    world.runUntil(ms(600));
    expect(world.metrics.hintsDelivered).toBe(1);
    expect(world.view(fallback).hints).toBe(0);
    expect(digestAt(world, cutOff)).toBe(digestAt(world, first));
    expect(checkConvergence(replicaKeyStates(world.snapshot())).converged).toBe(true);
  });

  it('keeps the hint itself when the coordinator is the fallback for an unreachable replica', () => {
    const options = { ...TEST_OPTIONS, antiEntropy: false, readRepair: false };
    let coordinator = -1;
    const world = new StoreWorld(options, function* (): Process<void> {
      yield* sleep(ms(10));
      yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE });
    });
    const { replicas, others } = layout(world);
    const cutOff = replicas[2] as NodeId;
    coordinator = others[0] as NodeId;
    world.partition({ kind: 'isolate', node: cutOff });
    world.runUntil(ms(300));
    expect(world.view(coordinator).hints).toBe(1);
    world.heal();
    world.runUntil(ms(600));
    expect(world.view(coordinator).hints).toBe(0);
    expect(digestAt(world, cutOff)).toBe(digestAt(world, replicas[0] as NodeId));
  });

  it('without hinted handoff or anti-entropy, a read repairs the replica that missed a write', () => {
    const options = { ...TEST_OPTIONS, hintedHandoff: false, antiEntropy: false };
    const results: CallResult<StoreReply>[] = [];
    let coordinator = -1;
    const world = new StoreWorld(options, function* (): Process<void> {
      yield* sleep(ms(10));
      results.push(yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE }));
      yield* sleep(ms(200));
      results.push(yield* ask(coordinator, { type: 'get', key: KEY }));
    });
    const [first, , cutOff] = layout(world).replicas as [NodeId, NodeId, NodeId];
    coordinator = first;
    world.partition({ kind: 'isolate', node: cutOff });
    world.runUntil(ms(150));
    expect(digestAt(world, cutOff)).toBeUndefined();
    world.heal();
    world.runUntil(ms(400));
    expect(readOf(results[1])).toMatchObject({ values: ['a;'] });
    expect(world.metrics.readRepairs).toBe(1);
    expect(digestAt(world, cutOff)).toBe(digestAt(world, first));
  });

  it('without hinted handoff or read repair, anti-entropy brings the replica that missed a write up to date', () => {
    const options = { ...TEST_OPTIONS, hintedHandoff: false, readRepair: false };
    let coordinator = -1;
    const world = new StoreWorld(options, function* (): Process<void> {
      yield* sleep(ms(10));
      yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE });
    });
    const [first, , cutOff] = layout(world).replicas as [NodeId, NodeId, NodeId];
    coordinator = first;
    world.partition({ kind: 'isolate', node: cutOff });
    world.runUntil(ms(150));
    world.heal();
    expect(digestAt(world, cutOff)).toBeUndefined();
    world.runUntil(seconds(2));
    expect(world.metrics.antiEntropyRepairs).toBeGreaterThanOrEqual(1);
    expect(digestAt(world, cutOff)).toBe(digestAt(world, first));
  });

  it('with version vectors keeps blind concurrent writes as siblings, and a write with their context replaces both', () => {
    const results: CallResult<StoreReply>[] = [];
    const world = new StoreWorld({ ...TEST_OPTIONS, conflict: 'version-vectors' }, function* (): Process<void> {
      yield* sleep(ms(5));
      yield* ask(0, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE });
      yield* ask(1, { type: 'put', key: KEY, value: 'b;', context: BLIND_WRITE });
      const read = yield* ask(2, { type: 'get', key: KEY });
      results.push(read);
      yield* ask(3, { type: 'put', key: KEY, value: 'a;b;c;', context: contextOf(readOf(read)) });
      yield* sleep(ms(10));
      results.push(yield* ask(4, { type: 'get', key: KEY }));
    });
    world.runUntil(ms(200));
    expect(readOf(results[0])).toEqual({ kind: 'register', values: ['a;', 'b;'], context: { kind: 'version-vector', vector: [[0, 1], [1, 1]] } });
    expect(readOf(results[1])).toEqual({ kind: 'register', values: ['a;b;c;'], context: { kind: 'version-vector', vector: [[0, 1], [1, 1], [3, 1]] } });
    expect(Math.max(...layout(world).replicas.map((node) => world.view(node).keys[0]?.siblings ?? 0))).toBe(1);
  });

  it('with last-writer-wins keeps only the later of two blind writes', () => {
    const results: CallResult<StoreReply>[] = [];
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      yield* ask(0, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE });
      yield* ask(1, { type: 'put', key: KEY, value: 'b;', context: BLIND_WRITE });
      results.push(yield* ask(2, { type: 'get', key: KEY }));
    });
    world.runUntil(ms(200));
    expect(readOf(results[0])).toMatchObject({ kind: 'register', values: ['b;'], context: { kind: 'timestamp', stamp: { node: 1 } } });
  });

  it('with last-writer-wins lets a node whose clock runs ahead beat a later write by a node that never saw its stamp', () => {
    const results: CallResult<StoreReply>[] = [];
    let ahead = -1;
    let unaware = -1;
    let replica = -1;
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      yield* ask(ahead, { type: 'put', key: KEY, value: 'early;', context: BLIND_WRITE });
      yield* ask(unaware, { type: 'put', key: KEY, value: 'late;', context: BLIND_WRITE });
      results.push(yield* ask(ahead, { type: 'get', key: KEY }));
      // A replica has merged the early write and moved its clock past that stamp: its write wins.
      yield* ask(replica, { type: 'put', key: KEY, value: 'later;', context: BLIND_WRITE });
      results.push(yield* ask(ahead, { type: 'get', key: KEY }));
    });
    const { replicas, others } = layout(world);
    [ahead, replica] = replicas as [NodeId, NodeId];
    unaware = others[0] as NodeId;
    world.cluster.setClock(ahead, { offsetUs: seconds(1), driftPpm: 0 });
    world.runUntil(ms(200));
    expect(readOf(results[0])).toMatchObject({ values: ['early;'] });
    expect(readOf(results[1])).toMatchObject({ values: ['later;'] });
  });

  it('with last-writer-wins orders a write after the stamp its client read, however far ahead that stamp’s clock ran', () => {
    const results: CallResult<StoreReply>[] = [];
    let ahead = -1;
    let unaware = -1;
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      yield* ask(ahead, { type: 'put', key: KEY, value: 'early;', context: BLIND_WRITE });
      const read = yield* ask(ahead, { type: 'get', key: KEY });
      // The node that coordinates this write has never seen the early stamp, but the client passes it on.
      yield* ask(unaware, { type: 'put', key: KEY, value: 'early;late;', context: contextOf(readOf(read)) });
      results.push(yield* ask(ahead, { type: 'get', key: KEY }));
    });
    const { replicas, others } = layout(world);
    ahead = replicas[0] as NodeId;
    unaware = others[0] as NodeId;
    world.cluster.setClock(ahead, { offsetUs: seconds(1), driftPpm: 0 });
    world.runUntil(ms(200));
    expect(readOf(results[0])).toMatchObject({ values: ['early;late;'] });
  });

  it('never stamps a write below an earlier one, though the node’s clock is set back a second', () => {
    let coordinator = -1;
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE });
      yield* sleep(ms(50));
      yield* ask(coordinator, { type: 'put', key: KEY, value: 'b;', context: BLIND_WRITE });
    });
    coordinator = layout(world).replicas[0] as NodeId;
    world.runUntil(ms(30));
    const first = stampAt(world, coordinator);
    world.cluster.setClock(coordinator, { offsetUs: -seconds(1), driftPpm: 0 });
    world.cluster.crash(coordinator);
    world.cluster.restart(coordinator);
    world.runUntil(ms(200));
    const second = stampAt(world, coordinator);
    expect(second.wallUs).toBe(first.wallUs);
    expect(second.logical).toBeGreaterThan(first.logical);
    expect(world.view(coordinator).keys[0]?.record).toMatchObject({ value: 'b;' });
  });

  it('refuses an operation of the wrong type for the key, and writes nothing', () => {
    const results: CallResult<StoreReply>[] = [];
    const world = new StoreWorld(TEST_OPTIONS, function* (): Process<void> {
      yield* sleep(ms(5));
      results.push(yield* ask(0, { type: 'update', key: KEY, update: { kind: 'increment', delta: 2 } }));
      yield* sleep(ms(10));
      results.push(yield* ask(0, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE }));
      results.push(yield* ask(1, { type: 'get', key: KEY }));
    });
    world.runUntil(ms(200));
    expect(results[0]).toEqual({ kind: 'ok', reply: { type: 'written' } });
    expect(results[1]).toEqual({ kind: 'ok', reply: { type: 'refused', reason: 'key "k" holds a counter, not a register' } });
    expect(readOf(results[2])).toEqual({ kind: 'counter', value: 2 });
  });

  it('answers "quorum not reached" under a strict quorum when fewer than W replicas can be reached', () => {
    const results: CallResult<StoreReply>[] = [];
    let coordinator = -1;
    const world = new StoreWorld({ ...TEST_OPTIONS, hintedHandoff: false }, function* (): Process<void> {
      yield* sleep(ms(5));
      results.push(yield* ask(coordinator, { type: 'put', key: KEY, value: 'a;', context: BLIND_WRITE }));
      results.push(yield* ask(coordinator, { type: 'get', key: KEY }));
    });
    const [first, second, third] = layout(world).replicas as [NodeId, NodeId, NodeId];
    coordinator = first;
    world.partition({ kind: 'split', groups: [[first, world.client], [second, third]] });
    world.runUntil(ms(300));
    expect(results[0]).toMatchObject({ kind: 'error', reason: 'remote', detail: 'write quorum not reached: 1 of 2 replicas acknowledged' });
    expect(results[1]).toMatchObject({ kind: 'error', reason: 'remote', detail: 'read quorum not reached: 1 of 2 replicas answered' });
    expect(world.metrics.quorumFailures).toBe(2);
  });
});
