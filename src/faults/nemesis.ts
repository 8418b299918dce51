// The nemesis: random faults drawn from the "faults" stream, generated up front as a
// schedule (data), so a random run can be printed, saved and shrunk like a hand-written
// one. Rule: every fault it injects is undone before `endUs` (crashed nodes restart,
// partitions heal), leaving a quiet period in which the system must recover.
import type { Random } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { NodeId, PartitionSpec } from '../net/partition.ts';
import type { FaultEvent } from './fault-event.ts';

export const NEMESIS_KINDS = ['partition', 'crash', 'pause', 'loss-burst', 'clock-skew'] as const;
export type NemesisKind = (typeof NEMESIS_KINDS)[number];

export interface NemesisOptions {
  readonly kinds: readonly NemesisKind[];
  /** First fault no earlier than this. */
  readonly startUs: Micros;
  /** Every fault is over by this time. */
  readonly endUs: Micros;
  /** Mean quiet time between one fault's end and the next one's start. */
  readonly meanGapUs: Micros;
  /** Mean time a fault lasts. */
  readonly meanFaultUs: Micros;
  /** Most faults in one schedule. */
  readonly maxFaults: number;
}

export function validateNemesisOptions(options: NemesisOptions, nodeCount: number): void {
  for (const kind of options.kinds) {
    if (!NEMESIS_KINDS.includes(kind)) {
      throw new RangeError(`nemesis: unknown fault kind ${JSON.stringify(kind)}: expected ${NEMESIS_KINDS.join(', ')}`);
    }
  }
  if (options.kinds.length === 0) throw new RangeError(`nemesis: expected at least one fault kind from ${NEMESIS_KINDS.join(', ')}`);
  // Fix: the window and the fault count were not checked; a fractional time produced an
  // invalid schedule, and maxFaults Infinity left only endUs to bound the loop.
  for (const field of ['startUs', 'endUs', 'maxFaults'] as const) {
    const value = options[field];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`nemesis: invalid ${field} ${String(value)}: expected a non-negative integer`);
    }
  }
  if (!(options.endUs > options.startUs)) throw new RangeError(`nemesis: endUs ${options.endUs} must be after startUs ${options.startUs}`);
  if (!(options.meanGapUs > 0 && options.meanFaultUs > 0)) throw new RangeError('nemesis: mean gap and mean fault time must be positive');
  if (nodeCount < 2) throw new RangeError(`nemesis: needs at least 2 nodes, got ${nodeCount}`);
}

/** Generates a fault schedule from the given stream; faults do not overlap. */
export function generateNemesisSchedule(random: Random, nodeCount: number, options: NemesisOptions): FaultEvent[] {
  validateNemesisOptions(options, nodeCount);
  const schedule: FaultEvent[] = [];
  let time = options.startUs + exponential(random, options.meanGapUs);
  for (let count = 0; count < options.maxFaults; count++) {
    const duration = Math.max(1, exponential(random, options.meanFaultUs));
    if (time + duration >= options.endUs) break;
    const kind = random.pick(options.kinds);
    schedule.push(...faultWindow(random, kind, nodeCount, time, duration));
    time += duration + Math.max(1, exponential(random, options.meanGapUs));
  }
  return schedule;
}

function faultWindow(random: Random, kind: NemesisKind, nodeCount: number, atUs: Micros, durationUs: Micros): FaultEvent[] {
  const endUs = atUs + durationUs;
  switch (kind) {
    case 'partition':
      return [{ atUs, kind: 'partition', partition: randomPartition(random, nodeCount) }, { atUs: endUs, kind: 'heal' }];
    case 'crash': {
      const node = random.below(nodeCount);
      return [{ atUs, kind: 'crash', node }, { atUs: endUs, kind: 'restart', node }];
    }
    case 'pause':
      return [{ atUs, kind: 'pause', node: random.below(nodeCount), durationUs }];
    case 'loss-burst':
      return [{ atUs, kind: 'loss-burst', probability: random.intInclusive(20, 100) / 100, durationUs }];
    case 'clock-skew': {
      const node = random.below(nodeCount);
      const offsetUs = random.intInclusive(-500_000, 500_000);
      const driftPpm = random.intInclusive(-1000, 1000);
      return [
        { atUs, kind: 'clock-skew', node, offsetUs, driftPpm },
        { atUs: endUs, kind: 'clock-skew', node, offsetUs: 0, driftPpm: 0 },
      ];
    }
  }
}

/** One of the four shapes, over a random shuffle of the nodes. */
export function randomPartition(random: Random, nodeCount: number): PartitionSpec {
  const nodes: NodeId[] = random.shuffle(Array.from({ length: nodeCount }, (_, index) => index));
  const shapes = nodeCount >= 3 ? (['split', 'isolate', 'one-way', 'bridge'] as const) : (['split', 'isolate', 'one-way'] as const);
  const shape = random.pick(shapes);
  const cut = random.intInclusive(1, nodeCount - 1);
  switch (shape) {
    case 'split':
      return { kind: 'split', groups: [sorted(nodes.slice(0, cut)), sorted(nodes.slice(cut))] };
    case 'isolate':
      return { kind: 'isolate', node: nodes[0] as NodeId };
    case 'one-way':
      return { kind: 'one-way', from: sorted(nodes.slice(0, cut)), to: sorted(nodes.slice(cut)) };
    case 'bridge': {
      const [bridge, ...rest] = nodes as [NodeId, ...NodeId[]];
      const half = Math.max(1, Math.floor(rest.length / 2));
      return { kind: 'bridge', left: sorted(rest.slice(0, half)), right: sorted(rest.slice(half)), bridge };
    }
  }
}

function sorted(nodes: NodeId[]): NodeId[] {
  return nodes.sort((a, b) => a - b);
}

/** A whole number of microseconds drawn from an exponential with the given mean. */
function exponential(random: Random, mean: Micros): Micros {
  return Math.round(-mean * Math.log(1 - random.next()));
}
