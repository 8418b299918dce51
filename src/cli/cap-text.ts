// `faultline cap` as text, after the seed line the command prints before it runs: one
// table of the two stores' figures, then a few lines that say in words what the table
// shows; in latency mode, one table of latency per configuration and the ratios. Rule: every sentence is derived from the figures (a
// store is called unavailable only when its figure says so), so a seed that does not
// show the textbook result reads as such; the text never adds a figure the JSON lacks.
import type { CapComparison, StoreFigures, StoreRun } from '../scenario/cap-report.ts';
import type { LatencyConfiguration, LatencyReport } from '../scenario/cap-latency.ts';
import { formatTable } from '../scenario/text-table.ts';

/** At or above this share of operations succeeding, a side is called available... */
const AVAILABLE_FROM = 0.9;
/** ...and at or below this one, unavailable; in between, partly available. */
const UNAVAILABLE_UP_TO = 0.1;

export function formatCapComparison(comparison: CapComparison): string[] {
  const { report, runs } = comparison;
  const header = ['store', 'scenario', 'avail. majority', 'avail. minority', 'p50 ms', 'p99 ms', 'linearizable', 'stale reads', 'lost writes', 'converged after heal'];
  const rows = report.stores.map((figures, index) => [
    figures.store.toUpperCase(),
    runs[index]?.scenario ?? '-',
    percent(figures.availabilityMajority),
    percent(figures.availabilityMinority),
    milliseconds(figures.latencyP50Ms),
    milliseconds(figures.latencyP99Ms),
    yesNo(figures.linearizable),
    String(figures.staleReads),
    String(figures.lostWrites),
    figures.convergenceMs === null ? 'not converged' : `${figures.convergenceMs} ms`,
  ]);
  return [
    `CP vs AP under partition ${report.partition}${cut(runs)}${window(runs[0])}: same seed, workload, partition shape and times for both stores`,
    '',
    ...formatTable([header, ...rows]),
    'avail.: of the operations begun on that side during the partition and ended before the heal, the share that succeeded',
    '',
    ...report.stores.map((figures, index) => describeStore(figures, runs[index])),
    conclusion(report.stores),
    ...runs.flatMap(failedChecks),
  ];
}

/** The cut as each scenario describes it: once when they agree, per scenario when they do not (isolate-leader). */
function cut(runs: readonly StoreRun[]): string {
  const layouts = runs.map((run) => ({ scenario: run.scenario, layout: run.report.summary['partition'] })).filter((entry) => typeof entry.layout === 'string');
  if (layouts.length === 0) return '';
  if (layouts.every((entry) => entry.layout === layouts[0]?.layout)) return ` (${String(layouts[0]?.layout)})`;
  return ` (${layouts.map((entry) => `${entry.scenario}: ${String(entry.layout)}`).join('; ')})`;
}

function window(run: StoreRun | undefined): string {
  const from = run?.report.params['partition-at'];
  const to = run?.report.params['heal-at'];
  return from === undefined || to === undefined ? '' : ` from ${String(from)} to ${String(to)}`;
}

function describeStore(figures: StoreFigures, run: StoreRun | undefined): string {
  const name = `${figures.store.toUpperCase()}${run === undefined ? '' : ` (${run.scenario})`}`;
  return `${name}: ${availabilityInWords(figures)}; ${consistencyInWords(figures)}; ${convergenceInWords(figures)}.`;
}

function availabilityInWords(figures: StoreFigures): string {
  const majority = figures.availabilityMajority;
  const minority = figures.availabilityMinority;
  if (majority !== null && minority !== null && classify(majority) === classify(minority)) {
    return `${classify(majority)} on both sides (${percent(majority)} of operations succeeded on the majority side, ${percent(minority)} on the minority side)`;
  }
  return [sideInWords('majority', majority), sideInWords('minority', minority)].join(', ');
}

function sideInWords(side: 'majority' | 'minority', share: number | null): string {
  if (share === null) return `no operation on a ${side} side during the partition`;
  return `${classify(share)} on the ${side} side (${percent(share)} of operations succeeded)`;
}

function classify(share: number): 'available' | 'unavailable' | 'partly available' {
  if (share >= AVAILABLE_FROM) return 'available';
  if (share <= UNAVAILABLE_UP_TO) return 'unavailable';
  return 'partly available';
}

function consistencyInWords(figures: StoreFigures): string {
  const anomalies = `${plural(figures.staleReads, 'stale read')}, ${plural(figures.lostWrites, 'lost write')}`;
  if (figures.linearizable === true) return `linearizable (${anomalies})`;
  if (figures.linearizable === false) return `not linearizable (${anomalies})`;
  return `linearizability unknown: the checker reached its search limit (${anomalies})`;
}

