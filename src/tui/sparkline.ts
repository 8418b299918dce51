// Sparklines: a series as a row of eighth-blocks, newest on the right. Rule: the scale
// starts at zero (so a dip to zero looks like one), and a gap in the data is a space.
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** The last `width` values; `max` fixes the top of the scale (default: the largest value shown). */
export function sparkline(values: readonly (number | undefined)[], width: number, max?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const top = max ?? Math.max(0, ...shown.map((value) => value ?? 0));
  const blocks = shown.map((value) => {
    if (value === undefined) return ' ';
    if (top <= 0) return BLOCKS[0];
    const level = Math.round((Math.min(value, top) / top) * (BLOCKS.length - 1));
    return BLOCKS[Math.max(0, level)] as string;
  });
  return blocks.join('').padStart(width, ' ');
}
