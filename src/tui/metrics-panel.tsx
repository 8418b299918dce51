// Metrics over virtual time, one interval per column: messages delivered per second,
// the p99 of message latency (send to delivery), and the nodes up (the fewest in each
// interval, so a short crash still shows). Below, when there is room, the scenario's
// own report figures as they stand now.
import { Box } from 'ink';
import { formatDuration } from '../engine/time.ts';
import { formatCount, formatLatency } from './display-format.ts';
import { METRICS_PANEL_ROWS } from './layout.ts';
import { Line } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';
import { usePalette } from './palette.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { sparkline } from './sparkline.ts';

export interface MetricsPanelProps {
  readonly snapshot: SessionSnapshot;
  readonly width: number;
  /** Rows under the sparklines for the scenario's figures. */
  readonly figureRows: number;
}

const LABEL_WIDTH = 12;
const VALUE_WIDTH = 9;

export function MetricsPanel({ snapshot, width, figureRows }: MetricsPanelProps) {
  const palette = usePalette();
  const sparkWidth = Math.max(4, width - LABEL_WIDTH - VALUE_WIDTH - 1);
  const intervals = snapshot.intervals;
  const seconds = snapshot.intervalUs / 1_000_000;
  const deliveries = intervals.map((interval) => interval.delivered / seconds);
  const latencies = intervals.map((interval) => interval.latencyP99Us);
  const nodesUp = intervals.map((interval) => interval.fewestNodesUp);
  const last = intervals.at(-1);
  const rows = [
    { label: 'delivered/s', line: sparkline(deliveries, sparkWidth), value: last === undefined ? '' : formatCount(deliveries.at(-1) ?? 0), color: palette.tone('info') },
    { label: 'latency p99', line: sparkline(latencies, sparkWidth), value: last?.latencyP99Us === undefined ? '' : formatLatency(last.latencyP99Us), color: palette.tone('accent') },
    {
      label: 'nodes up',
      line: sparkline(nodesUp, sparkWidth, snapshot.nodeCount),
      value: `${snapshot.nodesUp}/${snapshot.nodeCount}`,
      color: snapshot.nodesUp < snapshot.nodeCount ? palette.tone('bad') : palette.tone('good'),
    },
  ];
  const figures = Object.entries(snapshot.figures).map(([name, value]) => `${name}: ${String(value)}`);
  return (
    <Box flexDirection="column" width={width} height={METRICS_PANEL_ROWS + figureRows}>
      <PanelTitle title="METRICS" width={width} details={[{ text: `per ${formatDuration(snapshot.intervalUs)} of virtual time`, dim: true }]} />
      {rows.map((row) => (
        <Line key={row.label} segments={[{ text: row.label.padEnd(LABEL_WIDTH) }, { text: row.line, color: row.color }, { text: ` ${row.value}`.padEnd(VALUE_WIDTH) }]} width={width} />
      ))}
      {figures.slice(0, figureRows).map((figure) => (
        <Line key={figure} segments={[{ text: figure, dim: true }]} width={width} />
      ))}
    </Box>
  );
}
