// CP vs AP, measured: a CP store and an AP store run from the same seed, with the same
// workload parameters and the same partition schedule, and condensed into the figures
// the CAP theorem is about (availability per side of the partition, linearizability)
// plus what each costs (latency, stale reads, lost writes, time to converge). In
// latency mode (PACELC: else, latency or consistency) there is no partition, and the
// price of strong consistency is the latency of the CP store and of a quorum AP store
// against an AP store that waits for one replica (R=W=1).
// Availability is judged from the clients' history, not from the scenarios' own
// 'availability majority/minority' figures: those count an operation that waited out the
// partition and succeeded after the heal as available, which is exactly what a CP store's
// minority side does and what CAP calls unavailable.
// Rule: the two stores' scenarios report figures under the same names, take shared
// parameters under the same names (heal-at among them) and record a client history with
// sides; everything given is checked against both scenarios before the first run, and a
// figure a scenario does not report is a bug, not a zero.
import type { Seed } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { ClientHistory, OperationSide, SidedOperation } from './client-history.ts';
import type { Scenario } from './define-scenario.ts';
import { ParamError, resolveParams, type RawParams } from './params.ts';
import type { Report } from './report.ts';
import { runScenario, scenarioRecordsHistory } from './runner.ts';

/** The partition shapes the CAP report runs both stores through. */
export const CAP_PARTITIONS = ['majority-minority', 'split-brain', 'isolate-leader', 'bridge'] as const;
export type CapPartition = (typeof CAP_PARTITIONS)[number];
export const DEFAULT_CAP_PARTITION: CapPartition = 'majority-minority';
export const DEFAULT_CAP_SEED: Seed = 1;

/** Set by the report itself, per mode, so never by the caller. */
const PARAMS_THE_REPORT_SETS = ['partition'] as const;

export type StoreKind = 'cp' | 'ap';

/** The two scenarios compared (the CLI passes kv-cp and kv-ap; tests may pass stand-ins). */
export interface CapStores {
  readonly cp: Scenario;
  readonly ap: Scenario;
}

export interface CapOptions {
  readonly stores: CapStores;
  readonly seed: Seed;
  readonly partition: CapPartition;
  /** Parameters both scenarios share (`--set`). */
  readonly params: RawParams;
}

/**
 * One store's figures. Availability on a side is the fraction (0..1) of the operations
 * begun there while the partition lasted and ended before it healed that succeeded
 * (operations still waiting at the heal are not judged); null when there were none (a
 * split with no majority side, for instance). linearizable is null when the checker
 * reached its search limit; convergenceMs is null when the replicas had not converged
 * when the run ended; latencies are null when no operation succeeded.
 */
export interface StoreFigures {
  readonly store: StoreKind;
  readonly availabilityMajority: number | null;
  readonly availabilityMinority: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly linearizable: boolean | null;
  readonly staleReads: number;
  readonly lostWrites: number;
  readonly convergenceMs: number | null;
}

/** What `faultline cap --json` prints. */
export interface CapReport {
  readonly seed: Seed;
  readonly partition: CapPartition;
  readonly stores: readonly StoreFigures[];
}

/** What the text adds to the figures: the scenario behind each store and how its run went. */
export interface StoreRun {
  readonly store: StoreKind;
  readonly scenario: string;
  readonly report: Report;
}

export interface CapComparison {
  readonly report: CapReport;
  readonly runs: readonly StoreRun[];
}

/** Names of the parameters both scenarios take, in the CP scenario's order, less those the report sets. */
export function sharedParamNames(stores: CapStores): string[] {
  const apNames = new Set(Object.keys(stores.ap.params));
  return Object.keys(stores.cp.params).filter((name) => apNames.has(name) && !(PARAMS_THE_REPORT_SETS as readonly string[]).includes(name));
}

/**
 * Throws ParamError for a parameter the two scenarios do not share, or a value (or a
 * combination, such as heal-at before partition-at) either one rejects; builds each
 * world once, running nothing, so that happens before the first run.
 */
export function checkCapParams(stores: CapStores, params: RawParams, partition: string): void {
  const shared = sharedParamNames(stores);
  for (const name of Object.keys(params)) {
    if (!shared.includes(name)) {
      throw new ParamError(`unknown parameter ${JSON.stringify(name)} for the CAP report: expected one both stores take: ${shared.join(', ')}`);
    }
  }
  for (const scenario of [stores.cp, stores.ap]) {
    if (!scenarioRecordsHistory(scenario, { ...params, partition })) throw new Error(`scenario ${scenario.name} records no client history (world.history): the CAP report needs one`);
  }
}

