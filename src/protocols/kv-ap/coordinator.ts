// The coordinator: whichever store node a client calls runs the client's operation. It
// writes locally first (so that it holds every version it ever stamped, which the
// version-vectors policy relies on), then asks the key's replicas, and answers once R
// replicas answered a read or W acknowledged a write. Rule: the rounds of replica calls
// run as processes of their own and go on after the answer (more copies, hints for
// replicas that did not answer, read repair), so a quick answer never means fewer copies.
import { assertNever } from '../../engine/assert-never.ts';
import { callError, ok, type CallResult } from '../../node/call-result.ts';
import type { Process } from '../../node/process.ts';
import type { ClientRequest, CrdtUpdate, ReadResult, RecordReply, StoreReply, WriteContext } from './kv-ap-messages.ts';
import { KV_AP_LIMITS } from './kv-ap-options.ts';
import { addToSet, EMPTY_SET, removeFromSet, setElements } from './or-set.ts';
import { counterValue, EMPTY_COUNTER, updateCounter } from './pn-counter.ts';
import { askWithFallbacks, awaitQuorum, QuorumRound } from './quorum-round.ts';
import { siblingsContext } from './register-siblings.ts';
import { mergeRecords, valueTypeOf, type StoredRecord, type ValueType } from './stored-record.ts';
import type { StoreNode } from './store-node.ts';
import { EMPTY_VECTOR } from './version-vector.ts';

const ACK: StoreReply = { type: 'ack' };

export function coordinate(node: StoreNode, request: ClientRequest): Process<CallResult<StoreReply>> {
  switch (request.type) {
    case 'get':
      return coordinateGet(node, request.key);
    case 'put':
      return coordinatePut(node, request.key, request.value, request.context);
    case 'update':
      return coordinateUpdate(node, request.key, request.update);
    default:
      return assertNever(request);
  }
}

/** What a client sees of a record (after merging what R replicas sent). */
export function readResultOf(record: StoredRecord | undefined): ReadResult {
  if (record === undefined) return { kind: 'absent' };
  switch (record.kind) {
    case 'lww':
      return { kind: 'register', values: [record.value], context: { kind: 'timestamp', stamp: record.stamp } };
    case 'siblings':
      return { kind: 'register', values: record.siblings.map((sibling) => sibling.value), context: { kind: 'version-vector', vector: siblingsContext(record.siblings) } };
    case 'counter':
      return { kind: 'counter', value: counterValue(record.counter) };
    case 'set':
      return { kind: 'set', elements: setElements(record.set) };
    default:
      return assertNever(record);
  }
}

function* coordinateGet(node: StoreNode, key: string): Process<CallResult<StoreReply>> {
  const round = startRead(node, key);
  if (!(yield* awaitQuorum(round, node.options.readQuorum))) return quorumFailure(node, 'read', round.successes, node.options.readQuorum);
  return ok({ type: 'read', result: readResultOf(mergedReplies(round)) });
}

function* coordinatePut(node: StoreNode, key: string, value: string, context: WriteContext): Process<CallResult<StoreReply>> {
  const refusal = typeRefusal(node, key, 'register');
  if (refusal !== undefined) return refusal;
  node.store.merge(key, newVersion(node, key, value, context));
  return yield* replicateAndAwait(node, key);
}

/**
 * The record of a new write: under lww a fresh stamp, after the one the client read (so a
 * write never loses to what it has seen, however far ahead that writer's clock ran);
 * under version-vectors a sibling with a fresh dot whose context is what the client read.
 */
function newVersion(node: StoreNode, key: string, value: string, context: WriteContext): StoredRecord {
  if (node.options.conflict === 'lww') {
    if (context.kind === 'timestamp') node.clock.observe(context.stamp, node.context.now);
    return { kind: 'lww', value, stamp: node.clock.stamp(node.context.now) };
  }
  const vector = context.kind === 'version-vector' ? context.vector : EMPTY_VECTOR;
  return { kind: 'siblings', siblings: [{ value, dot: { node: node.id, counter: node.store.nextDotCounter(key) }, context: vector }] };
}

function* coordinateUpdate(node: StoreNode, key: string, update: CrdtUpdate): Process<CallResult<StoreReply>> {
  const type: ValueType = update.kind === 'increment' ? 'counter' : 'set';
  const refusal = typeRefusal(node, key, type);
  if (refusal !== undefined) return refusal;
  if (update.kind === 'remove') {
    // Observed-remove: first learn every tag of the element a read quorum knows of, so the remove covers them.
    const round = startRead(node, key);
    if (!(yield* awaitQuorum(round, node.options.readQuorum))) {
      node.metrics.quorumFailures++;
      return ok({ type: 'refused', reason: `read quorum not reached before the remove: ${round.successes} of ${node.options.readQuorum} replicas answered` });
    }
    const merged = mergedReplies(round);
    if (merged !== undefined) node.absorb(key, merged);
  }
  node.store.merge(key, applyUpdate(node, key, update));
  return yield* replicateAndAwait(node, key);
}

