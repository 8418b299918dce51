// The network: messages in flight, what happened to messages over the last virtual
// second (delivered, duplicated, dropped and why), the link loss and any loss burst,
// and the links a partition cuts.
import { Box } from 'ink';
import { formatClock, formatCount, formatPercent } from './display-format.ts';
import { NETWORK_PANEL_ROWS } from './layout.ts';
import { Line, type Segment } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import { usePalette, type Palette } from './palette.ts';
import type { NetworkView, PartitionView, SessionSnapshot } from './session-snapshot.ts';
import { partitionGlance } from './cluster-panel.tsx';

export interface NetworkPanelProps {
  readonly snapshot: SessionSnapshot;
  readonly width: number;
}

export function NetworkPanel({ snapshot, width }: NetworkPanelProps) {
  const palette = usePalette();
  const network = snapshot.network;
  const rates = network.perSecond;
  const dropped = rates === undefined ? 0 : rates.droppedByLoss + rates.droppedByPartition + rates.droppedByNodeDown;
  return (
    <Box flexDirection="column" width={width} height={NETWORK_PANEL_ROWS}>
      <PanelTitle title="NETWORK" width={width} details={lossSegments(network, snapshot, palette)} />
      <Line segments={[{ text: `in flight ${formatCount(network.inFlight)}` }, { text: rates === undefined ? '' : `   sent ${formatCount(rates.sent)}/s` }]} width={width} />
      <Line
        segments={
          rates === undefined
            ? [{ text: 'per second: after the first interval', dim: true }]
            : [{ text: `delivered ${formatCount(rates.delivered)}/s`, color: palette.tone('good') }, { text: `   duplicated ${formatCount(rates.duplicated)}/s` }]
        }
        width={width}
      />
      <Line
        segments={
          rates === undefined
            ? [{ text: ' ' }]
            : [
                { text: `dropped ${formatCount(dropped)}/s`, color: dropped > 0 ? palette.tone('bad') : undefined },
                { text: `: loss ${formatCount(rates.droppedByLoss)}, partition ${formatCount(rates.droppedByPartition)}, down ${formatCount(rates.droppedByNodeDown)}`, dim: true },
              ]
        }
        width={width}
      />
      <Line segments={cutSegments(snapshot.partition, palette)} width={width} />
    </Box>
  );
}

function lossSegments(network: NetworkView, snapshot: SessionSnapshot, palette: Palette): Segment[] {
  const segments: Segment[] = [];
  if (network.linkLoss !== undefined) segments.push({ text: `link loss ${formatPercent(network.linkLoss)}` });
  if (network.lossBurst !== undefined) {
    segments.push({
      text: `  burst ${formatPercent(network.lossBurst.probability)} until ${formatClock(network.lossBurst.untilUs, snapshot.untilUs)}`,
      color: palette.tone('bad'),
      bold: true,
    });
  }
  return segments;
}

function cutSegments(partition: PartitionView | undefined, palette: Palette): Segment[] {
  if (partition === undefined) return [{ text: 'no links cut', dim: true }];
  const count = partition.cutLinks === undefined ? 'links' : `${partition.cutLinks}/${partition.links} links`;
  return [{ text: `cut ${count} `, color: palette.tone('bad'), bold: true }, ...partitionGlance(partition, palette)];
}
