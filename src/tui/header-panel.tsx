// The header: what runs (scenario, seed, changed parameters), where it stands (virtual
// time, speed, running or paused) and the verdict so far.
import { assertNever } from '../engine/assert-never.ts';
import type { VerdictSoFar } from './check-states.ts';
import { formatClock } from './display-format.ts';
import { Line, type Segment } from './line.tsx';
import { usePalette, type Palette } from './palette.ts';
import type { RunState, SessionSnapshot } from './session-snapshot.ts';
import { formatSpeed } from './speed.ts';

export interface HeaderPanelProps {
  readonly snapshot: SessionSnapshot;
  readonly width: number;
}

export function HeaderPanel({ snapshot, width }: HeaderPanelProps) {
  const palette = usePalette();
  const segments: Segment[] = [
    { text: 'faultline ', bold: true },
    { text: snapshot.scenario, bold: true, color: palette.tone('info') },
    { text: `  seed ${snapshot.seed}  ` },
    { text: `${formatClock(snapshot.timeUs, snapshot.untilUs)} / ${formatClock(snapshot.untilUs, snapshot.untilUs)}` },
    { text: `  ${formatSpeed(snapshot.speed)}  ` },
    runStateSegment(snapshot.runState, palette),
    { text: '  ' },
    verdictSegment(snapshot.verdict, palette),
  ];
  if (snapshot.manualFaults.length > 0) segments.push({ text: `  ${snapshot.manualFaults.length} by hand`, color: palette.tone('warn') });
  if (snapshot.changedParams !== '') segments.push({ text: `  ${snapshot.changedParams}`, dim: true });
  return <Line segments={segments} width={width} />;
}

function runStateSegment(runState: RunState, palette: Palette): Segment {
  switch (runState) {
    case 'running':
      return { text: 'running', color: palette.tone('good') };
    case 'paused':
      return { text: 'PAUSED', color: palette.tone('warn'), bold: true };
    case 'finished':
      return { text: 'FINISHED', bold: true };
    default:
      return assertNever(runState);
  }
}

function verdictSegment(verdict: VerdictSoFar, palette: Palette): Segment {
  switch (verdict.verdict) {
    case 'ok-so-far':
      return { text: 'ok so far', color: palette.tone('good') };
    case 'pass':
      return { text: 'PASS', color: palette.tone('good'), bold: true };
    case 'failing':
      return { text: `FAILING: ${verdict.property}`, color: palette.tone('bad'), bold: true };
    case 'fail':
      return { text: `FAIL: ${verdict.property}`, color: palette.tone('bad'), bold: true };
    default:
      return assertNever(verdict);
  }
}
