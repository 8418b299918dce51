// What strong consistency costs when nothing fails (PACELC: else, latency or
// consistency): the CP store, the AP store with read and write quorums (its defaults,
// r=w=2 of n=3) and the AP store that waits for one replica (r=1 w=1), on the same seed
// and workload with no partition, compared by latency percentiles. The ratios divide
// each configuration's percentile by the r=1 w=1 one.
// Rule: the same checks as the CAP report (shared parameters only, every value checked
// against every configuration before the first run); only the partition and the AP
// store's r and w differ between configurations.
import type { Seed } from '../engine/rng.ts';
import { checkCapParams, latencyPercentiles, type CapStores, type StoreKind } from './cap-report.ts';
import { resolveParams, type RawParams } from './params.ts';
import { runScenario } from './runner.ts';

const NO_PARTITION = 'none';

/** The configurations, in the order printed; the last is the baseline the ratios divide by. */
export const LATENCY_CONFIGURATIONS = ['cp', 'ap-quorum', 'ap-one-replica'] as const;
export type LatencyConfigurationName = (typeof LATENCY_CONFIGURATIONS)[number];
export const LATENCY_BASELINE: LatencyConfigurationName = 'ap-one-replica';

export interface LatencyOptions {
  readonly stores: CapStores;
  readonly seed: Seed;
  /** Parameters both scenarios share (`--set`). */
  readonly params: RawParams;
}

export interface LatencyConfiguration {
  readonly configuration: LatencyConfigurationName;
  readonly store: StoreKind;
  /** The scenario and the parameters that set this configuration apart, as typed: `kv-ap r=1 w=1`. */
  readonly label: string;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  /** This percentile over the baseline's; null when either was not measured. */
  readonly p50Ratio: number | null;
  readonly p99Ratio: number | null;
}

/** What `faultline cap --latency --json` prints. */
export interface LatencyReport {
  readonly seed: Seed;
  readonly partition: typeof NO_PARTITION;
  readonly baseline: LatencyConfigurationName;
  readonly configurations: readonly LatencyConfiguration[];
}

interface Plan {
  readonly configuration: LatencyConfigurationName;
  readonly store: StoreKind;
  readonly params: RawParams;
}

function plans(stores: CapStores, params: RawParams): Plan[] {
  const quorum = apQuorum(stores, params);
  return [
    { configuration: 'cp', store: 'cp', params: {} },
    { configuration: 'ap-quorum', store: 'ap', params: { r: quorum, w: quorum } },
    { configuration: 'ap-one-replica', store: 'ap', params: { r: 1, w: 1 } },
  ];
}

/** A majority of the AP store's replicas per key (its `n`, as set or by default). */
function apQuorum(stores: CapStores, params: RawParams): number {
  const replicas = resolveParams(stores.ap.params, params)['n'];
  if (typeof replicas !== 'number') throw new RangeError(`scenario ${stores.ap.name} has no parameter n (replicas per key): the latency comparison needs n, r and w`);
  return Math.floor(replicas / 2) + 1;
}

/** Throws ParamError for a parameter the two scenarios do not share or a value any configuration rejects. */
export function checkLatencyParams(stores: CapStores, params: RawParams): void {
  checkCapParams(stores, params, NO_PARTITION);
  for (const plan of plans(stores, params)) resolveParams(stores[plan.store].params, { ...params, ...plan.params, partition: NO_PARTITION });
}

export function runLatencyComparison(options: LatencyOptions): LatencyReport {
  checkLatencyParams(options.stores, options.params);
  const measured = plans(options.stores, options.params).map((plan) => {
    const scenario = options.stores[plan.store];
    const report = runScenario(scenario, { seed: options.seed, params: { ...options.params, ...plan.params, partition: NO_PARTITION }, explain: false });
    const figures = latencyPercentiles(report);
    const extra = Object.entries(plan.params).map(([name, value]) => `${name}=${String(value)}`);
    return { plan, label: [scenario.name, ...extra].join(' '), p50: figures.latencyP50Ms, p99: figures.latencyP99Ms };
  });
  const baseline = measured.find((entry) => entry.plan.configuration === LATENCY_BASELINE);
  return {
    seed: options.seed,
    partition: NO_PARTITION,
    baseline: LATENCY_BASELINE,
    configurations: measured.map((entry) => ({
      configuration: entry.plan.configuration,
      store: entry.plan.store,
      label: entry.label,
      latencyP50Ms: entry.p50,
      latencyP99Ms: entry.p99,
      p50Ratio: ratio(entry.p50, baseline?.p50 ?? null),
      p99Ratio: ratio(entry.p99, baseline?.p99 ?? null),
    })),
  };
}

/** Two decimals; null when either side was not measured or the baseline is zero. */
function ratio(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || baseline === 0) return null;
  return Math.round((value / baseline) * 100) / 100;
}
