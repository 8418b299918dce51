// Renders the TUI for tests with ink-testing-library, inside React's act() so that
// effects (the key listener) and updates apply synchronously: a key written is handled
// and rendered before the next line of the test. The session runs on a manual clock.
import { act } from 'react';
import { render } from 'ink-testing-library';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import type { RawParams } from '../../src/scenario/params.ts';
import { ColorModeContext, type ColorMode } from '../../src/tui/palette.ts';
import { SessionDriver, type StartMode } from '../../src/tui/session-driver.ts';
import type { SessionEnd } from '../../src/tui/session-end.ts';
import type { Speed } from '../../src/tui/speed.ts';
import { TuiApp } from '../../src/tui/tui-app.tsx';
import { TuiSession } from '../../src/tui/tui-session.ts';
import { ManualClock, ManualScheduler } from './manual-timing.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Text without ANSI styles (present only where colour support is detected or forced). */
export function stripStyles(text: string): string {
  return text.replace(/\u001B\[[0-9;]*m/g, '');
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
} as const;

export interface TuiHarnessOptions {
  readonly scenario: Scenario;
  readonly seed?: number;
  readonly params?: RawParams;
  readonly start?: StartMode;
  readonly speed?: Speed;
  readonly colorMode?: ColorMode;
  readonly columns?: number;
  readonly rows?: number;
}

export interface TuiHarness {
  readonly session: TuiSession;
  readonly driver: SessionDriver;
  readonly clock: ManualClock;
  readonly scheduler: ManualScheduler;
  /** What quitting returned, once `q` was pressed. */
  readonly ended: () => SessionEnd | undefined;
  readonly frame: () => string;
  /** Writes keys, then runs a frame at once (as the next scheduled one would) so the snapshot catches up. */
  readonly press: (...keys: string[]) => string;
  /** Moves the wall clock by `ms` and runs the frames due. */
  readonly wait: (ms: number) => string;
  readonly unmount: () => void;
}

export function renderTui(options: TuiHarnessOptions): TuiHarness {
  const clock = new ManualClock();
  const scheduler = new ManualScheduler(clock);
  const session = new TuiSession({ scenario: options.scenario, seed: options.seed ?? 1, ...(options.params === undefined ? {} : { params: options.params }) });
  const driver = new SessionDriver(session, { clock, scheduler, start: options.start ?? 'paused', speed: options.speed ?? 1 });
  let ended: SessionEnd | undefined;
  let rendered: ReturnType<typeof render> | undefined;
  act(() => {
    rendered = render(
      <ColorModeContext.Provider value={options.colorMode ?? 'plain'}>
        <TuiApp driver={driver} onQuit={(end) => (ended = end)} size={{ columns: options.columns ?? 80, rows: options.rows ?? 24 }} />
      </ColorModeContext.Provider>,
    );
    driver.start();
    scheduler.runDue();
  });
  const app = rendered as ReturnType<typeof render>;
  const frame = (): string => stripStyles(app.lastFrame() ?? '');
  return {
    session,
    driver,
    clock,
    scheduler,
    ended: () => ended,
    frame,
    press(...keys) {
      for (const key of keys) act(() => void app.stdin.write(key));
      act(() => driver.frame());
      return frame();
    },
    wait(ms) {
      act(() => void scheduler.advance(ms));
      return frame();
    },
    unmount: () => act(() => app.unmount()),
  };
}
