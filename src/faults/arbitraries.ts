// fast-check arbitraries for seeds, link configs, partitions and fault schedules, for
// property tests that search for failing runs. Rule: a generated schedule is a list of
// fault windows (a fault and its undo: crash at t, restart at t+d), so shrinking removes
// whole windows and pulls times, durations and node ids toward small values; windows
// are flattened into an ordinary FaultSchedule that validateFaultSchedule accepts.
// Only property-testing code (tests, scenario/scenario-property.ts) imports this module:
// the code a run executes never loads fast-check.
import fc from 'fast-check';
import { assertNever } from '../engine/assert-never.ts';
import { ms, type Micros } from '../engine/time.ts';
import type { LatencyDistribution } from '../net/latency.ts';
import type { LinkConfig } from '../net/link.ts';
import type { NodeId, PartitionSpec } from '../net/partition.ts';
import { FAULT_KINDS, type FaultEvent, type FaultKind, type FaultSchedule } from './fault-event.ts';
import { orderSchedule } from './fault-schedule.ts';
import { describeSchedule } from './fault-script.ts';
import { NEMESIS_KINDS, type NemesisKind } from './nemesis.ts';

/** The largest seed the arbitrary draws (seeds shrink toward 0). */
export const MAX_GENERATED_SEED = 2 ** 32 - 1;
/** Most windows one generated schedule may hold. */
export const MAX_FAULT_WINDOWS = 1_000;
/** Clock-skew windows stay within these bounds (like the nemesis). */
export const MAX_SKEW_OFFSET_US: Micros = ms(500);
export const MAX_SKEW_DRIFT_PPM = 1_000;

/** A fault together with its undo; the same kinds the nemesis injects. */
export type FaultWindowKind = NemesisKind;
export const FAULT_WINDOW_KINDS: readonly FaultWindowKind[] = NEMESIS_KINDS;

/**
 * One fault window, from `startUs` to `endUs` (endUs > startUs):
 * - partition: partition at start, heal at end;
 * - crash: crash at start, restart at end;
 * - pause: one pause event lasting until end;
 * - loss-burst: one loss-burst event lasting until end;
 * - clock-skew: skew at start, clock set back to true time at end.
 */
export type FaultWindow =
  | { readonly kind: 'partition'; readonly startUs: Micros; readonly endUs: Micros; readonly partition: PartitionSpec }
  | { readonly kind: 'crash'; readonly startUs: Micros; readonly endUs: Micros; readonly node: NodeId }
  | { readonly kind: 'pause'; readonly startUs: Micros; readonly endUs: Micros; readonly node: NodeId }
  | { readonly kind: 'loss-burst'; readonly startUs: Micros; readonly endUs: Micros; readonly probability: number }
  | {
      readonly kind: 'clock-skew';
      readonly startUs: Micros;
      readonly endUs: Micros;
      readonly node: NodeId;
      readonly offsetUs: Micros;
      readonly driftPpm: number;
    };

export interface FaultEventOptions {
  readonly nodeCount: number;
  /** Every event happens in [0, durationUs); pauses and loss bursts also end before it. */
  readonly durationUs: Micros;
  /** Which event kinds to draw; all of FAULT_KINDS by default (partition only with 2+ nodes). */
  readonly kinds?: readonly FaultKind[];
  /** Times are whole multiples of this; default 1ms for runs of 100ms or more, else 1us. */
  readonly resolutionUs?: Micros;
}

export interface FaultScheduleOptions {
  readonly nodeCount: number;
  /** Every window starts and ends in [0, durationUs). */
  readonly durationUs: Micros;
  /** Most windows in a schedule (a window is a fault and its undo: one or two events). */
  readonly maxFaults: number;
  /**
   * Fewest windows in a freshly generated schedule (default 0). Shrinking ignores it and
   * may remove every window, so a search can start from busy schedules and still end small.
   */
  readonly minGeneratedFaults?: number;
  /** Which windows to draw; all of FAULT_WINDOW_KINDS by default (partition only with 2+ nodes). */
  readonly kinds?: readonly FaultWindowKind[];
  /** Longest window; default half of durationUs. */
  readonly maxWindowUs?: Micros;
  /** Times are whole multiples of this; default 1ms for runs of 100ms or more, else 1us. */
  readonly resolutionUs?: Micros;
}

