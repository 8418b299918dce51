// Partitions block exactly the directed pairs their shape says, heal restores every
// pair, messages in flight when a partition starts are cut, and bad specs name the node.
import { describe, expect, it } from 'vitest';
import { describePartition, PartitionState, validatePartition, type PartitionSpec } from '../../src/net/partition.ts';
import { constantLink, RecordingCluster } from './recording-cluster.ts';

const NODES = 6;
const LATENCY_US = 10_000;

/** Written from the shape descriptions, independently of the implementation. */
function isReachable(spec: PartitionSpec, from: number, to: number): boolean {
  if (from === to) return true;
  switch (spec.kind) {
    case 'split': {
      // Unlisted nodes share one extra group (index -1 here).
      const groupOf = (node: number): number => spec.groups.findIndex((group) => group.includes(node));
      return groupOf(from) === groupOf(to);
    }
    case 'isolate':
      return from !== spec.node && to !== spec.node;
    case 'one-way':
      return !(spec.from.includes(from) && spec.to.includes(to));
    case 'bridge': {
      const crossesLeftToRight = spec.left.includes(from) && spec.right.includes(to);
      const crossesRightToLeft = spec.right.includes(from) && spec.left.includes(to);
      return !crossesLeftToRight && !crossesRightToLeft;
    }
  }
}

const SHAPES: readonly (readonly [string, PartitionSpec])[] = [
  ['split into 2 groups', { kind: 'split', groups: [[0, 1, 2], [3, 4, 5]] }],
  ['split into 2 groups with 2 unlisted nodes', { kind: 'split', groups: [[0, 1], [2, 3]] }],
  ['split into 3 groups with 1 unlisted node', { kind: 'split', groups: [[0, 1], [2], [3, 4]] }],
  ['split off 1 group, the rest unlisted', { kind: 'split', groups: [[1, 4]] }],
  ['isolate', { kind: 'isolate', node: 2 }],
  ['one-way', { kind: 'one-way', from: [0, 1], to: [4, 5] }],
  ['bridge, with 1 unlisted node', { kind: 'bridge', left: [0, 1], right: [3, 4], bridge: 2 }],
];

/** Sends one message on every directed pair (self included); returns the pairs that got through. */
function reachablePairs(network: RecordingCluster): Set<string> {
  const before = network.arrivals.length;
  const now = network.simulation.now;
  for (let from = 0; from < NODES; from++) for (let to = 0; to < NODES; to++) network.send(from, to, `${from}->${to}`);
  network.run(now + LATENCY_US);
  return new Set(network.arrivals.slice(before).map((arrival) => arrival.body as string));
}

function expectedPairs(spec: PartitionSpec | null): Set<string> {
  const pairs = new Set<string>();
  for (let from = 0; from < NODES; from++) {
    for (let to = 0; to < NODES; to++) if (spec === null || isReachable(spec, from, to)) pairs.add(`${from}->${to}`);
  }
  return pairs;
}

