// The readable form of the results: one row per case, numbers right-aligned.
// Rule: it prints what was measured and nothing else (no judgement beyond the target).
import type { BenchCase } from './bench-case.ts';
import type { CaseMeasurement } from './measure.ts';

/** Issue 2 asked for at least 0.5; the performance issue (10) raised it to 0.7, which the table shows. */
export const RATIO_TARGET = 0.7;

export function formatTable(results: readonly CaseMeasurement[], cases: readonly BenchCase[]): string {
  const header = ['case', 'events/s', 'baseline events/s', 'ratio', 'target', 'events', 'runs', 'peak RSS', 'what it runs'];
  const rows = results.map((result) => {
    const benchCase = cases.find((candidate) => candidate.name === result.name);
    const hasTarget = benchCase?.hasTarget ?? false;
    return [
      result.name,
      formatCount(result.eventsPerSec),
      formatCount(result.baselineEventsPerSec),
      result.ratio.toFixed(2),
      hasTarget ? `>= ${RATIO_TARGET}` : 'info',
      formatCount(result.events),
      String(result.runs),
      `${result.peakRssMb} MB`,
      benchCase?.description ?? '',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const leftAligned = new Set([0, header.length - 1]);
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), ''].join('\n');
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
