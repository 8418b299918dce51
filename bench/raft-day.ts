// The long-run memory case (issue 10, opt-in with `npm run bench -- --raft-day`): one
// virtual day of the Raft cluster of bench/raft-load.ts (5 servers, ~100 answered
// commands per virtual second, faults throughout), advanced one virtual hour at a time
// through ScenarioRun.step(); after each hour a full gc, then RSS, heap used, and the
// length of every structure that could grow with the run. Target: memory flat, the end
// within 10% of the warm-up. Heap after gc goes up and down with log compaction, so each
// side is a median of WINDOW_HOURS samples: the hours right after WARM_UP_HOURS, and the
// last hours of the run. Rule: a bench copy of the
// `raft` scenario (the same parts, in the same order) keeps a handle on the cluster so
// the structures can be read; its trace hash is checked against `raft` itself first.
// Needs --expose-gc. Run: node --expose-gc --import tsx bench/raft-day.ts [--hours N] [--json]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { seconds, type Micros } from '../src/engine/time.ts';
import type { Scenario } from '../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../src/scenario/runner.ts';
import type { DurableStorage } from '../src/node/durable-storage.ts';
import type { RaftView } from '../src/protocols/raft/raft-view.ts';
import raft from '../scenarios/raft.ts';
import { buildRaftCluster, declareRaftChecks, declareRaftSummaries, type RaftCluster, type RaftClusterParams } from '../scenarios/raft-cluster.ts';
import { medianOf } from './bare-loop-speed.ts';
import { parseCountAndJson } from './count-and-json-arguments.ts';
import { advanceTo, RAFT_LOAD_PARAMS, RAFT_LOAD_SEED, RAFT_LOAD_SERVERS, raftLoadFaults, startRaftLoadRun } from './raft-load.ts';

const HOUR_US = seconds(3600);
export const RAFT_DAY_HOURS = 24;
/** Hours of warm-up: by then every bounded structure is full. */
export const WARM_UP_HOURS = 2;
/** Each side of the comparison is the median of this many hourly samples. */
export const WINDOW_HOURS = 3;
/** Issue 10: the end within this share of the warm-up. */
export const FLAT_TOLERANCE = 0.1;
const CHECK_HASH_US = seconds(20);

/** What grows with the run, sampled after each virtual hour. */
export interface RaftDaySample {
  readonly hour: number;
  readonly wallSeconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Longest server log (view.log.length), entries. */
  readonly longestLog: number;
  /** State-machine values over every server and key (view.values), numbers. */
  readonly machineValues: number;
  /** Entries every server's durable storage holds, all keys and lists together. */
  readonly durableItems: number;
  /** ClientLedger.operations.length and .acknowledgedAppends.length. */
  readonly ledgerOperations: number;
  readonly ledgerAcknowledgements: number;
  /** RaftMonitor: its per-server log mirrors, summed. */
  readonly monitorMirrors: number;
  readonly committedEntries: number;
}

export interface RaftDayMeasurement {
  readonly name: string;
  readonly hours: number;
  readonly verdict: 'pass' | 'fail';
  readonly violation: string | undefined;
  readonly samples: readonly RaftDaySample[];
  /** Median heap after gc over the WINDOW_HOURS hours after the warm-up. */
  readonly warmUpHeapMb: number;
  /** Median heap after gc over the last WINDOW_HOURS hours. */
  readonly endHeapMb: number;
  /** The highest heap after gc after the warm-up. */
  readonly peakHeapMb: number;
  /** End heap over warm-up heap, minus 1. */
  readonly heapGrowth: number;
  readonly warmUpRssMb: number;
  readonly endRssMb: number;
  readonly rssGrowth: number;
  readonly flat: boolean;
  /** The structures whose highest length grew by more than FLAT_TOLERANCE from the first to the second half after the warm-up. */
  readonly growing: readonly string[];
  /** After the run: heap freed by emptying each durable list family on every server (a full gc before and after). */
  readonly heapHeldMb: readonly { readonly structure: string; readonly mb: number }[];
  readonly wallSeconds: number;
}

/** The `raft` scenario's own setup (scenarios/raft.ts), keeping the cluster; faults come from the run options. */
function observableRaft(keep: (cluster: RaftCluster) => void): Scenario {
  return {
    ...raft,
    setup(world, params) {
      const cluster = buildRaftCluster(world, params as unknown as RaftClusterParams);
      keep(cluster);
      declareRaftChecks(world, cluster);
      declareRaftSummaries(world, cluster);
    },
  };
}