/** Runs both stores through the partition and condenses their reports. */
export function runCapComparison(options: CapOptions): CapComparison {
  checkCapParams(options.stores, options.params, options.partition);
  const params: RawParams = { ...options.params, partition: options.partition };
  const runs: StoreRun[] = [];
  const stores = (['cp', 'ap'] as const).map((store) => {
    const scenario = options.stores[store];
    let history: ClientHistory | undefined;
    const report = runScenario(scenario, { seed: options.seed, params, explain: false, onHistory: (recorded) => (history = recorded) });
    runs.push({ store, scenario: scenario.name, report });
    return storeFigures(store, report, history, healAtUs(scenario, params));
  });
  return { report: { seed: options.seed, partition: options.partition, stores }, runs };
}

/** When the partition heals: the scenario's heal-at, as given or by default. */
function healAtUs(scenario: Scenario, params: RawParams): Micros {
  const healAt = resolveParams(scenario.params, params)['heal-at'];
  if (typeof healAt !== 'number') throw new Error(`scenario ${scenario.name} has no heal-at duration: the CAP report needs one`);
  return healAt;
}

/**
 * Of the operations begun on `side` while the partition lasted (their side says so) and
 * ended before `healUs`, the share that succeeded; null when there were none.
 */
export function availabilityBeforeHeal(operations: readonly SidedOperation[], side: Exclude<OperationSide, 'connected'>, healUs: Micros): number | null {
  let judged = 0;
  let succeeded = 0;
  for (const operation of operations) {
    if (operation.side !== side || operation.completeUs === undefined || operation.completeUs > healUs) continue;
    judged++;
    if (operation.completion === 'ok') succeeded++;
  }
  return judged === 0 ? null : succeeded / judged;
}

/** The figures of one store's run; `history` is what the run recorded, `healUs` when its partition healed. */
export function storeFigures(store: StoreKind, report: Report, history: ClientHistory | undefined, healUs: Micros): StoreFigures {
  if (history === undefined) throw new Error(`scenario ${report.scenario} records no client history (world.history): the CAP report needs one`);
  const figures = new FigureReader(report);
  return {
    store,
    availabilityMajority: availabilityBeforeHeal(history.operations, 'majority', healUs),
    availabilityMinority: availabilityBeforeHeal(history.operations, 'minority', healUs),
    ...latencyPercentiles(report),
    linearizable: figures.verdict('linearizable'),
    staleReads: figures.count('stale reads'),
    lostWrites: figures.count('lost writes'),
    convergenceMs: figures.measured('convergence ms'),
  };
}

/** The latency percentiles a scenario reports (of the operations that succeeded); null: none did. */
export function latencyPercentiles(report: Report): { readonly latencyP50Ms: number | null; readonly latencyP99Ms: number | null } {
  const figures = new FigureReader(report);
  return { latencyP50Ms: figures.measured('latency p50 ms'), latencyP99Ms: figures.measured('latency p99 ms') };
}

/** Reads a scenario's summary figures by name; a missing or malformed one is a bug in that scenario. */
class FigureReader {
  constructor(private readonly report: Report) {}

  /** A figure where a negative value (-1) means nothing was measured. */
  measured(name: string): number | null {
    const value = this.number(name);
    return value < 0 ? null : value;
  }

  count(name: string): number {
    const value = this.number(name);
    if (!Number.isSafeInteger(value) || value < 0) this.fail(name, 'a count');
    return value;
  }

  /** 1 / 0 (or true / false) as a boolean; 'unknown' as null. */
  verdict(name: string): boolean | null {
    const value = this.value(name);
    if (value === 1 || value === true) return true;
    if (value === 0 || value === false) return false;
    if (value === 'unknown') return null;
    return this.fail(name, '1, 0 or unknown');
  }

  private number(name: string): number {
    const value = this.value(name);
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(name, 'a number');
  }

  private value(name: string): unknown {
    const value = this.report.summary[name];
    return value === undefined ? this.fail(name, 'a figure') : value;
  }

  private fail(name: string, expected: string): never {
    throw new Error(`scenario ${this.report.scenario} (seed ${this.report.seed}): figure ${JSON.stringify(name)} is ${JSON.stringify(this.report.summary[name])}, expected ${expected}`);
  }
}
