// The event log: the latest trace events that pass the filter, newest at the bottom,
// one line each as reports print them, coloured by kind. While the filter bar is open
// the title shows how to change it.
import { Box } from 'ink';
import { formatTraceEvent } from '../engine/trace-format.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { describeFilter, matchesFilter, type EventFilter } from './event-filter.ts';
import { Line, type Segment } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import type { EventList } from './session-snapshot.ts';
import { usePalette, type Palette } from './palette.ts';

export interface EventsPanelProps {
  readonly events: EventList;
  readonly filter: EventFilter;
  readonly isEditingFilter: boolean;
  readonly width: number;
  /** Rows for events (the title takes one more). */
  readonly rows: number;
}

export function EventsPanel({ events, filter, isEditingFilter, width, rows }: EventsPanelProps) {
  const palette = usePalette();
  const shown = events.latest(rows, (event) => matchesFilter(event, filter));
  const details: Segment[] = isEditingFilter
    ? [{ text: `filter: ${describeFilter(filter)}`, bold: true, color: palette.tone('info') }, { text: '   ←/→ kind  ↑/↓ node  enter done', dim: true }]
    : [{ text: describeFilter(filter), dim: true }, { text: '   f filter', dim: true }];
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PanelTitle title="EVENTS" width={width} details={details} />
      {shown.length === 0 ? <Line segments={[{ text: 'no events yet', dim: true }]} width={width} /> : null}
      {shown.map((event) => (
        <Line key={event.index} segments={[{ text: formatTraceEvent(event), ...eventStyle(event, palette) }]} width={width} />
      ))}
    </Box>
  );
}

function eventStyle(event: TraceEvent, palette: Palette): Omit<Segment, 'text'> {
  switch (event.kind) {
    case 'drop':
    case 'crash':
      return { color: palette.tone('bad') };
    case 'partition':
    case 'heal':
    case 'fault':
    case 'pause':
    case 'resume':
    case 'restart':
      return { color: palette.tone('warn'), bold: true };
    case 'log':
      return { color: palette.tone('info') };
    case 'send':
    case 'timer':
      return { dim: true };
    default:
      return {};
  }
}
