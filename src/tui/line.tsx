// One row of text made of styled segments, cut to a width. Rule: a row never wraps:
// whatever does not fit is cut and ends in …, so every panel keeps its height.
import { Text } from 'ink';

export interface Segment {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export interface LineProps {
  readonly segments: readonly Segment[];
  readonly width: number;
}

export function Line({ segments, width }: LineProps) {
  const fitted = fitSegments(segments, width);
  if (fitted.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {fitted.map((segment, index) => (
        <Text key={index} color={segment.color} bold={segment.bold === true} dimColor={segment.dim === true} inverse={segment.inverse === true}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}

/** The segments cut to `width` columns in total; the last one kept ends in … when cut. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const fitted: Segment[] = [];
  let left = width;
  const total = segments.reduce((sum, segment) => sum + segment.text.length, 0);
  const mustCut = total > width;
  for (const segment of segments) {
    if (left <= 0) break;
    if (segment.text.length < left || (!mustCut && segment.text.length <= left)) {
      fitted.push(segment);
      left -= segment.text.length;
      continue;
    }
    fitted.push({ ...segment, text: `${segment.text.slice(0, Math.max(0, left - 1))}…` });
    break;
  }
  return fitted.filter((segment) => segment.text !== '');
}
