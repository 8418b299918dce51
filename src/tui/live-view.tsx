// The live view on a terminal: renders the TUI with ink until the user quits, on the
// alternate screen so the shell's screen is left as it was. Rule: loaded only by
// runTui, after it has chosen React's production build (see run-tui.ts).
import { render, type Instance } from 'ink';
import type { FrameScheduler } from './host-timing.ts';
import { timerScheduler, wallClock } from './host-timing.ts';
import { colorModeFor, ColorModeContext } from './palette.ts';
import type { TuiOptions } from './run-tui.ts';
import { SessionDriver } from './session-driver.ts';
import type { SessionEnd } from './session-end.ts';
import { DEFAULT_SPEED } from './speed.ts';
import { TuiApp } from './tui-app.tsx';
import type { TuiSession } from './tui-session.ts';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';

/** The options runTui was given, with the terminal it checked. */
export type LiveViewOptions = TuiOptions & { readonly stdin: NodeJS.ReadStream; readonly stdout: NodeJS.WriteStream };

export async function showLiveView(session: TuiSession, options: LiveViewOptions): Promise<SessionEnd> {
  let instance: Instance | undefined;
  // A frame that throws (a bug in a scenario, say) closes the view and surfaces as the error it is.
  const scheduler = options.scheduler ?? timerScheduler;
  const guardedScheduler: FrameScheduler = {
    schedule: (callback, delayMs) =>
      scheduler.schedule(() => {
        try {
          callback();
        } catch (error) {
          instance?.unmount(error instanceof Error ? error : new Error(String(error)));
        }
      }, delayMs),
  };
  const driver = new SessionDriver(session, { clock: options.clock ?? wallClock, scheduler: guardedScheduler, speed: options.speed ?? DEFAULT_SPEED, start: options.start ?? 'running' });
  const alternateScreen = options.alternateScreen ?? true;
  let end: SessionEnd | undefined;
  // Ctrl-C reaches the app as a key (the terminal is in raw mode); a signal sent from
  // outside (kill, a closing terminal multiplexer) ends the session the same way, so the
  // screen is restored and the replay command still printed.
  const onSignal = (): void => instance?.unmount();
  if (alternateScreen) options.stdout.write(ENTER_ALTERNATE_SCREEN);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    instance = render(
      <ColorModeContext.Provider value={options.colorMode ?? colorModeFor(process.env)}>
        <TuiApp driver={driver} onQuit={(ended) => (end = ended)} onReady={options.onReady} />
      </ColorModeContext.Provider>,
      { stdin: options.stdin, stdout: options.stdout, ...(options.stderr === undefined ? {} : { stderr: options.stderr }), exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
    );
    driver.start();
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    driver.stop();
    if (alternateScreen) options.stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
  return end ?? driver.quit();
}
