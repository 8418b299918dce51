// Validating, ordering and installing fault schedules. Rule: a schedule is checked
// whole before the run starts, and every error names the event, the field and what
// is allowed; events at the same time apply in the order they are listed.
import { assertNever } from '../engine/assert-never.ts';
import type { Simulation } from '../engine/simulation.ts';
import { validatePartition, type PartitionSpec } from '../net/partition.ts';
import type { Cluster } from '../node/cluster.ts';
import { validateClockSetting } from '../node/local-clock.ts';
import { FAULT_KINDS, type FaultEvent, type FaultSchedule } from './fault-event.ts';

/** Sorts by time, keeping list order for equal times (no reliance on sort stability). */
export function orderSchedule(schedule: FaultSchedule): FaultEvent[] {
  return schedule
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.atUs - b.event.atUs || a.index - b.index)
    .map(({ event }) => event);
}

/** Schedules every fault on the simulation; the schedule must be valid for the cluster. */
export function installFaultSchedule(simulation: Simulation, cluster: Cluster, schedule: FaultSchedule): void {
  validateFaultSchedule(schedule, cluster.size);
  const apply = (event: FaultEvent): void => applyFault(cluster, event);
  for (const event of orderSchedule(schedule)) simulation.scheduleAt(Math.max(event.atUs, simulation.now), apply, event);
}

export function applyFault(cluster: Cluster, event: FaultEvent): void {
  switch (event.kind) {
    case 'partition':
      return cluster.network.partition(event.partition);
    case 'heal':
      return cluster.network.heal();
    case 'crash':
      return cluster.crash(event.node);
    case 'restart':
      return cluster.restart(event.node);
    case 'pause':
      return cluster.pause(event.node, event.durationUs);
    case 'loss-burst':
      return cluster.network.lossBurst(event.probability, event.durationUs);
    case 'clock-skew':
      return cluster.setClock(event.node, { offsetUs: event.offsetUs, driftPpm: event.driftPpm });
    default:
      return assertNever(event);
  }
}

/** Checks a schedule that came from code or from parsed JSON; throws RangeError on the first problem. */
export function validateFaultSchedule(schedule: unknown, nodeCount: number): asserts schedule is FaultSchedule {
  if (!Array.isArray(schedule)) throw new RangeError('fault schedule: expected a list of fault events');
  schedule.forEach((event: unknown, index) => validateFaultEvent(event, index, nodeCount));
}

function validateFaultEvent(candidate: unknown, index: number, nodeCount: number): void {
  const where = `fault ${index}`;
  if (typeof candidate !== 'object' || candidate === null) throw new RangeError(`${where}: expected an object`);
  const event = candidate as Record<string, unknown>;
  if (!FAULT_KINDS.includes(event.kind as FaultEvent['kind'])) {
    throw new RangeError(`${where}: unknown kind ${JSON.stringify(event.kind)}: expected one of ${FAULT_KINDS.join(', ')}`);
  }
  requireInteger(event, 'atUs', where, 0);
  const kind = event.kind as FaultEvent['kind'];
  const fieldsByKind: Record<FaultEvent['kind'], () => void> = {
    partition: () => validatePartitionField(event.partition, `${where} (partition)`, nodeCount),
    heal: () => {},
    crash: () => requireNode(event, where, nodeCount),
    restart: () => requireNode(event, where, nodeCount),
    pause: () => {
      requireNode(event, where, nodeCount);
      requireInteger(event, 'durationUs', where, 1);
    },
    'loss-burst': () => {
      requireInteger(event, 'durationUs', where, 1);
      const probability = event.probability;
      if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
        throw new RangeError(`${where} (loss-burst): invalid probability ${String(probability)}: expected 0 to 1`);
      }
    },
    'clock-skew': () => {
      requireNode(event, where, nodeCount);
      validateClockSetting({ offsetUs: event.offsetUs as number, driftPpm: event.driftPpm as number }, `${where} (clock-skew)`);
    },
  };
  fieldsByKind[kind]();
}

function validatePartitionField(partition: unknown, where: string, nodeCount: number): void {
  if (typeof partition !== 'object' || partition === null) throw new RangeError(`${where}: expected a partition object`);
  const spec = partition as Record<string, unknown>;
  const lists: Record<string, string[]> = { split: [], isolate: [], 'one-way': ['from', 'to'], bridge: ['left', 'right'] };
  const listFields = lists[spec.kind as string];
  if (listFields === undefined) {
    throw new RangeError(`${where}: unknown partition kind ${JSON.stringify(spec.kind)}: expected one of split, isolate, one-way, bridge`);
  }
  for (const field of listFields) {
    if (!Array.isArray(spec[field])) throw new RangeError(`${where}: ${field} must be a list of node ids`);
  }
  if (spec.kind === 'split' && (!Array.isArray(spec.groups) || !spec.groups.every(Array.isArray))) {
    throw new RangeError(`${where}: groups must be a list of lists of node ids`);
  }
  try {
    validatePartition(spec as unknown as PartitionSpec, nodeCount);
  } catch (error) {
    throw new RangeError(`${where}: ${(error as Error).message}`);
  }
}

function requireNode(event: Record<string, unknown>, where: string, nodeCount: number): void {
  const node = event.node;
  if (typeof node !== 'number' || !Number.isInteger(node) || node < 0 || node >= nodeCount) {
    throw new RangeError(`${where} (${String(event.kind)}): node ${String(node)} does not exist (nodes are 0..${nodeCount - 1})`);
  }
}

function requireInteger(event: Record<string, unknown>, field: string, where: string, min: number): void {
  const value = event[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${where} (${String(event.kind)}): invalid ${field} ${String(value)}: expected an integer of microseconds, at least ${min}`);
  }
}
