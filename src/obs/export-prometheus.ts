// The final metrics in the Prometheus text exposition format (version 0.0.4): a # HELP and
// # TYPE line per family, one line per series, histograms as cumulative `_bucket{le=...}`
// lines ending in +Inf, then `_sum` and `_count`; SLO results as gauges.
// Rule: durations are recorded in microseconds and written in seconds, as Prometheus
// names ending in `_seconds` promise; label values are escaped (\\, \", \n).
import type { Labels } from './metrics-registry.ts';
import type { MetricSnapshot, ObservedRun } from './observed-run.ts';

export function exportPrometheus(run: ObservedRun): string {
  const lines: string[] = [];
  for (const family of run.metrics) writeFamily(lines, family);
  writeSloGauges(lines, run);
  return `${lines.join('\n')}\n`;
}

function writeFamily(lines: string[], family: MetricSnapshot): void {
  lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
  lines.push(`# TYPE ${family.name} ${family.type}`);
  const scale = family.unit === 'duration' ? 1e-6 : 1;
  for (const series of family.series) {
    const histogram = series.histogram;
    if (histogram === undefined) {
      lines.push(`${family.name}${formatLabels(series.labels)} ${formatNumber((series.value ?? 0) * scale)}`);
      continue;
    }
    let cumulative = 0;
    histogram.bounds.forEach((bound, index) => {
      cumulative += histogram.bucketCounts[index] as number;
      lines.push(`${family.name}_bucket${formatLabels(series.labels, ['le', formatNumber(bound * scale)])} ${cumulative}`);
    });
    lines.push(`${family.name}_bucket${formatLabels(series.labels, ['le', '+Inf'])} ${histogram.count}`);
    lines.push(`${family.name}_sum${formatLabels(series.labels)} ${formatNumber(histogram.sum * scale)}`);
    lines.push(`${family.name}_count${formatLabels(series.labels)} ${histogram.count}`);
  }
}

function writeSloGauges(lines: string[], run: ObservedRun): void {
  if (run.slos.length === 0) return;
  const gauges: readonly [string, string, (slo: ObservedRun['slos'][number]) => number][] = [
    ['faultline_slo_objective', 'The share of good calls an SLO requires.', (slo) => slo.objective],
    ['faultline_slo_compliance', 'The share of good calls over the whole run.', (slo) => slo.compliance],
    ['faultline_slo_budget_spent', 'Bad calls as a share of the run\'s error budget (above 1: spent).', (slo) => slo.budgetSpent],
    ['faultline_slo_max_burn_rate', 'The highest burn rate over any window of the run.', (slo) => slo.maxBurnRate],
    ['faultline_slo_breaches', 'Periods in which the SLO was breached.', (slo) => slo.breaches.length],
  ];
  for (const [name, help, value] of gauges) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const slo of run.slos) lines.push(`${name}${formatLabels({ slo: slo.name })} ${formatNumber(value(slo))}`);
  }
}

function formatLabels(labels: Labels, extra?: readonly [string, string]): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  if (extra !== undefined) pairs.push(`${extra[0]}="${extra[1]}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

export function escapeLabelValue(value: string): string {
  if (!LABEL_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const LABEL_SPECIAL = /[\\"\n]/;

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go's float formatting in spirit: integers plainly, +Inf / -Inf / NaN spelled out. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  // Round away binary noise from unit scaling (0.1 * 1e-6 and the like) without losing precision that matters.
  return String(Number(value.toPrecision(15)));
}