function applyUpdate(node: StoreNode, key: string, update: CrdtUpdate): StoredRecord {
  const current = node.store.record(key);
  switch (update.kind) {
    case 'increment':
      return { kind: 'counter', counter: updateCounter(current?.kind === 'counter' ? current.counter : EMPTY_COUNTER, node.id, update.delta) };
    case 'add':
      return { kind: 'set', set: addToSet(current?.kind === 'set' ? current.set : EMPTY_SET, update.element, { node: node.id, counter: node.store.nextDotCounter(key) }) };
    case 'remove':
      return { kind: 'set', set: removeFromSet(current?.kind === 'set' ? current.set : EMPTY_SET, update.element) };
    default:
      return assertNever(update);
  }
}

/** Refuses an operation on a key that holds another type of value (as far as this node knows). */
function typeRefusal(node: StoreNode, key: string, type: ValueType): CallResult<StoreReply> | undefined {
  const current = node.store.record(key);
  if (current === undefined || valueTypeOf(current.kind) === type) return undefined;
  return ok({ type: 'refused', reason: `key ${JSON.stringify(key)} holds a ${valueTypeOf(current.kind)}, not a ${type}` });
}

function* replicateAndAwait(node: StoreNode, key: string): Process<CallResult<StoreReply>> {
  const round = new QuorumRound();
  node.host.spawn(replicate(node, key, round), 'replicate');
  if (!(yield* awaitQuorum(round, node.options.writeQuorum))) return quorumFailure(node, 'write', round.successes, node.options.writeQuorum);
  return ok({ type: 'written' });
}

/** Sends the coordinator's record to every target, and to a fallback for each that does not answer. */
function* replicate(node: StoreNode, key: string, round: QuorumRound): Process<void> {
  yield* askWithFallbacks(
    node,
    round,
    key,
    KV_AP_LIMITS.maxFallbackRounds,
    () => false,
    (target) => ({ type: 'replica-write', key, record: node.store.record(key) as StoredRecord, hintFor: target.hintFor }),
    (target) => {
      // The coordinator already holds the record; standing in for a replica, it keeps the hint too.
      if (target.hintFor !== null) node.takeHint(target.hintFor, key);
      return ACK;
    },
  );
  round.finish();
}

function startRead(node: StoreNode, key: string): QuorumRound {
  const round = new QuorumRound();
  node.host.spawn(gatherReads(node, key, round), 'read');
  return round;
}

/** Reads from the targets (and fallbacks while fewer than R answered), then repairs those behind. */
function* gatherReads(node: StoreNode, key: string, round: QuorumRound): Process<void> {
  yield* askWithFallbacks(
    node,
    round,
    key,
    KV_AP_LIMITS.maxFallbackRounds,
    () => round.successes >= node.options.readQuorum,
    () => ({ type: 'replica-read', key }),
    (): RecordReply => ({ type: 'record', record: node.store.record(key) ?? null }),
  );
  round.finish();
  if (node.options.readRepair) repairReplicas(node, key, round);
}

/** Read repair: every replica that answered with less than the merge of all answers gets the merge. */
function repairReplicas(node: StoreNode, key: string, round: QuorumRound): void {
  const merged = mergedReplies(round);
  if (merged === undefined) return;
  const mergedText = JSON.stringify(merged);
  for (const [replica, reply] of round.replies) {
    if (reply.type !== 'record' || JSON.stringify(reply.record) === mergedText) continue;
    node.metrics.readRepairs++;
    if (replica === node.id) node.absorb(key, merged);
    else node.context.send(replica, { type: 'repair', key, record: merged });
  }
}

/** The merge of every record the round has received so far (undefined when none holds the key). */
function mergedReplies(round: QuorumRound): StoredRecord | undefined {
  let merged: StoredRecord | undefined;
  for (const reply of round.replies.values()) {
    if (reply.type === 'record' && reply.record !== null) merged = mergeRecords(merged, reply.record);
  }
  return merged;
}

function quorumFailure(node: StoreNode, what: 'read' | 'write', successes: number, quorum: number): CallResult<StoreReply> {
  node.metrics.quorumFailures++;
  const verb = what === 'read' ? 'answered' : 'acknowledged';
  return callError('remote', node.id, `${what} quorum not reached: ${successes} of ${quorum} replicas ${verb}`);
}
