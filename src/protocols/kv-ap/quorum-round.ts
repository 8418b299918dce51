// Asking several replicas at once and counting answers. A coordinator starts a round in a
// process of its own, so that the round outlives the client's request: the client is
// answered as soon as R (or W) replicas have answered, while the round goes on to hear
// the rest, ask fallbacks for those that timed out, and repair what it read.
// Rule: the coordinator waits on the round's signal and re-checks its condition
// (`successes >= quorum || isFinished`); the round never waits longer than a replica
// timeout per fallback round.
import { call, spawn, waitUntil, type Process } from '../../node/process.ts';
import { Signal } from '../../node/signal.ts';
import type { NodeId } from '../../net/partition.ts';
import type { ReplicaRequest, StoreReply } from './kv-ap-messages.ts';
import type { ReplicaTarget } from './placement.ts';
import type { StoreNode } from './store-node.ts';

export class QuorumRound {
  /** Successful answers, by node, in the order they came. */
  readonly replies = new Map<NodeId, StoreReply>();
  readonly failed = new Set<NodeId>();
  /** Every node asked so far (fallbacks are chosen among the others). */
  readonly tried = new Set<NodeId>();
  outstanding = 0;
  isFinished = false;
  readonly changed = new Signal('quorum round');

  get successes(): number {
    return this.replies.size;
  }

  /** Records this node's own part, done locally without a message. */
  answerLocally(node: NodeId, reply: StoreReply): void {
    this.tried.add(node);
    this.replies.set(node, reply);
    this.changed.notify();
  }

  finish(): void {
    this.isFinished = true;
    this.changed.notify();
  }
}

function* askReplica(node: StoreNode, round: QuorumRound, target: NodeId, request: ReplicaRequest): Process<void> {
  const result = yield* call<StoreReply>(target, request, { timeoutUs: node.options.replicaTimeoutUs });
  if (result.kind === 'ok') {
    round.replies.set(target, result.reply);
    node.trust(target);
  } else {
    round.failed.add(target);
    if (result.kind === 'timeout') node.suspect(target);
  }
  round.outstanding--;
  round.changed.notify();
}

/**
 * Asks every target (the coordinator itself answers through `local`, which for a write
 * also takes the hint when the coordinator stands in for a replica) and waits until all
 * have answered or timed out.
 */
export function* askAll(
  node: StoreNode,
  round: QuorumRound,
  targets: readonly ReplicaTarget[],
  requestFor: (target: ReplicaTarget) => ReplicaRequest,
  local: (target: ReplicaTarget) => StoreReply,
): Process<void> {
  for (const target of targets) {
    if (target.node === node.id) {
      round.answerLocally(node.id, local(target));
      continue;
    }
    round.tried.add(target.node);
    round.outstanding++;
    yield* spawn(askReplica(node, round, target.node, requestFor(target)), 'ask replica');
  }
  yield* waitUntil(() => round.outstanding === 0, round.changed);
}

/**
 * Runs rounds until `isEnough()` holds after one, or no fallback is left: first the
 * placement, then, for each target that failed, the next healthy node on the ring
 * (at most KV_AP_LIMITS.maxFallbackRounds more rounds, and only under a sloppy quorum).
 */
export function* askWithFallbacks(
  node: StoreNode,
  round: QuorumRound,
  key: string,
  maxFallbackRounds: number,
  isEnough: () => boolean,
  requestFor: (target: ReplicaTarget) => ReplicaRequest,
  local: (target: ReplicaTarget) => StoreReply,
): Process<void> {
  let targets = node.placement(key);
  for (let fallbackRound = 0; ; fallbackRound++) {
    yield* askAll(node, round, targets, requestFor, local);
    const failed = targets.filter((target) => round.failed.has(target.node));
    if (failed.length === 0 || isEnough() || fallbackRound >= maxFallbackRounds || !node.options.hintedHandoff) return;
    targets = node.fallbacks(key, failed, round.tried);
    if (targets.length === 0) return;
  }
}

/** Waits until the round has `quorum` successes or has finished; returns whether the quorum was reached. */
export function* awaitQuorum(round: QuorumRound, quorum: number): Process<boolean> {
  yield* waitUntil(() => round.successes >= quorum || round.isFinished, round.changed);
  return round.successes >= quorum;
}