/** Root seeds from 0 to 2^32-1, shrinking toward 0. */
export function seedArbitrary(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: MAX_GENERATED_SEED });
}

/** Every latency kind, loss up to 50%, duplication up to 20%, both orderings; all values sane. */
export function linkConfigArbitrary(): fc.Arbitrary<LinkConfig> {
  const percent = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max }).map((value) => value / 100);
  return fc.record({
    latency: latencyArbitrary(),
    lossProbability: percent(50),
    duplicateProbability: percent(20),
    ordering: fc.constantFrom('reorder' as const, 'fifo' as const),
  });
}

function latencyArbitrary(): fc.Arbitrary<LatencyDistribution> {
  const micros = (max: Micros): fc.Arbitrary<Micros> => fc.integer({ min: 0, max });
  const baseUs = micros(ms(5));
  return fc.oneof(
    fc.record({ kind: fc.constant('constant' as const), baseUs: micros(ms(10)) }),
    fc
      .record({ baseUs, minUs: micros(ms(5)), spanUs: micros(ms(20)) })
      .map(({ baseUs: base, minUs, spanUs }) => ({ kind: 'uniform' as const, baseUs: base, minUs, maxUs: minUs + spanUs })),
    fc.record({ kind: fc.constant('normal' as const), baseUs, meanUs: micros(ms(20)), stddevUs: micros(ms(10)) }),
    fc.record({
      kind: fc.constant('lognormal' as const),
      baseUs,
      medianUs: micros(ms(20)),
      sigma: fc.integer({ min: 0, max: 200 }).map((hundredths) => hundredths / 100),
    }),
    fc.record({ kind: fc.constant('exponential' as const), baseUs, meanUs: micros(ms(20)) }),
  );
}

/** Every partition shape, valid for `nodeCount` (2 or more; bridge needs 3 or more). */
export function partitionArbitrary(nodeCount: number): fc.Arbitrary<PartitionSpec> {
  requireNodeCount(nodeCount, 2, 'partitionArbitrary');
  const node = fc.integer({ min: 0, max: nodeCount - 1 });
  /** One label per node; labels shrink toward 0. */
  const labels = (max: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max }), { minLength: nodeCount, maxLength: nodeCount });
  const isolate = node.map((isolated): PartitionSpec => ({ kind: 'isolate', node: isolated }));
  const split = labels(nodeCount - 1)
    .map((groupOf): PartitionSpec => ({ kind: 'split', groups: groupsByLabel(groupOf) }))
    .filter((spec) => spec.kind === 'split' && spec.groups.length >= 2);
  // one-way: label 1 sends into a cut, label 2 is cut off from label 1, label 0 is unaffected.
  const oneWay = labels(2)
    .map((side): PartitionSpec => ({ kind: 'one-way', from: nodesLabelled(side, 1), to: nodesLabelled(side, 2) }))
    .filter((spec) => spec.kind === 'one-way' && spec.from.length > 0 && spec.to.length > 0);
  const shapes = [isolate, split, oneWay];
  if (nodeCount >= 3) {
    const bridge = fc
      .tuple(node, labels(2))
      .map(([bridgeNode, side]): PartitionSpec => {
        const others = side.map((label, index) => (index === bridgeNode ? 0 : label));
        return { kind: 'bridge', left: nodesLabelled(others, 1), right: nodesLabelled(others, 2), bridge: bridgeNode };
      })
      .filter((spec) => spec.kind === 'bridge' && spec.left.length > 0 && spec.right.length > 0);
    shapes.push(bridge);
  }
  return fc.oneof(...shapes);
}

/** Groups in order of their smallest node, each listing its nodes in ascending order. */
function groupsByLabel(groupOf: readonly number[]): NodeId[][] {
  const groups = new Map<number, NodeId[]>();
  groupOf.forEach((label, node) => {
    const group = groups.get(label);
    if (group === undefined) groups.set(label, [node]);
    else group.push(node);
  });
  return [...groups.values()];
}

