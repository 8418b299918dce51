// The partition editor: every node with the side it will be on, and what the partition
// will cut. Enter applies it as a `split` fault, recorded for the replay.
import { Box } from 'ink';
import { describeDraft, draftToSpec } from './partition-draft.ts';
import { Line } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import { sideLetter, usePalette } from './palette.ts';

export interface PartitionEditorProps {
  readonly draft: readonly number[];
  readonly selectedNode: number;
  readonly width: number;
  readonly rows: number;
}

export function PartitionEditor({ draft, selectedNode, width, rows }: PartitionEditorProps) {
  const palette = usePalette();
  const nodeRows = Math.max(1, rows - 3);
  const first = Math.max(0, Math.min(selectedNode - Math.floor(nodeRows / 2), draft.length - nodeRows));
  const outcome = draftToSpec(draft);
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <PanelTitle title="PARTITION" width={width} details={[{ text: 'choose a side for each node', bold: true }]} />
      <Line segments={[{ text: '↑/↓ node  a b c d: its side  space: next side  i: isolate it  enter: apply  p/esc: cancel', dim: true }]} width={width} />
      {draft.slice(first, first + nodeRows).map((side, offset) => {
        const node = first + offset;
        const isSelected = node === selectedNode;
        return (
          <Line
            key={node}
            segments={[
              { text: isSelected ? '▸' : ' ', bold: true },
              { text: ` node ${node} `, inverse: isSelected },
              { text: ' side ' },
              { text: sideLetter(side), bold: true, color: palette.side(side) },
            ]}
            width={width}
          />
        );
      })}
      <Line
        segments={
          outcome.outcome === 'ready'
            ? [{ text: 'will cut: ' }, { text: describeDraft(draft).split(' ').join(' ╳ '), bold: true, color: palette.tone('bad') }]
            : [{ text: outcome.reason, color: palette.tone('warn') }]
        }
        width={width}
      />
    </Box>
  );
}
