// The help screen: every key and what it does (from key-help.ts).
import { Box } from 'ink';
import { KEY_HELP } from './key-help.ts';
import { Line } from './line.tsx';
import { PanelTitle } from './panel-title.tsx';

export interface HelpOverlayProps {
  readonly width: number;
  readonly rows: number;
}

export function HelpOverlay({ width, rows }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <PanelTitle title="KEYS" width={width} details={[{ text: '? or enter to close', dim: true }]} />
      {KEY_HELP.slice(0, rows - 1).map((help) => (
        <Line key={help.keys} segments={[{ text: `  ${help.keys.padEnd(7)}`, bold: true }, { text: help.action }]} width={width} />
      ))}
    </Box>
  );
}
