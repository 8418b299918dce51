// The report that ends every run: what ran, from which seed, whether it passed, and
// how to replay it. Rule: a report is plain JSON-ready data with a stable field order;
// text formatting lives beside it and never adds information the JSON lacks.
import type { Violation } from '../check/property.ts';
import type { StopReason } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import { formatTraceEvent } from '../engine/trace-format.ts';
import { formatTable, type ColumnAlignment } from './text-table.ts';
import type { ReportTable, SummaryValue } from './world.ts';

export type Verdict = 'pass' | 'fail';

export interface Report {
  readonly scenario: string;
  readonly seed: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  /** Trace events: what the trace file holds and the hash covers. */
  readonly events: number;
  /** Events the engine processed (deliveries, timers, faults, ...); what --max-events limits. */
  readonly engineSteps: number;
  readonly virtualTimeMs: number;
  readonly traceHash: string;
  readonly stopReason: StopReason;
  /** The fault schedule that ran, as a readable script. */
  readonly faults: string;
  /** Figures the scenario reports (replies received, values seen, ...). */
  readonly summary: Readonly<Record<string, SummaryValue>>;
  /** The scenario's figure tables (present only when it declares some): a layout of summary figures. */
  readonly tables?: readonly ReportTable[];
  /** A command that reruns exactly this run. */
  readonly replay: string;
}

export function formatReport(report: Report): string {
  const lines = [
    `scenario  ${report.scenario}`,
    `seed      ${report.seed}`,
    `params    ${formatParams(report.params)}`,
    `faults    ${report.faults}`,
    `verdict   ${report.verdict.toUpperCase()}`,
    `events    ${report.events} traced, ${report.engineSteps} engine steps`,
    `time      ${formatDuration(Math.round(report.virtualTimeMs * 1000))} virtual (${report.stopReason})`,
    `trace     ${report.traceHash}`,
  ];
  const tabled = new Set((report.tables ?? []).flatMap((table) => table.rows.flatMap((row) => row.figures)));
  for (const [name, value] of Object.entries(report.summary)) if (!tabled.has(name)) lines.push(`  ${name}: ${String(value)}`);
  for (const table of report.tables ?? []) lines.push(...formatFigureTable(table));
  for (const violation of report.violations) {
    lines.push(
      `VIOLATION ${violation.property} (${violation.kind}) at ${formatDuration(violation.timeUs)}, event ${violation.eventIndex}: ${violation.message}`,
    );
    const recent = violation.recentEvents ?? [];
    if (recent.length > 0) {
      const whose = violation.nodes.length === 0 ? '' : ` involving node${violation.nodes.length > 1 ? 's' : ''} ${violation.nodes.join(', ')}`;
      lines.push(`  last events${whose}:`);
      for (const event of recent) lines.push(`    ${formatTraceEvent(event)}`);
    }
  }
  lines.push(`replay    ${report.replay}`);
  return lines.join('\n');
}

function formatParams(params: Report['params']): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? '(none)' : entries.map(([name, value]) => `${name}=${String(value)}`).join(' ');
}

/** A figure table as aligned text: the title, a header of columns, a row per measure ('-' for no cell). */
function formatFigureTable(table: ReportTable): string[] {
  const rows = [['', ...table.columns], ...table.rows.map((row) => [row.label, ...row.values.map((value) => (value === null ? '-' : String(value)))])];
  return [`  ${table.title}`, ...formatTable(rows, { indent: '  ', align: ['left', ...table.columns.map((): ColumnAlignment => 'right')] })];
}