function nodesLabelled(labels: readonly number[], wanted: number): NodeId[] {
  const nodes: NodeId[] = [];
  labels.forEach((label, node) => {
    if (label === wanted) nodes.push(node);
  });
  return nodes;
}

/** Single fault events of the given kinds, each valid on its own. */
export function faultEventArbitrary(options: FaultEventOptions): fc.Arbitrary<FaultEvent> {
  const { nodeCount } = options;
  requireNodeCount(nodeCount, 1, 'faultEventArbitrary');
  const timing = timingFor(options.durationUs, options.resolutionUs, options.durationUs, 'faultEventArbitrary');
  const kinds = chooseKinds(options.kinds, FAULT_KINDS, nodeCount, 'faultEventArbitrary');
  const node = fc.integer({ min: 0, max: nodeCount - 1 });
  const atUs = timing.instant;
  const byKind = (kind: FaultKind): fc.Arbitrary<FaultEvent> => {
    switch (kind) {
      case 'partition':
        return fc.record({ atUs, kind: fc.constant(kind), partition: partitionArbitrary(nodeCount) });
      case 'heal':
        return fc.record({ atUs, kind: fc.constant(kind) });
      case 'crash':
      case 'restart':
        return fc.record({ atUs, kind: fc.constant(kind), node });
      case 'pause':
        return fc
          .tuple(timing.span, node)
          .map(([[startUs, endUs], paused]) => ({ atUs: startUs, kind, node: paused, durationUs: endUs - startUs }));
      case 'loss-burst':
        return fc
          .tuple(timing.span, lossProbabilityArbitrary())
          .map(([[startUs, endUs], probability]) => ({ atUs: startUs, kind, probability, durationUs: endUs - startUs }));
      case 'clock-skew':
        return fc.record({ atUs, kind: fc.constant(kind), node, offsetUs: skewOffsetArbitrary(), driftPpm: skewDriftArbitrary() });
      default:
        return assertNever(kind);
    }
  };
  return fc.oneof(...kinds.map(byKind));
}

/** One fault window of the given kinds. */
export function faultWindowArbitrary(options: Omit<FaultScheduleOptions, 'maxFaults' | 'minGeneratedFaults'>): fc.Arbitrary<FaultWindow> {
  const { nodeCount } = options;
  requireNodeCount(nodeCount, 1, 'faultWindowArbitrary');
  const maxWindowUs = options.maxWindowUs ?? Math.floor(options.durationUs / 2);
  const span = timingFor(options.durationUs, options.resolutionUs, maxWindowUs, 'faultWindowArbitrary').span;
  const kinds = chooseKinds(options.kinds, FAULT_WINDOW_KINDS, nodeCount, 'faultWindowArbitrary');
  const node = fc.integer({ min: 0, max: nodeCount - 1 });
  const byKind = (kind: FaultWindowKind): fc.Arbitrary<FaultWindow> => {
    switch (kind) {
      case 'partition':
        return fc.tuple(span, partitionArbitrary(nodeCount)).map(([[startUs, endUs], partition]) => ({ kind, startUs, endUs, partition }));
      case 'crash':
      case 'pause':
        return fc.tuple(span, node).map(([[startUs, endUs], target]) => ({ kind, startUs, endUs, node: target }));
      case 'loss-burst':
        return fc.tuple(span, lossProbabilityArbitrary()).map(([[startUs, endUs], probability]) => ({ kind, startUs, endUs, probability }));
      case 'clock-skew':
        return fc
          .tuple(span, node, skewOffsetArbitrary(), skewDriftArbitrary())
          .map(([[startUs, endUs], target, offsetUs, driftPpm]) => ({ kind, startUs, endUs, node: target, offsetUs, driftPpm }));
      default:
        return assertNever(kind);
    }
  };
  return fc.oneof(...kinds.map(byKind));
}

