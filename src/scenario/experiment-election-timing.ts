// The election-timing experiment (Figure 16 of the Raft paper): many trials of the
// raft-election-timing scenario for each election timeout range the paper tried, and
// the distribution of the time to elect a new leader beside the paper's figures.
// Rule: trial i of every range runs seed i (1..trials), so the experiment is repeated
// exactly; a trial with no new leader within the cap counts as "above the cap", and a
// percentile that falls among those is null (never a made-up number).
import { ms, seconds, toMs, type Micros } from '../engine/time.ts';
import type { Scenario } from './define-scenario.ts';
import { runScenario } from './runner.ts';
import { formatTable } from './text-table.ts';

/** One election timeout range: timeouts are random in [min, min + spread]. */
export interface TimeoutRange {
  readonly label: string;
  readonly minUs: Micros;
  readonly spreadUs: Micros;
  /** What the paper reports for this range, if anything. */
  readonly paper: string;
}

/** The ranges of Figure 16, in the paper's order. */
export const FIGURE_16_RANGES: readonly TimeoutRange[] = [
  { label: '150-150ms', minUs: ms(150), spreadUs: 0, paper: 'no randomness: elections often > 10 s (split votes)' },
  { label: '150-151ms', minUs: ms(150), spreadUs: ms(1), paper: '-' },
  { label: '150-155ms', minUs: ms(150), spreadUs: ms(5), paper: 'median downtime 287 ms' },
  { label: '150-175ms', minUs: ms(150), spreadUs: ms(25), paper: '-' },
  { label: '150-200ms', minUs: ms(150), spreadUs: ms(50), paper: 'worst of 1000 trials 513 ms' },
  { label: '150-300ms', minUs: ms(150), spreadUs: ms(150), paper: '-' },
  { label: '12-24ms', minUs: ms(12), spreadUs: ms(12), paper: 'average 35 ms, longest 152 ms' },
];

export const DEFAULT_TRIALS = 1000;
export const MAX_TRIALS = 100_000;
/** A trial that has not elected a new leader this long after the crash counts as above the cap. */
export const DEFAULT_CAP_US: Micros = seconds(20);
/** Room before the crash: the first election and the settling time (the scenario gives up on a first leader at 5 s). */
const RUN_BEFORE_CRASH_US: Micros = seconds(6);

export interface ExperimentOptions {
  readonly trials: number;
  readonly capUs?: Micros;
  readonly ranges?: readonly TimeoutRange[];
  /** Called after every trial (for a progress line). */
  readonly onTrial?: (progress: { readonly range: TimeoutRange; readonly trial: number; readonly trials: number }) => void;
}

/** The distribution for one range. Times in ms; null: above the cap. */
export interface RangeResult {
  readonly range: string;
  readonly minMs: number;
  readonly spreadMs: number;
  readonly trials: number;
  /** Trials with no new leader within the cap (or no leader to crash). */
  readonly aboveCap: number;
  readonly capMs: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** Mean over the trials that elected a leader within the cap. */
  readonly meanElectedMs: number | null;
  readonly paper: string;
}

export function validateTrials(trials: number): void {
  if (!Number.isSafeInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RangeError(`invalid trial count ${String(trials)}: expected an integer from 1 to ${MAX_TRIALS}`);
  }
}

/** Runs every range; `scenario` is raft-election-timing (passed in: src does not import scenarios). */
export function runElectionTimingExperiment(scenario: Scenario, options: ExperimentOptions): RangeResult[] {
  validateTrials(options.trials);
  const capUs = options.capUs ?? DEFAULT_CAP_US;
  return (options.ranges ?? FIGURE_16_RANGES).map((range) => runRange(scenario, range, options, capUs));
}

function runRange(scenario: Scenario, range: TimeoutRange, options: ExperimentOptions, capUs: Micros): RangeResult {
  const electionsMs: number[] = [];
  for (let trial = 1; trial <= options.trials; trial++) {
    const electionMs = runTrial(scenario, range, trial, capUs);
    if (electionMs !== undefined) electionsMs.push(electionMs);
    options.onTrial?.({ range, trial, trials: options.trials });
  }
  return summarize(range, electionsMs, options.trials, capUs);
}

/** One trial's time to a new leader in ms, or undefined when above the cap. */
export function runTrial(scenario: Scenario, range: TimeoutRange, seed: number, capUs: Micros): number | undefined {
  const report = runScenario(scenario, {
    seed,
    params: { electionTimeoutMin: range.minUs, electionTimeoutSpread: range.spreadUs },
    untilUs: RUN_BEFORE_CRASH_US + capUs,
    explain: false,
  });
  const electionMs = report.summary['election ms'];
  return typeof electionMs === 'number' && electionMs <= toMs(capUs) ? electionMs : undefined;
}

/** Nearest-rank percentiles over all trials, those above the cap ranked last. */
export function summarize(range: TimeoutRange, electionsMs: readonly number[], trials: number, capUs: Micros): RangeResult {
  const sorted = [...electionsMs].sort((left, right) => left - right);
  const percentile = (share: number): number | null => sorted[Math.max(1, Math.ceil(share * trials)) - 1] ?? null;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    range: range.label,
    minMs: toMs(range.minUs),
    spreadMs: toMs(range.spreadUs),
    trials,
    aboveCap: trials - sorted.length,
    capMs: toMs(capUs),
    medianMs: percentile(0.5),
    p90Ms: percentile(0.9),
    p99Ms: percentile(0.99),
    maxMs: percentile(1),
    meanElectedMs: sorted.length === 0 ? null : Math.round((sum / sorted.length) * 1000) / 1000,
    paper: range.paper,
  };
}

/** The table: one line per range, the paper's figure beside it. */
export function formatElectionTimingTable(results: readonly RangeResult[]): string[] {
  const header = ['range', 'trials', 'median ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', '> cap', 'paper'];
  const cell = (value: number | null, capMs: number): string => (value === null ? `>${capMs}` : value.toFixed(1));
  const rows = results.map((result) => [
    result.range,
    String(result.trials),
    cell(result.medianMs, result.capMs),
    cell(result.p90Ms, result.capMs),
    cell(result.p99Ms, result.capMs),
    cell(result.maxMs, result.capMs),
    result.meanElectedMs === null ? '-' : result.meanElectedMs.toFixed(1),
    String(result.aboveCap),
    result.paper,
  ]);
  return formatTable([header, ...rows]);
}
