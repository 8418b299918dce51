// A client of the store, as Jepsen writes them: one operation at a time, each recorded in
// the history as an invoke and an ok, fail or info. On a register key it reads (`get`)
// or appends a unique token (`append`: a read, a merge of the siblings if any, and a
// write back with the read's context: Dynamo's read-modify-write); on a counter it
// increments or reads; on a set it adds a unique element or reads.
// Rule: `fail` only when the operation certainly did not take effect (refused, or its
// read failed before anything was written); `info` when it may have (a timeout, or a
// write that reached fewer than W replicas), so checkers treat it as indeterminate.
import { assertNever } from '../../engine/assert-never.ts';
import type { Micros } from '../../engine/time.ts';
import type { HistoryValue } from '../../check/history/history-event.ts';
import type { CallResult } from '../../node/call-result.ts';
import type { NodeFactory, NodeId } from '../../node/node-api.ts';
import { call, nodeContext, sleep, uniqueId, type Process } from '../../node/process.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import type { Completion, HistoryRecorder } from './history-recorder.ts';
import { BLIND_WRITE, type ClientRequest, type ReadResult, type StoreReply } from './kv-ap-messages.ts';
import { mergeTokenValues } from './sibling-merge.ts';
import type { ValueType } from './stored-record.ts';

export interface KeySpec {
  readonly name: string;
  readonly type: ValueType;
}

export interface KvApClientOptions {
  /** The client's process number in the history. */
  readonly process: number;
  /** The store nodes it may ask (its nearest ones, or all); each operation picks one at random. */
  readonly coordinators: readonly NodeId[];
  readonly keys: readonly KeySpec[];
  /** Share of operations that write, 0 to 1. */
  readonly writeRatio: number;
  /** Mean pause between operations (each pause is uniform in [interval/2, 3 interval/2]). */
  readonly intervalUs: Micros;
  /** How long it waits for a coordinator's answer. */
  readonly timeoutUs: Micros;
  /** It starts no operation once its clock reaches this time. */
  readonly stopAtUs: Micros;
  readonly recorder: HistoryRecorder;
}

/** Bounds a client's loop; the recorder's limit or stopAtUs ends it long before. */
const MAX_OPERATIONS_PER_CLIENT = 1_000_000;

type Outcome = { readonly completion: Completion; readonly value: HistoryValue };

export function kvApClient(options: KvApClientOptions): NodeFactory {
  if (options.coordinators.length === 0 || options.keys.length === 0) throw new RangeError('kv-ap client: expected at least one coordinator and one key');
  return () =>
    rpcNode({
      onStart(host) {
        options.recorder.abandonOpen(options.process);
        host.spawn(workload(options), 'workload');
      },
      inspect: () => ({ role: 'client', process: options.process }),
    });
}

function* workload(options: KvApClientOptions): Process<void> {
  const context = yield* nodeContext();
  for (let count = 0; count < MAX_OPERATIONS_PER_CLIENT; count++) {
    yield* sleep(Math.floor(options.intervalUs / 2) + context.random.below(options.intervalUs + 1));
    if (context.now >= options.stopAtUs || options.recorder.isFull) return;
    const key = context.random.pick(options.keys);
    const coordinator = context.random.pick(options.coordinators);
    const isWrite = context.random.chance(options.writeRatio);
    yield* runOperation(options, key, coordinator, isWrite);
  }
}

function* runOperation(options: KvApClientOptions, key: KeySpec, coordinator: NodeId, isWrite: boolean): Process<void> {
  const { f, input } = isWrite ? yield* writeOf(key) : { f: key.type === 'register' ? 'get' : 'read', input: null };
  const operation = options.recorder.invoke(options.process, f, key.name, input);
  if (operation === undefined) return;
  const outcome = isWrite ? yield* write(options, key, coordinator, input) : yield* read(options, key, coordinator);
  options.recorder.complete(operation, outcome.completion, outcome.value);
}

function* writeOf(key: KeySpec): Process<{ f: string; input: HistoryValue }> {
  switch (key.type) {
    case 'register':
      return { f: 'append', input: `${yield* uniqueId()};` };
    case 'counter':
      return { f: 'increment', input: 1 };
    case 'set':
      return { f: 'add', input: yield* uniqueId() };
    default:
      return assertNever(key.type);
  }
}

function* ask(options: KvApClientOptions, coordinator: NodeId, request: ClientRequest): Process<CallResult<StoreReply>> {
  return yield* call<StoreReply>(coordinator, request, { timeoutUs: options.timeoutUs });
}

function* read(options: KvApClientOptions, key: KeySpec, coordinator: NodeId): Process<Outcome> {
  const result = yield* ask(options, coordinator, { type: 'get', key: key.name });
  if (result.kind === 'timeout') return { completion: 'info', value: null };
  if (result.kind === 'error' || result.reply.type !== 'read') return { completion: 'fail', value: null };
  return { completion: 'ok', value: readValue(key.type, result.reply.result) };
}

/** What the client makes of a read: the merged token string, the counter's value, the set's elements. */
function readValue(type: ValueType, result: ReadResult): HistoryValue {
  switch (type) {
    case 'register':
      return result.kind === 'register' ? mergeTokenValues(result.values) : '';
    case 'counter':
      return result.kind === 'counter' ? result.value : 0;
    case 'set':
      return result.kind === 'set' ? [...result.elements] : [];
    default:
      return assertNever(type);
  }
}

function* write(options: KvApClientOptions, key: KeySpec, coordinator: NodeId, input: HistoryValue): Process<Outcome> {
  let request: ClientRequest;
  if (key.type === 'register') {
    const base = yield* ask(options, coordinator, { type: 'get', key: key.name });
    // Nothing has been written yet: a failed or timed-out read makes the append certainly fail.
    if (base.kind !== 'ok' || base.reply.type !== 'read') return { completion: 'fail', value: input };
    const result = base.reply.result;
    const values = result.kind === 'register' ? result.values : [];
    const context = result.kind === 'register' ? result.context : BLIND_WRITE;
    request = { type: 'put', key: key.name, value: mergeTokenValues(values) + (input as string), context };
  } else {
    const update = key.type === 'counter' ? { kind: 'increment' as const, delta: input as number } : { kind: 'add' as const, element: input as string };
    request = { type: 'update', key: key.name, update };
  }
  const result = yield* ask(options, coordinator, request);
  if (result.kind === 'ok') return { completion: result.reply.type === 'written' ? 'ok' : 'fail', value: input };
  return { completion: 'info', value: input };
}