/** Lists of fault windows; shrinking removes windows (halves first, then one at a time), then shrinks each one. */
export function faultWindowsArbitrary(options: FaultScheduleOptions): fc.Arbitrary<FaultWindow[]> {
  const { maxFaults } = options;
  const minGeneratedFaults = options.minGeneratedFaults ?? 0;
  if (!Number.isSafeInteger(maxFaults) || maxFaults < 0 || maxFaults > MAX_FAULT_WINDOWS) {
    throw new RangeError(`fault schedule arbitrary: invalid maxFaults ${String(maxFaults)}: expected an integer from 0 to ${MAX_FAULT_WINDOWS}`);
  }
  if (!Number.isSafeInteger(minGeneratedFaults) || minGeneratedFaults < 0 || minGeneratedFaults > maxFaults) {
    throw new RangeError(`fault schedule arbitrary: invalid minGeneratedFaults ${String(minGeneratedFaults)}: expected an integer from 0 to maxFaults (${maxFaults})`);
  }
  return new ShrinkToEmptyListArbitrary(faultWindowArbitrary(options), minGeneratedFaults, maxFaults);
}

/** Valid fault schedules, ordered by time, made of shrinkable windows (see faultWindowsArbitrary). */
export function faultScheduleArbitrary(options: FaultScheduleOptions): fc.Arbitrary<FaultSchedule> {
  return faultWindowsArbitrary(options).map(flattenWindows);
}

/** The events of one window, in time order. */
export function windowEvents(window: FaultWindow): FaultEvent[] {
  const { startUs, endUs } = window;
  switch (window.kind) {
    case 'partition':
      return [{ atUs: startUs, kind: 'partition', partition: window.partition }, { atUs: endUs, kind: 'heal' }];
    case 'crash':
      return [{ atUs: startUs, kind: 'crash', node: window.node }, { atUs: endUs, kind: 'restart', node: window.node }];
    case 'pause':
      return [{ atUs: startUs, kind: 'pause', node: window.node, durationUs: endUs - startUs }];
    case 'loss-burst':
      return [{ atUs: startUs, kind: 'loss-burst', probability: window.probability, durationUs: endUs - startUs }];
    case 'clock-skew':
      return [
        { atUs: startUs, kind: 'clock-skew', node: window.node, offsetUs: window.offsetUs, driftPpm: window.driftPpm },
        { atUs: endUs, kind: 'clock-skew', node: window.node, offsetUs: 0, driftPpm: 0 },
      ];
    default:
      return assertNever(window);
  }
}

/**
 * Every window's events as one schedule ordered by time (equal times keep window order).
 * The result prints as a fault script in fast-check's counterexamples.
 */
export function flattenWindows(windows: readonly FaultWindow[]): FaultSchedule {
  return withScriptForm(orderSchedule(windows.flatMap(windowEvents)));
}

/** Makes fast-check print the schedule as `at 1s crash 2; at 2s restart 2` (a hidden property: JSON and equality ignore it). */
export function withScriptForm(schedule: FaultEvent[]): FaultSchedule {
  Object.defineProperty(schedule, fc.toStringMethod, { value: () => describeSchedule(schedule), enumerable: false });
  return schedule;
}

/** Loss bursts shrink toward probability 1: a total outage is the simplest burst to reason about. */
function lossProbabilityArbitrary(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 90 }).map((percentBelowFull) => (100 - percentBelowFull) / 100);
}

function skewOffsetArbitrary(): fc.Arbitrary<Micros> {
  const maxMs = MAX_SKEW_OFFSET_US / 1000;
  return fc.integer({ min: -maxMs, max: maxMs }).map((offsetMs) => ms(offsetMs));
}

function skewDriftArbitrary(): fc.Arbitrary<number> {
  return fc.integer({ min: -MAX_SKEW_DRIFT_PPM, max: MAX_SKEW_DRIFT_PPM });
}

interface Timing {
  /** An instant in [0, durationUs). */
  readonly instant: fc.Arbitrary<Micros>;
  /** [start, end) with start < end < durationUs, lasting at most the given longest span. */
  readonly span: fc.Arbitrary<readonly [Micros, Micros]>;
}