function convergenceInWords(figures: StoreFigures): string {
  return figures.convergenceMs === null ? 'the replicas had not converged when the run ended' : `the replicas converged ${figures.convergenceMs} ms after the heal`;
}

/** The CAP trade in one line when the figures show it; otherwise what they show instead. */
function conclusion(stores: readonly StoreFigures[]): string {
  const cp = stores.find((figures) => figures.store === 'cp');
  const ap = stores.find((figures) => figures.store === 'ap');
  if (cp === undefined || ap === undefined) return '';
  if (cp.availabilityMinority === null && ap.availabilityMinority === null) {
    return 'No operation ran on a minority side: under this partition every client could reach a majority of the store nodes, so CAP forced no choice on availability.';
  }
  const departures = departuresFromTheTextbook(cp, ap);
  if (departures.length === 0) {
    return 'The CAP trade, measured: during the partition CP kept consistency and gave up availability on the minority side; AP stayed available on both sides and gave up consistency.';
  }
  return `Not the textbook trade in full on this seed: ${departures.join('; ')}.`;
}

/** Where the figures differ from: CP unavailable on the minority side and linearizable, AP available on every side and not linearizable. */
function departuresFromTheTextbook(cp: StoreFigures, ap: StoreFigures): string[] {
  const departures: string[] = [];
  if (cp.availabilityMinority !== null && cp.availabilityMinority > UNAVAILABLE_UP_TO) departures.push(`CP answered on the minority side (${percent(cp.availabilityMinority)})`);
  if (cp.linearizable !== true) departures.push(cp.linearizable === false ? 'CP\'s history is not linearizable' : 'CP\'s linearizability is unknown');
  for (const [side, share] of [['majority', ap.availabilityMajority], ['minority', ap.availabilityMinority]] as const) {
    if (share !== null && share < AVAILABLE_FROM) departures.push(`AP was ${classify(share)} on the ${side} side (${percent(share)})`);
  }
  if (ap.linearizable !== false) departures.push(ap.linearizable === true ? 'AP\'s history happens to be linearizable' : 'AP\'s linearizability is unknown');
  return departures;
}

function failedChecks(run: StoreRun): string[] {
  if (run.report.verdict === 'pass') return [];
  const properties = [...new Set(run.report.violations.map((violation) => violation.property))];
  return [`note: ${run.scenario} failed a check on this seed (${properties.join('; ')}); details: ${run.report.replay}`];
}

export function formatLatencyComparison(report: LatencyReport): string[] {
  const baseline = report.configurations.find((configuration) => configuration.configuration === report.baseline);
  const header = ['configuration', 'store', 'p50 ms', 'p99 ms', 'p50 ratio', 'p99 ratio'];
  const rows = report.configurations.map((configuration) => [
    configuration.label,
    configuration.store.toUpperCase(),
    milliseconds(configuration.latencyP50Ms),
    milliseconds(configuration.latencyP99Ms),
    times(configuration.p50Ratio),
    times(configuration.p99Ratio),
  ]);
  return [
    `Latency with no partition (PACELC: else, latency or consistency); ratios over ${baseline?.label ?? report.baseline}`,
    '',
    ...formatTable([header, ...rows]),
    '',
    ...report.configurations.filter((configuration) => configuration !== baseline).map((configuration) => latencyInWords(configuration, baseline)),
  ];
}

function latencyInWords(configuration: LatencyConfiguration, baseline: LatencyConfiguration | undefined): string {
  const against = baseline?.label ?? 'the baseline';
  if (configuration.p50Ratio === null || configuration.p99Ratio === null) return `${configuration.label}: no ratio (a percentile was not measured)`;
  return `${configuration.label}: ${times(configuration.p50Ratio)} the median latency of ${against}, ${times(configuration.p99Ratio)} its p99.`;
}

function percent(share: number | null): string {
  return share === null ? '-' : `${String(Math.round(share * 1000) / 10)}%`;
}

function milliseconds(value: number | null): string {
  return value === null ? '-' : String(value);
}

function times(ratio: number | null): string {
  return ratio === null ? '-' : `${ratio.toFixed(2)}x`;
}

function yesNo(value: boolean | null): string {
  if (value === null) return 'unknown';
  return value ? 'yes' : 'no';
}

function plural(count: number, noun: string): string {
  return `${count === 0 ? 'no' : String(count)} ${noun}${count === 1 ? '' : 's'}`;
}
