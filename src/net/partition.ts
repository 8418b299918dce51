// Partitions: which node can reach which. Every node belongs to a group, and a small
// matrix says which group-to-group directions are cut. Rule: one partition is active
// at a time; applying a new one replaces the old, and heal removes it.
import { assertNever } from '../engine/assert-never.ts';

export type NodeId = number;

/**
 * The shapes a partition can take.
 * - split: the listed groups cannot reach each other; unlisted nodes form one more group.
 * - isolate: one node can reach nobody and nobody can reach it.
 * - one-way: messages from `from` nodes to `to` nodes are cut; the other direction works.
 * - bridge: `left` and `right` cannot reach each other; both reach `bridge`
 *   (unlisted nodes behave like the bridge).
 */
export type PartitionSpec =
  | { readonly kind: 'split'; readonly groups: readonly (readonly NodeId[])[] }
  | { readonly kind: 'isolate'; readonly node: NodeId }
  | { readonly kind: 'one-way'; readonly from: readonly NodeId[]; readonly to: readonly NodeId[] }
  | { readonly kind: 'bridge'; readonly left: readonly NodeId[]; readonly right: readonly NodeId[]; readonly bridge: NodeId };

export const PARTITION_KINDS = ['split', 'isolate', 'one-way', 'bridge'] as const;

interface Layout {
  readonly groupOf: Int32Array;
  readonly groupCount: number;
  /** The group of nodes the spec does not list; it also holds nodes added after the partition began. */
  readonly unlistedGroup: number;
  readonly cutPairs: readonly (readonly [number, number])[];
}

export class PartitionState {
  private groupOf: Int32Array = new Int32Array(0);
  private groupCount = 1;
  /**
   * Group of node ids beyond `groupOf` (nodes added after the partition was applied).
   * Fix: these used to fall into group 0, which for a split is the first listed group,
   * so a late node could talk to that group and not to the other unlisted nodes.
   */
  private unlistedGroup = 0;
  /** cut[fromGroup * groupCount + toGroup] === 1 when that direction is cut; null when healed. */
  private cut: Uint8Array | null = null;
  private active: PartitionSpec | null = null;

  get current(): PartitionSpec | null {
    return this.active;
  }

  /** Hot path: is the direction from -> to cut right now? */
  isCut(from: NodeId, to: NodeId): boolean {
    const cut = this.cut;
    if (cut === null) return false;
    const groupOf = this.groupOf;
    const fromGroup = from < groupOf.length ? (groupOf[from] as number) : this.unlistedGroup;
    const toGroup = to < groupOf.length ? (groupOf[to] as number) : this.unlistedGroup;
    return cut[fromGroup * this.groupCount + toGroup] === 1;
  }

  apply(spec: PartitionSpec, nodeCount: number): void {
    validatePartition(spec, nodeCount);
    const layout = layoutOf(spec, nodeCount);
    const cut = new Uint8Array(layout.groupCount * layout.groupCount);
    for (const [fromGroup, toGroup] of layout.cutPairs) cut[fromGroup * layout.groupCount + toGroup] = 1;
    this.groupOf = layout.groupOf;
    this.groupCount = layout.groupCount;
    this.unlistedGroup = layout.unlistedGroup;
    this.cut = cut;
    this.active = spec;
  }

  heal(): void {
    this.groupOf = new Int32Array(0);
    this.groupCount = 1;
    this.unlistedGroup = 0;
    this.cut = null;
    this.active = null;
  }

  /** Group index of a node under the active partition (0 when healed). */
  groupOfNode(node: NodeId): number {
    return node < this.groupOf.length ? (this.groupOf[node] as number) : this.unlistedGroup;
  }
}

function layoutOf(spec: PartitionSpec, nodeCount: number): Layout {
  switch (spec.kind) {
    case 'split': {
      const rest = spec.groups.length;
      const groupOf = new Int32Array(nodeCount).fill(rest);
      spec.groups.forEach((members, group) => members.forEach((node) => (groupOf[node] = group)));
      return { groupOf, groupCount: rest + 1, unlistedGroup: rest, cutPairs: allCrossPairs(rest + 1) };
    }
    case 'isolate': {
      const groupOf = new Int32Array(nodeCount);
      groupOf[spec.node] = 1;
      return { groupOf, groupCount: 2, unlistedGroup: 0, cutPairs: [[0, 1], [1, 0]] };
    }
    case 'one-way': {
      const groupOf = new Int32Array(nodeCount);
      spec.from.forEach((node) => (groupOf[node] = 1));
      spec.to.forEach((node) => (groupOf[node] = 2));
      return { groupOf, groupCount: 3, unlistedGroup: 0, cutPairs: [[1, 2]] };
    }
    case 'bridge': {
      const groupOf = new Int32Array(nodeCount);
      spec.left.forEach((node) => (groupOf[node] = 1));
      spec.right.forEach((node) => (groupOf[node] = 2));
      return { groupOf, groupCount: 3, unlistedGroup: 0, cutPairs: [[1, 2], [2, 1]] };
    }
    default:
      return assertNever(spec);
  }
}

function allCrossPairs(groupCount: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let from = 0; from < groupCount; from++) {
    for (let to = 0; to < groupCount; to++) if (from !== to) pairs.push([from, to]);
  }
  return pairs;
}

/** Throws a RangeError naming the bad node or the overlap. */
export function validatePartition(spec: PartitionSpec, nodeCount: number): void {
  const lists = membersOf(spec);
  const seen = new Set<NodeId>();
  for (const members of lists) {
    for (const node of members) {
      if (!Number.isInteger(node) || node < 0 || node >= nodeCount) {
        throw new RangeError(`partition ${spec.kind}: node ${String(node)} does not exist (nodes are 0..${nodeCount - 1})`);
      }
      if (seen.has(node)) throw new RangeError(`partition ${spec.kind}: node ${node} appears in more than one group`);
      seen.add(node);
    }
  }
  if (spec.kind === 'split' && spec.groups.length < 1) {
    throw new RangeError('partition split: expected at least one group');
  }
}

function membersOf(spec: PartitionSpec): (readonly NodeId[])[] {
  switch (spec.kind) {
    case 'split':
      return [...spec.groups];
    case 'isolate':
      return [[spec.node]];
    case 'one-way':
      return [spec.from, spec.to];
    case 'bridge':
      return [spec.left, spec.right, [spec.bridge]];
    default:
      return assertNever(spec);
  }
}

/** `{0,1}|{2,3,4}`, `isolate 2`, `{0,1}->{2}`, `{0,1}|2|{3,4}`. */
export function describePartition(spec: PartitionSpec): string {
  const set = (nodes: readonly NodeId[]): string => `{${nodes.join(',')}}`;
  switch (spec.kind) {
    case 'split':
      return spec.groups.map(set).join('|');
    case 'isolate':
      return `isolate ${spec.node}`;
    case 'one-way':
      return `${set(spec.from)}-x->${set(spec.to)}`;
    case 'bridge':
      return `${set(spec.left)}|${spec.bridge}|${set(spec.right)}`;
    default:
      return assertNever(spec);
  }
}
