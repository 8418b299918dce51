// Hinted handoff: a node that accepted a write for an unreachable replica keeps a hint,
// and keeps trying to hand the key's record to that replica; once the replica has it,
// the hint is dropped. This is how writes taken on the wrong side of a partition reach
// their replicas soon after the heal. Rule: a hint is dropped only after the replica
// acknowledged the record, and handoff ignores suspicion: trying is how a node learns
// that a replica is back.
import { call, sleep, type Process } from '../../node/process.ts';
import type { NodeId } from '../../net/partition.ts';
import type { StoreReply } from './kv-ap-messages.ts';
import { KV_AP_LIMITS } from './kv-ap-options.ts';
import type { StoreNode } from './store-node.ts';

/** Bounds the loop; at one round per interval a run ends long before. */
const MAX_HANDOFF_ROUNDS = 100_000_000;

/** One round: tries each hint (at most KV_AP_LIMITS.maxHandoffsPerRound), skipping a target after its first failure. */
export function* handOffHints(node: StoreNode): Process<number> {
  const unreachable = new Set<NodeId>();
  let delivered = 0;
  for (const hint of node.store.hints().slice(0, KV_AP_LIMITS.maxHandoffsPerRound)) {
    if (unreachable.has(hint.target)) continue;
    const record = node.store.record(hint.key);
    if (record === undefined) {
      node.store.removeHint(hint);
      continue;
    }
    const result = yield* call<StoreReply>(hint.target, { type: 'replica-write', key: hint.key, record, hintFor: null }, { timeoutUs: node.options.replicaTimeoutUs });
    if (result.kind !== 'ok') {
      unreachable.add(hint.target);
      continue;
    }
    node.trust(hint.target);
    // A write that reached this node while the call was out is in a newer record: keep the hint for it.
    if (node.store.record(hint.key) !== record) continue;
    node.store.removeHint(hint);
    node.metrics.hintsDelivered++;
    delivered++;
  }
  return delivered;
}

export function* handoffLoop(node: StoreNode): Process<void> {
  for (let round = 0; round < MAX_HANDOFF_ROUNDS; round++) {
    const intervalUs = node.options.handoffIntervalUs;
    yield* sleep(Math.floor(intervalUs / 2) + node.context.random.below(intervalUs + 1));
    yield* handOffHints(node);
  }
}
