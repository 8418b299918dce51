// The checks: every property the scenario declares with its state: holding, passed,
// pending (with what it would say right now), or violated, in red with the violation's
// time, event and message. Violations come first when rows run short.
import { Box } from 'ink';
import { assertNever } from '../engine/assert-never.ts';
import { formatDuration } from '../engine/time.ts';
import type { CheckRow, VerdictSoFar } from './check-states.ts';
import { Line, type Segment } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import { usePalette, type Palette } from './palette.ts';

export interface ChecksPanelProps {
  readonly checks: readonly CheckRow[];
  readonly verdict: VerdictSoFar;
  readonly width: number;
  /** Rows for checks (the title takes one more). */
  readonly rows: number;
}

export function ChecksPanel({ checks, verdict, width, rows }: ChecksPanelProps) {
  const palette = usePalette();
  const ordered = [...checks.filter((row) => row.check.state === 'violated'), ...checks.filter((row) => row.check.state !== 'violated')];
  const lines = ordered.flatMap((row) => checkLines(row, palette));
  if (lines.length === 0) lines.push([{ text: 'this scenario declares no checks', dim: true }]);
  const summary = verdict.verdict === 'failing' || verdict.verdict === 'fail' ? { text: 'violated', color: palette.tone('bad'), bold: true } : { text: `${checks.length} declared`, dim: true };
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PanelTitle title="CHECKS" width={width} details={[summary]} />
      {lines.slice(0, rows).map((segments, index) => (
        <Line key={index} segments={segments} width={width} />
      ))}
    </Box>
  );
}

/** The check's line, and a second line with the problem when there is one. */
export function checkLines(row: CheckRow, palette: Palette): Segment[][] {
  const check = row.check;
  switch (check.state) {
    case 'holding':
      return [[{ text: '✓ ', color: palette.tone('good') }, { text: row.name }, { text: '  always, holds so far', dim: true }]];
    case 'passed':
      return [[{ text: '✓ ', color: palette.tone('good') }, { text: row.name }, { text: `  ${row.kind}, passed`, dim: true }]];
    case 'violated': {
      const violation = check.violation;
      return [
        [{ text: '✗ ', color: palette.tone('bad'), bold: true }, { text: row.name, color: palette.tone('bad'), bold: true }, { text: `  VIOLATED at ${formatDuration(violation.timeUs)}, event #${violation.eventIndex}`, color: palette.tone('bad') }],
        [{ text: `  ${violation.message}`, color: palette.tone('bad') }],
      ];
    }
    case 'pending': {
      const when = check.decidedAtUs === 'end' ? 'checked at the end' : `due by ${formatDuration(check.decidedAtUs)}`;
      const head: Segment[] = [{ text: '… ', color: palette.tone('info') }, { text: row.name }, { text: `  ${when}`, dim: true }];
      switch (check.preview.now) {
        case 'holds':
          return [[...head, { text: ', holds now', color: palette.tone('good') }]];
        case 'not-checked':
          return [head];
        case 'broken':
          return [head, [{ text: `  now: ${check.preview.message}`, dim: true }]];
        default:
          return assertNever(check.preview);
      }
    }
    default:
      return assertNever(check);
  }
}

/** Lines the checks would like to show, for the layout. */
export function checkLineCount(checks: readonly CheckRow[]): number {
  return Math.max(1, checks.reduce((sum, row) => sum + (row.check.state === 'violated' || (row.check.state === 'pending' && row.check.preview.now === 'broken') ? 2 : 1), 0));
}
