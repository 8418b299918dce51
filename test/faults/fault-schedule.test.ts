// Fault schedules: applied at their times, in list order for equal times; checked whole
// before anything runs, with errors that name the fault's index and field.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { installFaultSchedule, validateFaultSchedule } from '../../src/faults/fault-schedule.ts';
import { Cluster } from '../../src/node/cluster.ts';

function startedCluster(nodeCount: number): { simulation: Simulation; cluster: Cluster; seen: string[] } {
  const simulation = new Simulation(1);
  const cluster = new Cluster(simulation);
  cluster.addNodes(nodeCount, () => ({ onMessage() {} }));
  const seen: string[] = [];
  simulation.trace.subscribe((event) => {
    if (event.kind === 'start') return;
    const subject = event.node ?? event.detail;
    seen.push(`${event.timeUs} ${event.kind} ${String(subject)}`);
  });
  cluster.start();
  return { simulation, cluster, seen };
}

describe('installFaultSchedule', () => {
  it('applies faults at their times, and in list order when times are equal', () => {
    const { simulation, cluster, seen } = startedCluster(5);
    installFaultSchedule(simulation, cluster, [
      { atUs: 5_000, kind: 'partition', partition: { kind: 'split', groups: [[1, 2], [3, 4]] } },
      { atUs: 2_000, kind: 'crash', node: 2 },
      { atUs: 5_000, kind: 'heal' },
      { atUs: 2_000, kind: 'restart', node: 2 },
      { atUs: 7_000, kind: 'pause', node: 3, durationUs: 500 },
      { atUs: 7_000, kind: 'clock-skew', node: 1, offsetUs: -20, driftPpm: 5 },
      { atUs: 7_000, kind: 'loss-burst', probability: 0.5, durationUs: 100 },
    ]);
    simulation.runUntil(10_000);
    expect(seen).toEqual([
      '2000 crash 2',
      '2000 restart 2',
      '5000 partition {1,2}|{3,4}',
      '5000 heal heal',
      '7000 pause 3',
      '7000 fault clock node 1 offset -20us drift 5ppm',
      '7000 fault loss-burst 0.5 for 100us',
      '7500 resume 3',
    ]);
  });

  it('leaves the state each fault implies', () => {
    const { simulation, cluster } = startedCluster(3);
    installFaultSchedule(simulation, cluster, [
      { atUs: 1_000, kind: 'crash', node: 0 },
      { atUs: 1_000, kind: 'pause', node: 1, durationUs: 10_000 },
      { atUs: 1_000, kind: 'partition', partition: { kind: 'isolate', node: 2 } },
    ]);
    simulation.runUntil(2_000);
    expect([cluster.status(0), cluster.status(1), cluster.status(2)]).toEqual(['crashed', 'paused', 'up']);
    expect(cluster.network.partitions.current).toEqual({ kind: 'isolate', node: 2 });
  });

  it('rejects an invalid schedule before scheduling any of it', () => {
    const { simulation, cluster } = startedCluster(3);
    const schedule = [
      { atUs: 1_000, kind: 'crash', node: 0 },
      { atUs: 2_000, kind: 'crash', node: 3 },
    ] as FaultSchedule;
    const pendingBefore = simulation.pendingEvents;
    expect(() => installFaultSchedule(simulation, cluster, schedule)).toThrow('fault 1 (crash): node 3 does not exist (nodes are 0..2)');
    expect(simulation.pendingEvents).toBe(pendingBefore);
  });
});

