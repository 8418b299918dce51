// Colours by meaning, and none at all under NO_COLOR (the 'plain' colour mode). Colour
// support is forced on for this file, since tests do not run on a terminal.
import { vi } from 'vitest';

const colorBefore = vi.hoisted(() => {
  const before = process.env['FORCE_COLOR'];
  process.env['FORCE_COLOR'] = '1';
  return before;
});

import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { ChecksPanel } from '../../src/tui/checks-panel.tsx';
import { ColorModeContext, type ColorMode } from '../../src/tui/palette.ts';
import { INITIAL_TUI_STATE } from '../../src/tui/tui-state.ts';
import { TuiView } from '../../src/tui/tui-view.tsx';
import { fixedSnapshot } from './snapshot-fixture.ts';

// Test files after this one in the same worker load chalk afresh: leave them no colour.
afterAll(() => {
  if (colorBefore === undefined) delete process.env['FORCE_COLOR'];
  else process.env['FORCE_COLOR'] = colorBefore;
});

const RED = '\u001B[31m';
const GREEN = '\u001B[32m';

function frameOf(node: ReactNode, colorMode: ColorMode): string {
  const { lastFrame, unmount } = render(<ColorModeContext.Provider value={colorMode}>{node}</ColorModeContext.Provider>);
  const frame = lastFrame() ?? '';
  unmount();
  return frame;
}

describe('colours', () => {
  const snapshot = fixedSnapshot();
  const failing = { verdict: 'failing', property: 'one leader per term' } as const;

  it('shows a violation in red', () => {
    const frame = frameOf(<ChecksPanel checks={snapshot.checks} verdict={failing} width={80} rows={4} />, 'color');
    expect(frame).toContain(`${RED}✗`);
    expect(frame).toContain(`${RED}  nodes 0 and 2 lead term 3`);
  });

  it('shows nodes up in green and a crashed one in red', () => {
    const frame = frameOf(<TuiView snapshot={snapshot} state={INITIAL_TUI_STATE} size={{ columns: 80, rows: 24 }} />, 'color');
    expect(frame).toContain(`${GREEN}up`);
    expect(frame).toMatch(/\u001B\[31m(\u001B\[1m)?CRASHED/);
  });

  it('uses no colour at all under NO_COLOR, keeping bold and inverse', () => {
    const frame = frameOf(<TuiView snapshot={snapshot} state={INITIAL_TUI_STATE} size={{ columns: 80, rows: 24 }} />, 'plain');
    expect(frame).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|38;)/);
    expect(frame).toContain('\u001B[7m'); // inverse panel titles are not colours
  });
});
