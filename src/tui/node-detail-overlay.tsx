// One node in detail: its status and side, its whole inspect() snapshot, and the last
// events that involve it.
import { Box } from 'ink';
import { formatTraceEvent } from '../engine/trace-format.ts';
import { involvesNode } from './event-filter.ts';
import { Line } from './line.tsx';
import { nodeStateLines } from './node-state-summary.ts';
import { PanelTitle } from './panel-title.tsx';
import { sideLetter, usePalette } from './palette.ts';
import type { SessionSnapshot } from './session-snapshot.ts';

export interface NodeDetailOverlayProps {
  readonly snapshot: SessionSnapshot;
  readonly node: number;
  readonly width: number;
  readonly rows: number;
}

export function NodeDetailOverlay({ snapshot, node, width, rows }: NodeDetailOverlayProps) {
  const palette = usePalette();
  const row = snapshot.nodes.find((candidate) => candidate.id === node);
  const focused = snapshot.focusedNode?.id === node ? snapshot.focusedNode.snapshot : undefined;
  const eventRows = Math.max(2, Math.floor((rows - 2) / 3));
  const stateLines = nodeStateLines(focused, Math.max(1, rows - 2 - eventRows - 1));
  const events = snapshot.events.latest(eventRows, (event) => involvesNode(event, node));
  const side = row?.side === undefined ? 'no partition' : `side ${sideLetter(row.side)}`;
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <PanelTitle
        title={`NODE ${node}`}
        width={width}
        details={[{ text: `${row?.status ?? 'unknown'}, ${side}`, bold: true, color: row?.status === 'up' ? palette.tone('good') : palette.tone('bad') }, { text: '   ↑/↓ other node  enter back', dim: true }]}
      />
      {stateLines.map((text, index) => (
        <Line key={index} segments={[{ text: `  ${text}` }]} width={width} />
      ))}
      <Line segments={[{ text: `last events involving node ${node}`, bold: true }]} width={width} />
      {events.map((event) => (
        <Line key={event.index} segments={[{ text: `  ${formatTraceEvent(event)}`, dim: event.kind === 'send' || event.kind === 'timer' }]} width={width} />
      ))}
    </Box>
  );
}