/** Times on a grid of `resolutionUs`; start and length shrink toward 0 independently, so neither blocks the other. */
function timingFor(durationUs: Micros, resolution: Micros | undefined, longestUs: Micros, where: string): Timing {
  if (!Number.isSafeInteger(durationUs) || durationUs < 2) {
    throw new RangeError(`${where}: invalid durationUs ${String(durationUs)}: expected an integer of at least 2 microseconds`);
  }
  const resolutionUs = resolution ?? (durationUs >= ms(100) ? ms(1) : 1);
  if (!Number.isSafeInteger(resolutionUs) || resolutionUs < 1 || resolutionUs * 2 > durationUs) {
    throw new RangeError(`${where}: invalid resolutionUs ${String(resolutionUs)}: expected an integer from 1 to half of durationUs (${durationUs})`);
  }
  const lastTick = Math.ceil(durationUs / resolutionUs) - 1;
  const longestTicks = Math.floor(longestUs / resolutionUs);
  if (!Number.isSafeInteger(longestUs) || longestTicks < 1) {
    throw new RangeError(`${where}: invalid maxWindowUs ${String(longestUs)}: expected at least resolutionUs (${resolutionUs})`);
  }
  const instant = fc.integer({ min: 0, max: lastTick }).map((tick) => tick * resolutionUs);
  const span = fc
    .tuple(fc.integer({ min: 0, max: lastTick - 1 }), fc.integer({ min: 1, max: longestTicks }))
    .map(([startTick, lengthTicks]) => [startTick * resolutionUs, Math.min(startTick + lengthTicks, lastTick) * resolutionUs] as const);
  return { instant, span };
}

function chooseKinds<K extends string>(wanted: readonly K[] | undefined, all: readonly K[], nodeCount: number, where: string): readonly K[] {
  const kinds = wanted ?? all.filter((kind) => kind !== 'partition' || nodeCount >= 2);
  if (kinds.length === 0) throw new RangeError(`${where}: expected at least one fault kind from ${all.join(', ')}`);
  for (const kind of kinds) {
    if (!all.includes(kind)) throw new RangeError(`${where}: unknown fault kind ${JSON.stringify(kind)}: expected one of ${all.join(', ')}`);
    if (kind === 'partition' && nodeCount < 2) throw new RangeError(`${where}: partition faults need at least 2 nodes, got ${nodeCount}`);
  }
  return kinds;
}

function requireNodeCount(nodeCount: number, min: number, where: string): void {
  if (!Number.isSafeInteger(nodeCount) || nodeCount < min) {
    throw new RangeError(`${where}: invalid nodeCount ${String(nodeCount)}: expected an integer of at least ${min}`);
  }
}

/**
 * A list whose first draw holds between `minGenerated` and `max` items but whose shrinking
 * goes all the way to the empty list. fast-check's own array cannot do both: its minLength
 * also bounds shrinking. The context of a list is the Value (with context) of each item.
 */
class ShrinkToEmptyListArbitrary<T> extends fc.Arbitrary<T[]> {
  constructor(
    private readonly item: fc.Arbitrary<T>,
    private readonly minGenerated: number,
    private readonly max: number,
  ) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T[]> {
    const length = random.nextInt(this.minGenerated, this.max);
    const items: fc.Value<T>[] = [];
    for (let index = 0; index < length; index++) items.push(this.item.generate(random, biasFactor));
    return listValue(items);
  }

  canShrinkWithoutContext(value: unknown): value is T[] {
    return Array.isArray(value) && value.length === 0;
  }

  shrink(_value: T[], context: unknown): fc.Stream<fc.Value<T[]>> {
    if (!Array.isArray(context)) return fc.Stream.nil();
    return new fc.Stream(this.shrinkItems(context as fc.Value<T>[]));
  }

  /** Removals first (a half, a quarter, ... then single items), then each item shrunk in place. */
  private *shrinkItems(items: readonly fc.Value<T>[]): IterableIterator<fc.Value<T[]>> {
    for (let size = Math.ceil(items.length / 2); size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
      for (let start = 0; start < items.length; start += size) {
        yield listValue([...items.slice(0, start), ...items.slice(start + size)]);
      }
    }
    for (let index = 0; index < items.length; index++) {
      const current = items[index] as fc.Value<T>;
      for (const smaller of this.item.shrink(current.value_, current.context)) {
        yield listValue([...items.slice(0, index), smaller, ...items.slice(index + 1)]);
      }
    }
  }
}

function listValue<T>(items: readonly fc.Value<T>[]): fc.Value<T[]> {
  return new fc.Value(
    items.map((item) => item.value_),
    items,
  );
}
