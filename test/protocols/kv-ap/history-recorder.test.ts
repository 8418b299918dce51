// The clients' history and the figures drawn from it: events in Jepsen's shape, timed in
// virtual microseconds, each operation tagged with its client's partition side at invoke
// time; the JSON Lines text reads back as the same events; a restarted client's open
// operation ends as info; a full recorder refuses more. Availability per side and
// latency percentiles come from it; partition plans put clients on alternating sides.
import { describe, expect, it } from 'vitest';
import { parseJsonlHistory } from '../../../src/check/history/parse-jsonl-history.ts';
import { PartitionState } from '../../../src/net/partition.ts';
import { HistoryRecorder, type PartitionSide } from '../../../src/protocols/kv-ap/history-recorder.ts';
import { availability, NOTHING_MEASURED, operationsOn, percentileMs, successLatenciesUs } from '../../../src/protocols/kv-ap/operation-figures.ts';
import { planPartition } from '../../../src/protocols/kv-ap/partition-plan.ts';
import { partitionSide } from '../../../src/protocols/kv-ap/partition-side.ts';

function recorderAt(sides: Record<number, PartitionSide>, maxOperations = 100) {
  const clock = { now: 0 };
  const recorder = new HistoryRecorder(() => clock.now, (process) => sides[process as number] ?? 'connected', maxOperations);
  return { clock, recorder };
}

describe('history recorder', () => {
  it('records invokes and completions in Jepsen’s shape, with the side at invoke time, and writes JSON Lines that read back the same', () => {
    const sides: Record<number, PartitionSide> = { 0: 'majority', 1: 'minority' };
    const { clock, recorder } = recorderAt(sides);
    clock.now = 1_000;
    const append = recorder.invoke(0, 'append', 'k0', '0.1.0;');
    clock.now = 1_500;
    const read = recorder.invoke(1, 'get', 'k0', null);
    sides[1] = 'connected';
    clock.now = 9_000;
    recorder.complete(append!, 'ok', '0.1.0;');
    recorder.complete(read!, 'info', null);
    expect(recorder.operations.map((operation) => [operation.f, operation.side, operation.invokeUs, operation.completeUs, operation.completion])).toEqual([
      ['append', 'majority', 1_000, 9_000, 'ok'],
      ['get', 'minority', 1_500, 9_000, 'info'],
    ]);
    const text = recorder.toJsonl();
    expect(text.split('\n')[0]).toBe('{"process":0,"type":"invoke","f":"append","key":"k0","value":"0.1.0;","time":1000}');
    expect(parseJsonlHistory(text)).toEqual(recorder.events);
  });

  it('ends a restarted client’s open operation as info, so the client may invoke again', () => {
    const { recorder } = recorderAt({});
    recorder.invoke(0, 'append', 'k0', 'a;');
    expect(() => recorder.invoke(0, 'get', 'k0', null)).toThrow('process 0 invokes get while its append is still open');
    recorder.abandonOpen(0);
    expect(recorder.events.at(-1)).toMatchObject({ type: 'info', f: 'append', value: 'a;' });
    expect(recorder.invoke(0, 'get', 'k0', null)).toBeDefined();
    expect(recorder.openCount).toBe(1);
  });

  it('refuses operations beyond its limit', () => {
    const { recorder } = recorderAt({}, 1);
    const first = recorder.invoke(0, 'get', 'k0', null);
    recorder.complete(first!, 'ok', '');
    expect(recorder.isFull).toBe(true);
    expect(recorder.invoke(0, 'get', 'k0', null)).toBeUndefined();
    expect(recorder.events).toHaveLength(2);
  });
});

describe('operation figures', () => {
  it('gives availability overall and per side, and nearest-rank latencies of successes', () => {
    const sides: Record<number, PartitionSide> = { 0: 'majority', 1: 'minority', 2: 'minority' };
    const { clock, recorder } = recorderAt(sides);
    const outcomes = [
      [0, 'ok', 2_000],
      [1, 'ok', 4_000],
      [2, 'fail', 1_000],
    ] as const;
    for (const [process, completion, latencyUs] of outcomes) {
      clock.now = 10_000 * process;
      const operation = recorder.invoke(process, 'get', 'k', null)!;
      clock.now += latencyUs;
      recorder.complete(operation, completion, '');
    }
    recorder.invoke(0, 'get', 'k', null);
    const operations = recorder.operations;
    expect(availability(operations)).toBeCloseTo(2 / 3);
    expect(availability(operations, 'majority')).toBe(1);
    expect(availability(operations, 'minority')).toBe(0.5);
    expect(availability(operations, 'connected')).toBe(NOTHING_MEASURED);
    expect(operationsOn(operations, 'majority')).toBe(2);
    expect(successLatenciesUs(operations)).toEqual([2_000, 4_000]);
    expect(percentileMs(successLatenciesUs(operations), 0.5)).toBe(2);
    expect(percentileMs(successLatenciesUs(operations), 0.99)).toBe(4);
    expect(percentileMs([], 0.5)).toBe(NOTHING_MEASURED);
  });
});

describe('partition plans and sides', () => {
  const stores = [0, 1, 2, 3, 4];
  const clients = [5, 6, 7, 8];

  it('splits a majority from a minority, clients alternating, each client near the store nodes of its side', () => {
    const plan = planPartition('majority-minority', stores, clients);
    expect(plan.spec).toEqual({ kind: 'split', groups: [[0, 1, 2, 5, 7], [3, 4, 6, 8]] });
    expect(plan.nearest).toEqual([[0, 1, 2], [3, 4], [0, 1, 2], [3, 4]]);
    expect(plan.description).toBe('{0,1,2} | {3,4}');
    const partitions = new PartitionState();
    expect(partitionSide(partitions, 5, stores)).toBe('connected');
    partitions.apply(plan.spec!, 9);
    expect([5, 6].map((client) => partitionSide(partitions, client, stores))).toEqual(['majority', 'minority']);
  });

  it('isolates the last store node with half the clients, and bridges two sides through the middle node', () => {
    expect(planPartition('isolate-node', stores, clients).spec).toEqual({ kind: 'split', groups: [[0, 1, 2, 3, 5, 7], [4, 6, 8]] });
    const bridge = planPartition('bridge', stores, clients);
    expect(bridge.spec).toEqual({ kind: 'bridge', left: [0, 1, 5, 7], right: [3, 4, 6, 8], bridge: 2 });
    const partitions = new PartitionState();
    partitions.apply(bridge.spec!, 9);
    // Each side reaches its own two nodes and the bridge: three of five.
    expect([5, 6].map((client) => partitionSide(partitions, client, stores))).toEqual(['majority', 'majority']);
  });

  it('keeps the layout but applies nothing for none, and gives each side a node with only two store nodes', () => {
    const none = planPartition('none', stores, clients);
    expect(none.spec).toBeUndefined();
    expect(none.sites).toEqual(planPartition('majority-minority', stores, clients).sites);
    expect(planPartition('majority-minority', [0, 1], [2, 3]).nearest).toEqual([[0], [1]]);
  });
});
