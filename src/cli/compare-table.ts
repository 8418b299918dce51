// `faultline compare` as text: one row per variant, its runs and pass rate, then the mean
// of every numeric summary figure over the seeds. Rule: the columns are the union of the
// figures in the order the variants first report them; a variant that lacks one shows
// "-". Medians, minimums and maximums are in --json; this view stays one screen wide.
import type { Comparison, VariantResult } from '../scenario/compare.ts';
import { formatFigure } from './figure-format.ts';
import { formatTable } from '../scenario/text-table.ts';

export function formatComparison(comparison: Comparison): string[] {
  const runsEach = comparison.variants[0]?.runs ?? 0;
  const shared = Object.entries(comparison.params).map(([name, value]) => `${name}=${String(value)}`);
  const lines = [
    `compare ${comparison.scenario}: seeds ${comparison.seeds}, ${runsEach} run${runsEach === 1 ? '' : 's'} per variant` +
      (shared.length === 0 ? '' : `, with ${shared.join(' ')}`),
    'figures are means over the seeds (--json adds median, min and max)',
    '',
  ];
  const figures = figureNames(comparison.variants);
  const header = ['variant', 'runs', 'pass rate', ...figures];
  const rows = comparison.variants.map((variant) => [
    variantLabel(variant),
    String(variant.runs),
    passRate(variant),
    ...figures.map((name) => {
      const stats = variant.figures[name];
      return stats === undefined ? '-' : formatFigure(stats.mean);
    }),
  ]);
  lines.push(...formatTable([header, ...rows]));
  for (const variant of comparison.variants) {
    for (const crash of variant.crashes) lines.push(`crashed: ${variantLabel(variant)} seed ${crash.seed}: ${crash.message}`);
    const unlisted = variant.crashed - variant.crashes.length;
    if (unlisted > 0) lines.push(`crashed: ${variantLabel(variant)}: ${unlisted} more`);
  }
  return lines;
}

export function variantLabel(variant: VariantResult): string {
  return Object.entries(variant.params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

function passRate(variant: VariantResult): string {
  if (variant.runs === 0) return '-';
  return `${String(Math.round((variant.passed / variant.runs) * 1000) / 10)}%`;
}

function figureNames(variants: readonly VariantResult[]): string[] {
  const names = new Set<string>();
  for (const variant of variants) for (const name of Object.keys(variant.figures)) names.add(name);
  return [...names];
}
