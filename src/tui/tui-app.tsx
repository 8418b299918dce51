// The TUI's root component: the state hook, the input hook and the view, as ink-ui
// components are built. It owns nothing of the simulation: the driver runs it and the
// component reads snapshots.
import { useApp, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { DEFAULT_SCREEN, type ScreenSize } from './layout.ts';
import type { SessionDriver } from './session-driver.ts';
import type { SessionEnd } from './session-end.ts';
import { TuiView } from './tui-view.tsx';
import { useTuiInput } from './use-tui-input.ts';
import { useTuiState } from './use-tui-state.ts';

export interface TuiAppProps {
  readonly driver: SessionDriver;
  /** Called once when the user quits (before the app exits). */
  readonly onQuit: (end: SessionEnd) => void;
  /** A fixed screen size (tests); by default the terminal's, following resizes. */
  readonly size?: ScreenSize;
  /** Called once the app listens for keys (after its first render). */
  readonly onReady?: () => void;
}

export function TuiApp({ driver, onQuit, size, onReady }: TuiAppProps) {
  const { state, dispatch, snapshot } = useTuiState(driver);
  const { exit } = useApp();
  const terminal = useTerminalSize();
  useTuiInput({
    driver,
    state,
    dispatch,
    snapshot,
    onQuit: (end) => {
      onQuit(end);
      exit();
    },
  });
  // Declared after the input hook, so it runs after the key listener is attached.
  useEffect(() => onReady?.(), []);
  return <TuiView snapshot={snapshot} state={state} size={size ?? terminal} />;
}

/** The terminal's columns and rows, updated on resize. */
function useTerminalSize(): ScreenSize {
  const { stdout } = useStdout();
  const read = (): ScreenSize => ({ columns: stdout.columns || DEFAULT_SCREEN.columns, rows: stdout.rows || DEFAULT_SCREEN.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}
