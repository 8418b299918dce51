// A store node of the Dynamo-style store: it coordinates client operations, serves its
// peers' replica reads and writes, answers anti-entropy digests, applies read repairs,
// and runs two background loops (anti-entropy and hinted handoff). Rule: build it with
// kvApStoreNode inside the node factory, so a restart rebuilds every volatile part from
// durable storage and nothing else survives.
import { assertNever } from '../../engine/assert-never.ts';
import { ok, type CallResult } from '../../node/call-result.ts';
import type { NodeFactory } from '../../node/node-api.ts';
import type { Process } from '../../node/process.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import type { NodeId } from '../../net/partition.ts';
import { absorbRecords, answerDigest, antiEntropyLoop } from './anti-entropy.ts';
import { coordinate } from './coordinator.ts';
import { HashRing } from './hash-ring.ts';
import { handoffLoop } from './hinted-handoff.ts';
import type { KvApMetrics } from './kv-ap-metrics.ts';
import { isRepairMessage, type ReplicaRequest, type StoreReply, type StoreRequest } from './kv-ap-messages.ts';
import { KV_AP_LIMITS, validateKvApOptions, type KvApOptions } from './kv-ap-options.ts';
import { StoreNode } from './store-node.ts';
import { storeNodeView } from './kv-ap-view.ts';

const ACK: StoreReply = { type: 'ack' };

/** The ring every node of a store with these options computes. */
export function ringFor(options: Pick<KvApOptions, 'storeNodes'>): HashRing {
  return new HashRing(options.storeNodes, KV_AP_LIMITS.ringPointsPerNode);
}

/** The factory for the store's nodes (add it storeNodes times, as nodes 0..storeNodes-1). */
export function kvApStoreNode(options: KvApOptions, metrics: KvApMetrics): NodeFactory {
  validateKvApOptions(options);
  const ring = ringFor(options);
  return (id) => {
    if (id >= options.storeNodes) throw new RangeError(`kv-ap store: node ${id} is not a store node: store nodes are 0..${options.storeNodes - 1}`);
    let node: StoreNode | undefined;
    const started = (): StoreNode => {
      if (node === undefined) throw new Error(`kv-ap store node ${id} received work before it started`);
      return node;
    };
    return rpcNode<StoreRequest, StoreReply>({
      onStart(host, context) {
        node = new StoreNode(context, host, options, ring, metrics);
        if (options.antiEntropy) host.spawn(antiEntropyLoop(node), 'anti-entropy');
        if (options.hintedHandoff) host.spawn(handoffLoop(node), 'hinted handoff');
      },
      serve: (request, from) => serve(started(), request, from),
      onMessage(_context, _from, message) {
        if (isRepairMessage(message)) started().absorb(message.key, message.record);
      },
      inspect: () => (node === undefined ? undefined : storeNodeView(node)),
    });
  };
}

function serve(node: StoreNode, request: StoreRequest, from: NodeId): Process<CallResult<StoreReply>> {
  switch (request.type) {
    case 'get':
    case 'put':
    case 'update':
      return coordinate(node, request);
    case 'replica-read':
    case 'replica-write':
    case 'digest':
    case 'push':
      return answerReplica(node, request, from);
    default:
      return assertNever(request);
  }
}

// A generator so that it can be served like the coordinator's processes; it never waits.
function* answerReplica(node: StoreNode, request: ReplicaRequest, from: NodeId): Process<CallResult<StoreReply>> {
  switch (request.type) {
    case 'replica-read':
      return ok({ type: 'record', record: node.store.record(request.key) ?? null });
    case 'replica-write':
      node.absorb(request.key, request.record);
      if (request.hintFor !== null) node.takeHint(request.hintFor, request.key);
      return ok(ACK);
    case 'digest':
      node.trust(from);
      return ok(answerDigest(node, from, request.buckets));
    case 'push':
      absorbRecords(node, request.records);
      return ok(ACK);
    default:
      return assertNever(request);
  }
}
