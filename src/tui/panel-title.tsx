// A panel's title row: the name in bold capitals, then a few words about its state.
import { Line, type Segment } from './line.tsx';

export interface PanelTitleProps {
  readonly title: string;
  readonly width: number;
  readonly details?: readonly Segment[];
}

export function PanelTitle({ title, width, details = [] }: PanelTitleProps) {
  return <Line segments={[{ text: title, bold: true, inverse: true }, { text: ' ' }, ...details]} width={width} />;
}