export function measureRaftDay(hours: number, onHour: (sample: RaftDaySample) => void = () => {}): RaftDayMeasurement {
  const collect = requireGc();
  const untilUs: Micros = hours * HOUR_US;
  const faults = raftLoadFaults(untilUs);
  let cluster: RaftCluster | undefined;
  const scenario = observableRaft((built) => (cluster = built));
  checkSameAsRaft(scenario);
  const run = new ScenarioRun(scenario, { seed: RAFT_LOAD_SEED, params: RAFT_LOAD_PARAMS, untilUs, faults });
  const startMs = performance.now();
  const samples: RaftDaySample[] = [];
  for (let hour = 1; hour <= hours; hour++) {
    const going = advanceTo(run, hour * HOUR_US);
    collect();
    const sample = sampleOf(hour, (performance.now() - startMs) / 1000, run, cluster as RaftCluster);
    samples.push(sample);
    onHour(sample);
    if (!going && hour < hours) break;
  }
  // Ends the run (nothing is left before its end) so the atEnd checks run and give the verdict.
  const report = run.isFinished ? run.report() : run.run();
  const wallSeconds = (performance.now() - startMs) / 1000;
  return { ...summarise(hours, samples, report, wallSeconds), heapHeldMb: attributeHeap(run, collect) };
}

/** Durable list families of a Raft server, by key prefix, with the code that owns them. */
const LIST_FAMILIES = [
  { prefix: 'raft/log', structure: 'Raft log: durable list raft/log = RaftLog.entries (src/protocols/raft/raft-log.ts)' },
  { prefix: 'kv/values/', structure: 'state machine: durable lists kv/values/<key> = KeyValueMachine.lists (src/protocols/raft/key-value-machine.ts)' },
] as const;

/**
 * Weighs what the servers' durable lists hold: empties each family on every server (the
 * run is over, so nothing reads them again) and measures the heap freed. Diagnostic only.
 */
function attributeHeap(run: ScenarioRun, collect: () => void): { structure: string; mb: number }[] {
  const storages = serverStorages(run);
  return LIST_FAMILIES.map(({ prefix, structure }) => {
    collect();
    const before = process.memoryUsage().heapUsed;
    for (const storage of storages) {
      for (const key of storage.keys()) if (key.startsWith(prefix) && Array.isArray(storage.get(key))) storage.truncateList(key, 0);
    }
    collect();
    return { structure, mb: Math.round((before - process.memoryUsage().heapUsed) / 2 ** 20) };
  });
}

/** The bench copy must simulate exactly what `raft` does with the same faults. */
function checkSameAsRaft(scenario: Scenario): void {
  const faults = raftLoadFaults(CHECK_HASH_US);
  const copy = new ScenarioRun(scenario, { seed: RAFT_LOAD_SEED, params: RAFT_LOAD_PARAMS, untilUs: CHECK_HASH_US, faults }).run();
  const original = startRaftLoadRun(CHECK_HASH_US, faults).run();
  if (copy.traceHash !== original.traceHash) throw new Error(`raft-day: the bench copy of raft gave trace ${copy.traceHash}, raft itself ${original.traceHash}`);
}

function sampleOf(hour: number, wallSeconds: number, run: ScenarioRun, cluster: RaftCluster): RaftDaySample {
  const memory = process.memoryUsage();
  let longestLog = 0;
  let machineValues = 0;
  let durableItems = 0;
  for (let node = 0; node < RAFT_LOAD_SERVERS; node++) {
    const view = run.world.cluster.inspect(node) as RaftView | undefined;
    if (view !== undefined) {
      longestLog = Math.max(longestLog, view.log.length);
      for (const values of view.values.values()) machineValues += values.length;
    }
  }
  for (const storage of serverStorages(run)) durableItems += durableItemsOf(storage);
  const monitor = cluster.monitor as unknown as { servers?: { mirror: unknown[] }[] };
  return {
    hour,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    rssMb: Math.round(memory.rss / 2 ** 20),
    heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    longestLog,
    machineValues,
    durableItems,
    ledgerOperations: cluster.ledger.operations.length,
    ledgerAcknowledgements: cluster.ledger.acknowledgedAppends.length,
    monitorMirrors: (monitor.servers ?? []).reduce((total, server) => total + server.mirror.length, 0),
    committedEntries: cluster.monitor.committedCount,
  };
}

/** The servers' durable storages, read through the cluster's private runtimes (the clients come after them). */
function serverStorages(run: ScenarioRun): DurableStorage[] {
  const runtimes = (run.world.cluster as unknown as { runtimes?: readonly { readonly storage: DurableStorage }[] }).runtimes ?? [];
  return runtimes.slice(0, RAFT_LOAD_SERVERS).map((runtime) => runtime.storage);
}

/** Values and list items in one durable storage (what survives a node's crashes). */
function durableItemsOf(storage: DurableStorage): number {
  let items = 0;
  for (const key of storage.keys()) {
    const value = storage.get(key);
    items += Array.isArray(value) ? value.length : 1;
  }
  return items;
}

const TRACKED: readonly (keyof RaftDaySample)[] = ['longestLog', 'machineValues', 'durableItems', 'ledgerOperations', 'ledgerAcknowledgements', 'monitorMirrors'];

