// Which side of a partition a client is on, read from the network as it is right now.
// Rule: a client is on the majority side when it can exchange messages with more than
// half of the store nodes, on the minority side when it cannot, and connected when no
// partition is active; the same rule holds for any store, so availability per side
// compares like with like.
import type { NodeId, PartitionState } from '../../net/partition.ts';
import type { PartitionSide } from './history-recorder.ts';

export function partitionSide(partitions: PartitionState, client: NodeId, storeNodes: readonly NodeId[]): PartitionSide {
  if (partitions.current === null) return 'connected';
  let reachable = 0;
  for (const node of storeNodes) if (!partitions.isCut(client, node) && !partitions.isCut(node, client)) reachable++;
  if (reachable === storeNodes.length) return 'connected';
  return 2 * reachable > storeNodes.length ? 'majority' : 'minority';
}
