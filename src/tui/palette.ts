// Colours by meaning, so that every view colours the same thing the same way and
// NO_COLOR turns them all off at once. Rule: only the terminal's named colours (which
// follow its theme, light or dark) and never white, black, grey or yellow, which vanish
// on one theme or the other; emphasis that must survive NO_COLOR uses bold, dim or
// inverse, which are not colours.
import { createContext, useContext } from 'react';

export type ColorMode = 'color' | 'plain';

export type Tone = 'good' | 'bad' | 'warn' | 'info' | 'accent';

const TONE_COLORS: Readonly<Record<Tone, string>> = {
  good: 'green',
  bad: 'red',
  warn: 'magenta',
  info: 'cyan',
  accent: 'blue',
};

/** Partition sides A, B, C, ... cycle through these. */
const SIDE_COLORS = ['cyan', 'magenta', 'blue', 'green'] as const;

/** NO_COLOR (https://no-color.org): present and not empty turns colour off. */
export function colorModeFor(environment: Readonly<Record<string, string | undefined>>): ColorMode {
  const noColor = environment['NO_COLOR'];
  return noColor !== undefined && noColor !== '' ? 'plain' : 'color';
}

export const ColorModeContext = createContext<ColorMode>('color');

export interface Palette {
  /** The colour for a meaning, or undefined when colour is off. */
  tone(tone: Tone): string | undefined;
  /** The colour of partition side `side` (0 = A). */
  side(side: number): string | undefined;
}

export function paletteFor(mode: ColorMode): Palette {
  return {
    tone: (tone) => (mode === 'color' ? TONE_COLORS[tone] : undefined),
    side: (side) => (mode === 'color' ? SIDE_COLORS[side % SIDE_COLORS.length] : undefined),
  };
}

export function usePalette(): Palette {
  return paletteFor(useContext(ColorModeContext));
}

/** A, B, C, ... Z, then S26, S27, ... */
export function sideLetter(side: number): string {
  return side < 26 ? String.fromCharCode(65 + side) : `S${side}`;
}