function summarise(hours: number, samples: readonly RaftDaySample[], report: ReturnType<ScenarioRun['report']>, wallSeconds: number): Omit<RaftDayMeasurement, 'heapHeldMb'> {
  if (samples.length === 0) throw new RangeError('raft-day: expected at least one hour');
  const afterWarmUp = samples.length > WARM_UP_HOURS + WINDOW_HOURS ? samples.slice(WARM_UP_HOURS) : samples.slice(-1);
  const warmUp = afterWarmUp.slice(0, WINDOW_HOURS);
  const end = samples.slice(-Math.min(WINDOW_HOURS, afterWarmUp.length));
  const median = (window: readonly RaftDaySample[], field: keyof RaftDaySample): number => medianOf(window.map((sample) => sample[field] as number));
  const heapGrowth = median(end, 'heapUsedMb') / median(warmUp, 'heapUsedMb') - 1;
  const rssGrowth = median(end, 'rssMb') / median(warmUp, 'rssMb') - 1;
  const growing = growingStructures(afterWarmUp);
  const violation = report.violations[0];
  return {
    name: 'raft-day',
    hours,
    verdict: report.verdict,
    violation: violation === undefined ? undefined : `${violation.property}: ${violation.message}`,
    samples,
    warmUpHeapMb: median(warmUp, 'heapUsedMb'),
    endHeapMb: median(end, 'heapUsedMb'),
    peakHeapMb: Math.max(...afterWarmUp.map((sample) => sample.heapUsedMb)),
    heapGrowth: Math.round(heapGrowth * 1000) / 1000,
    warmUpRssMb: median(warmUp, 'rssMb'),
    endRssMb: median(end, 'rssMb'),
    rssGrowth: Math.round(rssGrowth * 1000) / 1000,
    flat: heapGrowth <= FLAT_TOLERANCE,
    growing,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
  };
}

/**
 * Structures whose highest length in the second half of the run (after warm-up) is more
 * than FLAT_TOLERANCE above their highest in the first half: bounded structures that fill
 * and drop (the client ledger keeps 20,000 to 40,000 operations) reach the same top in both.
 */
export function growingStructures(afterWarmUp: readonly RaftDaySample[]): string[] {
  const half = Math.floor(afterWarmUp.length / 2);
  if (half === 0) return [];
  const top = (samples: readonly RaftDaySample[], field: keyof RaftDaySample): number => Math.max(...samples.map((sample) => sample[field] as number));
  return TRACKED.filter((field) => top(afterWarmUp.slice(half), field) > top(afterWarmUp.slice(0, half), field) * (1 + FLAT_TOLERANCE) + 100);
}

function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('raft-day needs node --expose-gc (npm run bench -- --raft-day starts it so)');
  return gc;
}

export function formatRaftDaySample(sample: RaftDaySample): string {
  return (
    `hour ${String(sample.hour).padStart(2)}  wall ${sample.wallSeconds.toFixed(1).padStart(6)} s  rss ${String(sample.rssMb).padStart(5)} MB  heap ${String(sample.heapUsedMb).padStart(5)} MB  ` +
    `log ${sample.longestLog}  machine values ${sample.machineValues}  durable items ${sample.durableItems}  ledger ${sample.ledgerOperations}/${sample.ledgerAcknowledgements}  ` +
    `monitor mirrors ${sample.monitorMirrors}  committed ${sample.committedEntries}`
  );
}

export function formatRaftDay(result: RaftDayMeasurement): string {
  return [
    '',
    `raft-day: ${result.hours} virtual hours, verdict ${result.verdict}${result.violation === undefined ? '' : ` (${result.violation})`}, ${result.wallSeconds} s wall`,
    ...result.samples.map((sample) => `  ${formatRaftDaySample(sample)}`),
    `  heap after gc, median of ${WINDOW_HOURS} hours: ${result.warmUpHeapMb} MB after the ${WARM_UP_HOURS}-hour warm-up -> ${result.endHeapMb} MB at the end ` +
      `(${(result.heapGrowth * 100).toFixed(1)}%; peak ${result.peakHeapMb} MB); ` +
      `RSS ${result.warmUpRssMb} -> ${result.endRssMb} MB (${(result.rssGrowth * 100).toFixed(1)}%); flat within ${FLAT_TOLERANCE * 100}%: ${result.flat ? 'yes' : 'NO'}`,
    result.growing.length === 0 ? '  no tracked structure grew' : `  growing: ${result.growing.join(', ')}`,
    ...result.heapHeldMb.map((held) => `  heap held at the end by ${held.structure}: ${held.mb} MB`),
    '',
  ].join('\n');
}

function main(argumentsList: readonly string[]): void {
  const { count: hours, json } = parseCountAndJson(argumentsList, '--hours', RAFT_DAY_HOURS, 24 * 7);
  const result = measureRaftDay(hours, (sample) => {
    if (!json) process.stderr.write(`  ${formatRaftDaySample(sample)}\n`);
  });
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : formatRaftDay(result));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
