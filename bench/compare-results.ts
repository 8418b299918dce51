// `npm run bench -- --compare FILE`: this run's figures against a recorded results file
// (bench/results/*.json, written with `--out`), flagging every case more than 15% slower.
// Rule: pure functions of two results objects, no clock and no I/O, so the verdict is
// testable; where a case has a bare-loop baseline its ratio to it is compared (robust on
// a loaded machine), raw throughput or time otherwise. Cases missing from either side
// are listed, never counted as regressions.
import type { BenchResults } from './bench-results.ts';

/** A case is a regression when it runs at less than 1 - this of its recorded speed. */
export const REGRESSION_TOLERANCE = 0.15;

/** Which way is better for a figure. */
export type Better = 'higher' | 'lower';

export interface ComparableFigure {
  readonly name: string;
  /** What is compared, for the table: `ratio to bare loop`, `seeds/s`, `median ms` ... */
  readonly measure: string;
  readonly value: number;
  readonly better: Better;
}

export type ComparisonStatus = 'ok' | 'faster' | 'SLOWER' | 'not run' | 'new';

export interface ComparisonRow {
  readonly name: string;
  readonly measure: string;
  readonly recorded: number | undefined;
  readonly measured: number | undefined;
  /** Measured speed over recorded speed (1.10: 10% faster; 0.80: 20% slower); undefined when a side is missing. */
  readonly speed: number | undefined;
  readonly status: ComparisonStatus;
}

export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly regressions: number;
  readonly tolerance: number;
}

/** The figures --compare looks at, one per case, in the order the bench prints them. */
export function comparableFigures(results: BenchResults): ComparableFigure[] {
  const figures: ComparableFigure[] = [];
  for (const engine of results.results ?? []) figures.push({ name: engine.name, measure: 'ratio to bare loop', value: engine.ratio, better: 'higher' });
  for (const sweep of results.sweeps ?? []) figures.push({ name: sweep.name, measure: 'seeds/s', value: sweep.seedsPerSec, better: 'higher' });
  if (results.checkHistory !== undefined) figures.push({ name: results.checkHistory.name, measure: 'median ms', value: results.checkHistory.medianMs, better: 'lower' });
  for (const scale of results.scale ?? []) figures.push({ name: scale.name, measure: 'events/s', value: scale.eventsPerSec, better: 'higher' });
  for (const seedSweep of [results.raftSeeds, results.kvCp]) {
    if (seedSweep === undefined || 'skipped' in seedSweep) continue;
    figures.push({ name: seedSweep.name, measure: 'seeds/s per M bare-loop events/s', value: seedSweep.ratio, better: 'higher' });
  }
  if (results.raftHour !== undefined) figures.push({ name: results.raftHour.name, measure: 'ratio to bare loop', value: results.raftHour.ratio, better: 'higher' });
  if (results.raftDay !== undefined) figures.push({ name: results.raftDay.name, measure: 'wall s', value: results.raftDay.wallSeconds, better: 'lower' });
  return figures;
}

/** Measured speed over recorded speed: above 1 is faster. */
export function relativeSpeed(recorded: number, measured: number, better: Better): number {
  if (!(recorded > 0) || !(measured > 0)) return Number.NaN;
  return better === 'higher' ? measured / recorded : recorded / measured;
}

export function statusOf(speed: number, tolerance: number): ComparisonStatus {
  if (!Number.isFinite(speed) || speed < 1 - tolerance) return 'SLOWER';
  return speed > 1 + tolerance ? 'faster' : 'ok';
}

/** A case is matched by name and measure. */
function figureKey(figure: ComparableFigure): string {
  return `${figure.name}\u0000${figure.measure}`;
}

/** Compares case by case (matched by name and measure); recorded cases come first, in their order. */
export function compareFigures(recorded: readonly ComparableFigure[], measured: readonly ComparableFigure[], tolerance = REGRESSION_TOLERANCE): Comparison {
  const measuredByKey = new Map(measured.map((figure) => [figureKey(figure), figure]));
  const recordedKeys = new Set(recorded.map(figureKey));
  const rows: ComparisonRow[] = recorded.map((old) => {
    const now = measuredByKey.get(figureKey(old));
    if (now === undefined) return { name: old.name, measure: old.measure, recorded: old.value, measured: undefined, speed: undefined, status: 'not run' };
    const speed = relativeSpeed(old.value, now.value, old.better);
    return { name: old.name, measure: old.measure, recorded: old.value, measured: now.value, speed, status: statusOf(speed, tolerance) };
  });
  for (const now of measured) {
    if (!recordedKeys.has(figureKey(now))) rows.push({ name: now.name, measure: now.measure, recorded: undefined, measured: now.value, speed: undefined, status: 'new' });
  }
  return { rows, regressions: rows.filter((row) => row.status === 'SLOWER').length, tolerance };
}

/**
 * The best figure per case over several measurements of it (the highest where higher is
 * better, the lowest otherwise), in the order of the first list; load only ever slows a
 * run down, so a case that looked slower is confirmed only if every re-measurement is too.
 */
export function bestOf(measurements: readonly (readonly ComparableFigure[])[]): ComparableFigure[] {
  const best = new Map<string, ComparableFigure>();
  for (const figures of measurements) {
    for (const figure of figures) {
      const known = best.get(figureKey(figure));
      const isBetter = known === undefined || (figure.better === 'higher' ? figure.value > known.value : figure.value < known.value);
      if (isBetter) best.set(figureKey(figure), figure);
    }
  }
  return [...best.values()];
}

/** Names of the cases the comparison found slower. */
export function slowerCases(comparison: Comparison): string[] {
  return comparison.rows.filter((row) => row.status === 'SLOWER').map((row) => row.name);
}

export function compareResults(recorded: BenchResults, measured: BenchResults, tolerance = REGRESSION_TOLERANCE): Comparison {
  return compareFigures(comparableFigures(recorded), comparableFigures(measured), tolerance);
}

export function formatComparison(comparison: Comparison, recordedFrom: string): string {
  const header = ['case', 'compared', 'recorded', 'now', 'speed', 'status'];
  const rows = comparison.rows.map((row) => [
    row.name,
    row.measure,
    formatFigure(row.recorded),
    formatFigure(row.measured),
    row.speed === undefined ? '' : `${row.speed >= 1 ? '+' : ''}${((row.speed - 1) * 100).toFixed(1)}%`,
    row.status,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column < 2 || column === 5 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ').trimEnd();
  const verdict =
    comparison.regressions === 0
      ? `no case is more than ${comparison.tolerance * 100}% slower than recorded`
      : `${comparison.regressions} case(s) more than ${comparison.tolerance * 100}% slower than recorded`;
  return ['', `compared with ${recordedFrom} (medians; speed = now over recorded, + is faster)`, line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), verdict, ''].join('\n');
}

function formatFigure(value: number | undefined): string {
  if (value === undefined) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Math.round(value * 1000) / 1000);
}
