// Test helper: a scenario's HTML report on a pinned seed, read back from the data the page
// embeds (what the viewer draws from), to check that a report shows an incident: the
// fault period, a latency line before and inside it, and the pattern marks.
import { exportHtml } from '../../src/obs/export-html.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import type { RunOptions } from '../../src/scenario/runner.ts';
import { observeRun } from './observe-run.ts';

export interface EmbeddedPeriod {
  readonly kind: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly description: string;
}

export interface EmbeddedMark {
  readonly kind: string;
  readonly node: number;
  readonly policy: string;
  readonly timeUs: number;
}

export interface EmbeddedChart {
  readonly title: string;
  readonly lines: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

export interface ReportData {
  readonly timesUs: readonly number[];
  readonly faultPeriods: readonly EmbeddedPeriod[];
  readonly patternMarks: readonly EmbeddedMark[];
  readonly charts: readonly EmbeddedChart[];
}

export interface IncidentReport {
  readonly html: string;
  readonly data: ReportData;
  readonly traceHash: string;
}

export function incidentReport(scenario: Scenario, options: RunOptions): IncidentReport {
  const { report, observed } = observeRun(scenario, options);
  const html = exportHtml(observed);
  return { html, data: embeddedData(html), traceHash: report.traceHash };
}

export function embeddedData(html: string): ReportData {
  const json = /<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (json === undefined) throw new Error('the report embeds no data');
  return JSON.parse(json) as ReportData;
}

/** The values of one chart line sampled before a period and inside it (empty intervals left out). */
export function lineAround(data: ReportData, chartTitlePrefix: string, lineName: string, period: { readonly startUs: number; readonly endUs: number }): { readonly before: number[]; readonly inside: number[] } {
  const chart = data.charts.find((candidate) => candidate.title.startsWith(chartTitlePrefix));
  const line = chart?.lines.find((candidate) => candidate.name === lineName);
  if (line === undefined) throw new Error(`no line ${JSON.stringify(lineName)} in a chart titled ${JSON.stringify(chartTitlePrefix)}...`);
  const before: number[] = [];
  const inside: number[] = [];
  line.values.forEach((value, index) => {
    const timeUs = data.timesUs[index] as number;
    if (value === null) return;
    if (timeUs < period.startUs) before.push(value);
    else if (timeUs < period.endUs) inside.push(value);
  });
  return { before, inside };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