describe('partition shapes', () => {
  it.each(SHAPES)('%s blocks exactly the directed pairs it should, and heal restores all', (_name, spec) => {
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    network.cluster.network.partition(spec);
    expect(reachablePairs(network)).toEqual(expectedPairs(spec));
    const cut = NODES * NODES - expectedPairs(spec).size;
    expect(cut).toBeGreaterThan(0);
    expect(network.drops.partition.length).toBe(cut);
    for (let from = 0; from < NODES; from++) {
      for (let to = 0; to < NODES; to++) expect(network.cluster.network.partitions.isCut(from, to)).toBe(!isReachable(spec, from, to));
    }
    network.cluster.network.heal();
    expect(reachablePairs(network)).toEqual(expectedPairs(null));
    expect(network.drops.partition.length).toBe(cut);
  });

  it('a new partition replaces the old one', () => {
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    network.cluster.network.partition({ kind: 'isolate', node: 0 });
    const second: PartitionSpec = { kind: 'one-way', from: [5], to: [4] };
    network.cluster.network.partition(second);
    expect(reachablePairs(network)).toEqual(expectedPairs(second));
  });

  it('traces a partition and a heal as fault events with a readable description', () => {
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    const described: string[] = [];
    network.simulation.trace.subscribe((event) => {
      if (event.kind === 'partition' || event.kind === 'heal') described.push(`${event.kind}: ${String(event.detail)}`);
    });
    network.cluster.network.partition({ kind: 'split', groups: [[1, 2], [3, 4, 5]] });
    network.cluster.network.heal();
    expect(described).toEqual(['partition: {1,2}|{3,4,5}', 'heal: heal']);
  });

  it('puts a node added after a split started in the unlisted group', () => {
    const state = new PartitionState();
    state.apply({ kind: 'split', groups: [[0, 1], [2]] }, 4);
    // Node 4 did not exist when the split was applied: like node 3, it is unlisted.
    expect(state.isCut(4, 3)).toBe(false);
    expect(state.isCut(4, 0)).toBe(true);
    expect(state.isCut(2, 4)).toBe(true);
    expect(state.groupOfNode(4)).toBe(state.groupOfNode(3));
  });

  it('describes each shape', () => {
    expect(SHAPES.map(([, spec]) => describePartition(spec))).toEqual([
      '{0,1,2}|{3,4,5}',
      '{0,1}|{2,3}',
      '{0,1}|{2}|{3,4}',
      '{1,4}',
      'isolate 2',
      '{0,1}-x->{4,5}',
      '{0,1}|2|{3,4}',
    ]);
  });
});

describe('messages in flight', () => {
  it("drops a message in flight when a partition starts, with reason 'partition'", () => {
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    network.send(0, 3, 'across');
    network.send(0, 1, 'within');
    network.simulation.scheduleAt(LATENCY_US / 2, () => network.cluster.network.partition({ kind: 'split', groups: [[0, 1, 2]] }), undefined);
    network.run();
    expect(network.arrivals.map((arrival) => arrival.body)).toEqual(['within']);
    expect(network.drops.partition.map((event) => [event.from, event.to, event.timeUs])).toEqual([[0, 3, LATENCY_US]]);
  });

  it('delivers a message whose partition healed before it arrived', () => {
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    network.send(0, 3, 'across');
    network.simulation.scheduleAt(1_000, () => network.cluster.network.partition({ kind: 'isolate', node: 3 }), undefined);
    network.simulation.scheduleAt(2_000, () => network.cluster.network.heal(), undefined);
    network.run();
    expect(network.arrivals.map((arrival) => arrival.body)).toEqual(['across']);
  });
});

describe('partition validation', () => {
  it.each([
    [{ kind: 'split', groups: [[0, 7]] }, 'node 7 does not exist (nodes are 0..5)'],
    [{ kind: 'split', groups: [[0, 1], [1, 2]] }, 'node 1 appears in more than one group'],
    [{ kind: 'split', groups: [] }, 'expected at least one group'],
    [{ kind: 'isolate', node: 6 }, 'node 6 does not exist'],
    [{ kind: 'one-way', from: [0], to: [-1] }, 'node -1 does not exist'],
    [{ kind: 'one-way', from: [0, 2], to: [2] }, 'node 2 appears in more than one group'],
    [{ kind: 'bridge', left: [0], right: [1], bridge: 1.5 }, 'node 1.5 does not exist'],
    [{ kind: 'bridge', left: [0], right: [1], bridge: 0 }, 'node 0 appears in more than one group'],
  ] as const)('rejects %j, naming the node', (spec, message) => {
    expect(() => validatePartition(spec as PartitionSpec, NODES)).toThrow(RangeError);
    expect(() => validatePartition(spec as PartitionSpec, NODES)).toThrow(message);
    const network = new RecordingCluster(NODES, constantLink(LATENCY_US));
    expect(() => network.cluster.network.partition(spec as PartitionSpec)).toThrow(message);
    expect(network.cluster.network.partitions.current).toBeNull();
  });
});
