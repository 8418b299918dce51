// The footer: the loss chooser's prompt while it is open, else the last notice, else
// the most used keys.
import { formatDuration } from '../engine/time.ts';
import { formatPercent } from './display-format.ts';
import { FOOTER_KEYS } from './key-help.ts';
import { Line, type Segment } from './line.tsx';
import { usePalette } from './palette.ts';
import type { Overlay } from './tui-state.ts';
import { LOSS_BURST_DURATION_US, LOSS_CHOICES } from './loss-choices.ts';

export interface FooterLineProps {
  readonly overlay: Overlay;
  readonly notice: string | undefined;
  readonly width: number;
}

export function FooterLine({ overlay, notice, width }: FooterLineProps) {
  const palette = usePalette();
  if (overlay === 'loss-chooser') {
    const choices = LOSS_CHOICES.map((probability, index) => `${index + 1}=${formatPercent(probability)}`).join(' ');
    return <Line segments={[{ text: `loss burst for ${formatDuration(LOSS_BURST_DURATION_US)}: `, bold: true, color: palette.tone('warn') }, { text: `${choices}  esc cancel` }]} width={width} />;
  }
  if (notice !== undefined) return <Line segments={[{ text: notice, color: palette.tone('info') }, { text: '   ? keys  q quit', dim: true }]} width={width} />;
  const segments: Segment[] = FOOTER_KEYS.flatMap((help, index) => [{ text: `${index === 0 ? '' : '  '}${help.keys}`, bold: true }, { text: ` ${help.action}`, dim: true }]);
  return <Line segments={segments} width={width} />;
}