describe('validateFaultSchedule', () => {
  const NODES = 4;
  it.each([
    ['not a list', { atUs: 0, kind: 'heal' }, 'fault schedule: expected a list of fault events'],
    ['an unknown kind', [{ atUs: 0, kind: 'heal' }, { atUs: 0, kind: 'meteor' }], 'fault 1: unknown kind "meteor": expected one of partition, heal, crash'],
    ['a fault that is not an object', [null], 'fault 0: expected an object'],
    ['a negative time', [{ atUs: -1, kind: 'heal' }], 'fault 0 (heal): invalid atUs -1: expected an integer of microseconds, at least 0'],
    ['a fractional time', [{ atUs: 1.5, kind: 'heal' }], 'fault 0 (heal): invalid atUs 1.5'],
    ['a missing time', [{ kind: 'heal' }], 'fault 0 (heal): invalid atUs undefined'],
    ['a missing node', [{ atUs: 0, kind: 'crash' }], 'fault 0 (crash): node undefined does not exist (nodes are 0..3)'],
    ['a node out of range', [{ atUs: 0, kind: 'heal' }, { atUs: 0, kind: 'restart', node: 4 }], 'fault 1 (restart): node 4 does not exist'],
    ['a pause without a duration', [{ atUs: 0, kind: 'pause', node: 1 }], 'fault 0 (pause): invalid durationUs undefined: expected an integer of microseconds, at least 1'],
    ['a loss probability above 1', [{ atUs: 0, kind: 'loss-burst', probability: 1.5, durationUs: 10 }], 'fault 0 (loss-burst): invalid probability 1.5: expected 0 to 1'],
    ['a negative loss probability', [{ atUs: 0, kind: 'loss-burst', probability: -0.1, durationUs: 10 }], 'fault 0 (loss-burst): invalid probability -0.1'],
    ['a loss probability that is not a number', [{ atUs: 0, kind: 'loss-burst', probability: '0.5', durationUs: 10 }], 'fault 0 (loss-burst): invalid probability 0.5'],
    ['a bad clock drift', [{ atUs: 0, kind: 'clock-skew', node: 0, offsetUs: 0, driftPpm: 2_000_000 }], 'fault 0 (clock-skew): invalid clock driftPpm 2000000'],
    ['a partition that is missing', [{ atUs: 0, kind: 'partition' }], 'fault 0 (partition): expected a partition object'],
    ['an unknown partition kind', [{ atUs: 0, kind: 'partition', partition: { kind: 'ring' } }], 'fault 0 (partition): unknown partition kind "ring"'],
    ['split groups that are not lists', [{ atUs: 0, kind: 'partition', partition: { kind: 'split', groups: [1, 2] } }], 'fault 0 (partition): groups must be a list of lists of node ids'],
    ['a one-way partition without "to"', [{ atUs: 0, kind: 'partition', partition: { kind: 'one-way', from: [0] } }], 'fault 0 (partition): to must be a list of node ids'],
    ['a bridge without "left"', [{ atUs: 0, kind: 'partition', partition: { kind: 'bridge', right: [0], bridge: 1 } }], 'fault 0 (partition): left must be a list of node ids'],
    ['a partition naming a missing node', [{ atUs: 0, kind: 'partition', partition: { kind: 'isolate', node: 9 } }], 'fault 0 (partition): partition isolate: node 9 does not exist'],
    ['a partition listing a node twice', [{ atUs: 0, kind: 'partition', partition: { kind: 'split', groups: [[0], [0, 1]] } }], 'fault 0 (partition): partition split: node 0 appears in more than one group'],
  ])('rejects %s, naming the fault and the field', (_name, schedule, message) => {
    expect(() => validateFaultSchedule(schedule, NODES)).toThrow(RangeError);
    expect(() => validateFaultSchedule(schedule, NODES)).toThrow(message);
  });

  it('accepts every kind of fault when well formed', () => {
    const schedule: FaultSchedule = [
      { atUs: 0, kind: 'partition', partition: { kind: 'bridge', left: [0], right: [1, 2], bridge: 3 } },
      { atUs: 10, kind: 'heal' },
      { atUs: 20, kind: 'crash', node: 3 },
      { atUs: 30, kind: 'restart', node: 3 },
      { atUs: 40, kind: 'pause', node: 0, durationUs: 1 },
      { atUs: 50, kind: 'loss-burst', probability: 1, durationUs: 5 },
      { atUs: 60, kind: 'clock-skew', node: 2, offsetUs: -5, driftPpm: -100 },
    ];
    expect(() => validateFaultSchedule(schedule, NODES)).not.toThrow();
  });
});
