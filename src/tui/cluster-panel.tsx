// The cluster: one row per node with its partition side, status (up / CRASHED /
// paused), role and the few fields of its snapshot that fit; the title shows the sides
// of the partition at a glance. The selected node is marked and kept in view.
import { Box } from 'ink';
import { assertNever } from '../engine/assert-never.ts';
import type { NodeStatus } from '../node/node-api.ts';
import { Line, type Segment } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import { sideLetter, usePalette, type Palette } from './palette.ts';
import type { NodeRow, PartitionView, SessionSnapshot } from './session-snapshot.ts';

export interface ClusterPanelProps {
  readonly snapshot: SessionSnapshot;
  readonly selectedNode: number;
  readonly width: number;
  /** Rows for nodes (the title takes one more). */
  readonly rows: number;
}

export function ClusterPanel({ snapshot, selectedNode, width, rows }: ClusterPanelProps) {
  const palette = usePalette();
  const visible = visibleNodes(snapshot.nodes, selectedNode, rows);
  const idWidth = String(Math.max(0, snapshot.nodeCount - 1)).length;
  const details: Segment[] = [{ text: `${snapshot.nodeCount} nodes, ${snapshot.nodesUp} up` }];
  if (snapshot.partition !== undefined) details.push({ text: '  ' }, ...partitionGlance(snapshot.partition, palette));
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PanelTitle title="CLUSTER" width={width} details={details} />
      {visible.map((node) => (
        <Line key={node.id} segments={nodeSegments(node, node.id === selectedNode, idWidth, palette)} width={width} />
      ))}
    </Box>
  );
}

/** `A{0,1} ╳ B{2,3,4}`, each side in its colour; the spec's own text for huge clusters. */
export function partitionGlance(partition: PartitionView, palette: Palette): Segment[] {
  if (partition.sides.length === 0) return [{ text: partition.description, color: palette.tone('bad') }];
  const segments: Segment[] = [];
  partition.sides.forEach((members, side) => {
    if (members.length === 0) return;
    if (segments.length > 0) segments.push({ text: ' ╳ ', color: palette.tone('bad'), bold: true });
    segments.push({ text: `${sideLetter(side)}{${members.join(',')}}`, color: palette.side(side), bold: true });
  });
  return segments;
}

function visibleNodes(nodes: readonly NodeRow[], selectedNode: number, rows: number): readonly NodeRow[] {
  const index = Math.max(0, nodes.findIndex((node) => node.id === selectedNode));
  const first = Math.max(0, Math.min(index - Math.floor(rows / 2), nodes.length - rows));
  return nodes.slice(first, first + rows);
}

function nodeSegments(node: NodeRow, isSelected: boolean, idWidth: number, palette: Palette): Segment[] {
  const segments: Segment[] = [
    { text: isSelected ? '▸' : ' ', bold: true },
    { text: String(node.id).padStart(idWidth + 1), bold: isSelected, inverse: isSelected },
    { text: ' ' },
    node.side === undefined ? { text: '·', dim: true } : { text: sideLetter(node.side), color: palette.side(node.side), bold: true },
    { text: ' ' },
    statusSegment(node.status, palette),
  ];
  if (node.state.role !== undefined) segments.push({ text: ` ${node.state.role}`, bold: true, color: palette.tone('info') });
  if (node.state.parts.length > 0) segments.push({ text: ` ${node.state.parts.join(' ')}` });
  return segments;
}

function statusSegment(status: NodeStatus, palette: Palette): Segment {
  switch (status) {
    case 'up':
      return { text: 'up     ', color: palette.tone('good') };
    case 'crashed':
      return { text: 'CRASHED', color: palette.tone('bad'), bold: true };
    case 'paused':
      return { text: 'paused ', color: palette.tone('warn') };
    default:
      return assertNever(status);
  }
}
