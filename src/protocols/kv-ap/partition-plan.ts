// The partition shapes a run of a replicated store can go through, laid out over store
// nodes and clients, and each client's nearest store nodes (those on its own side).
// Rule: the layout depends only on the shape and the node counts, and clients alternate
// between the sides (client 0 on the first side, client 1 on the second, ...), so a CP
// store and an AP store given the same shape and counts face the same cut (for the
// isolating shapes, given the same node to isolate too). Nothing here is specific to
// this store.
import { assertNever } from '../../engine/assert-never.ts';
import type { NodeId, PartitionSpec } from '../../net/partition.ts';

/**
 * - none: no partition (clients still have nearest nodes, as under majority-minority);
 * - majority-minority: the first floor(n/2)+1 store nodes on one side, the rest (at least one) on the other;
 * - isolate-node: one store node (the last, unless told which) alone with its clients, cut from everyone else;
 * - bridge: two sides that cannot reach each other and one store node (the middle one) that reaches both;
 * - split-brain: no side holds a majority: an even count splits in halves ({0,1} | {2,3}),
 *   an odd count in two halves of (n-1)/2 and the last node alone ({0,1} | {2,3} | {4});
 *   clients alternate between the two halves, none is with the lone node;
 * - isolate-leader: laid out as isolate-node; the store decides which node to isolate
 *   (a CP store: whichever node leads when the partition starts; an AP store has no
 *   leader and isolates the node it is told, by default the last).
 */
export const PARTITION_SHAPES = ['none', 'majority-minority', 'isolate-node', 'bridge', 'split-brain', 'isolate-leader'] as const;
export type PartitionShape = (typeof PARTITION_SHAPES)[number];

export interface PartitionPlan {
  readonly shape: PartitionShape;
  /** The partition to apply, or undefined for 'none'. */
  readonly spec: PartitionSpec | undefined;
  /** Per client (in order), the store nodes on its side: its nearest coordinators. */
  readonly nearest: readonly (readonly NodeId[])[];
  /**
   * The two sites the nodes live in (store nodes and clients), as two datacenters: the
   * sides of the cut, or for 'none' the sides majority-minority would cut (a bridge node
   * counts with the first site). Links between sites may be slower than links within one.
   */
  readonly sites: readonly [readonly NodeId[], readonly NodeId[]];
  /** In words, for the report: `{0,1,2} | {3,4}`. */
  readonly description: string;
}

function describeGroups(groups: readonly (readonly NodeId[])[]): string {
  return groups.map((group) => `{${group.join(',')}}`).join(' | ');
}

/**
 * The plan for `shape`. `isolate` names the store node isolate-node and isolate-leader
 * cut off (default: the last store node); the other shapes ignore it.
 */
export function planPartition(shape: PartitionShape, storeNodes: readonly NodeId[], clientNodes: readonly NodeId[], isolate?: NodeId): PartitionPlan {
  if (storeNodes.length < 2) throw new RangeError(`partition ${shape}: needs at least 2 store nodes, got ${storeNodes.length}`);
  if (isolate !== undefined && !storeNodes.includes(isolate)) throw new RangeError(`partition ${shape}: cannot isolate node ${isolate}: expected one of the store nodes ${storeNodes.join(', ')}`);
  const sideOfClient = (index: number): 0 | 1 => (index % 2 === 0 ? 0 : 1);
  const clientsOn = (side: 0 | 1): NodeId[] => clientNodes.filter((_client, index) => sideOfClient(index) === side);
  switch (shape) {
    case 'none':
    case 'majority-minority': {
      // With two nodes there is no majority: one on each side.
      const majoritySize = Math.min(Math.floor(storeNodes.length / 2) + 1, storeNodes.length - 1);
      const sides = [storeNodes.slice(0, majoritySize), storeNodes.slice(majoritySize)] as const;
      const spec: PartitionSpec = { kind: 'split', groups: [[...sides[0], ...clientsOn(0)], [...sides[1], ...clientsOn(1)]] };
      return {
        shape,
        spec: shape === 'none' ? undefined : spec,
        nearest: clientNodes.map((_client, index) => sides[sideOfClient(index)]),
        sites: [[...sides[0], ...clientsOn(0)], [...sides[1], ...clientsOn(1)]],
        description: shape === 'none' ? 'no partition' : describeGroups(sides),
      };
    }
    case 'isolate-node':
    case 'isolate-leader': {
      const isolatedNode = isolate ?? (storeNodes[storeNodes.length - 1] as NodeId);
      const isolated = [isolatedNode];
      const rest = storeNodes.filter((node) => node !== isolatedNode);
      const spec: PartitionSpec = { kind: 'split', groups: [[...rest, ...clientsOn(0)], [...isolated, ...clientsOn(1)]] };
      return {
        shape,
        spec,
        nearest: clientNodes.map((_client, index) => (sideOfClient(index) === 0 ? rest : isolated)),
        sites: [[...rest, ...clientsOn(0)], [...isolated, ...clientsOn(1)]],
        description: describeGroups([rest, isolated]),
      };
    }
    case 'bridge': {
      if (storeNodes.length < 3) throw new RangeError(`partition bridge: needs at least 3 store nodes, got ${storeNodes.length}`);
      const leftSize = Math.floor((storeNodes.length - 1) / 2);
      const left = storeNodes.slice(0, leftSize);
      const bridge = storeNodes[leftSize] as NodeId;
      const right = storeNodes.slice(leftSize + 1);
      const spec: PartitionSpec = { kind: 'bridge', left: [...left, ...clientsOn(0)], right: [...right, ...clientsOn(1)], bridge };
      return {
        shape,
        spec,
        nearest: clientNodes.map((_client, index) => (sideOfClient(index) === 0 ? left : right)),
        sites: [[...left, bridge, ...clientsOn(0)], [...right, ...clientsOn(1)]],
        description: `${describeGroups([left])} | {${bridge}} bridges | ${describeGroups([right])}`,
      };
    }
    case 'split-brain':
      return planSplitBrain(storeNodes, clientsOn(0), clientsOn(1), (index) => sideOfClient(index), clientNodes.length);
    default:
      return assertNever(shape);
  }
}

/** The store node an isolating shape (isolate-node, isolate-leader) cuts off; -1 for the other shapes. */
export function isolatedNodeOf(plan: PartitionPlan): NodeId | -1 {
  return plan.shape === 'isolate-node' || plan.shape === 'isolate-leader' ? (plan.sites[1][0] as NodeId) : -1;
}

/** Two halves, and for an odd count the last node alone: no group reaches a majority. */
function planSplitBrain(
  storeNodes: readonly NodeId[],
  firstClients: readonly NodeId[],
  secondClients: readonly NodeId[],
  sideOfClient: (index: number) => 0 | 1,
  clientCount: number,
): PartitionPlan {
  const halfSize = Math.floor(storeNodes.length / 2);
  const halves = [storeNodes.slice(0, halfSize), storeNodes.slice(halfSize, 2 * halfSize)] as const;
  const alone = storeNodes.slice(2 * halfSize);
  const groups = [[...halves[0], ...firstClients], [...halves[1], ...secondClients], ...(alone.length > 0 ? [alone] : [])];
  return {
    shape: 'split-brain',
    spec: { kind: 'split', groups },
    nearest: Array.from({ length: clientCount }, (_unused, index) => halves[sideOfClient(index)]),
    sites: [
      [...halves[0], ...firstClients],
      [...halves[1], ...alone, ...secondClients],
    ],
    description: describeGroups(alone.length > 0 ? [...halves, alone] : halves),
  };
}
