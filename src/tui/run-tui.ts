// The TUI's entry point for the CLI: `runTui(options)` opens the live view of one run
// on a terminal and, when the user quits, writes the fault schedule (if faults were
// injected) and prints the seed, the trace hash and the command that replays the
// session. When stdin or stdout is not a terminal (piped, CI) it does not open the view:
// it runs the scenario to its end, prints the report and says why. Rule: everything the
// session depends on (seed, parameters, schedule, run length) is in the replay command.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Seed } from '../engine/rng.ts';
import type { Micros } from '../engine/time.ts';
import type { FaultSchedule } from '../faults/fault-event.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import type { RawParams } from '../scenario/params.ts';
import { formatReport } from '../scenario/report.ts';
import { runScenario } from '../scenario/runner.ts';
import type { FrameScheduler, HostClock } from './host-timing.ts';
import type { ColorMode } from './palette.ts';
import type { StartMode } from './session-driver.ts';
import { faultFileName, faultFileText, formatSessionEnd, sessionReplayCommand, type SessionEnd, type SessionVerdict } from './session-end.ts';
import type { Speed } from './speed.ts';
import { TuiSession } from './tui-session.ts';

export interface TuiOptions {
  readonly scenario: Scenario;
  readonly seed: Seed;
  readonly params?: RawParams;
  readonly untilUs?: Micros;
  readonly maxEvents?: number;
  /** A fault schedule that replaces the scenario's (from `--faults FILE`). */
  readonly faults?: FaultSchedule;
  /** Where `faults` came from, for the replay line of the non-terminal report. */
  readonly faultsFile?: string;
  readonly speed?: Speed;
  /** Start running (default) or paused. */
  readonly start?: StartMode;
  /** The terminal: keys from stdin, the view on stdout. Without them, the run goes to its end. */
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  /** Where the text after the view goes (the session summary, or the report); default: stdout. */
  readonly write?: (text: string) => void;
  /** Default: whether both stdin and stdout are terminals. */
  readonly isInteractive?: boolean;
  /** Default: from NO_COLOR in the environment. */
  readonly colorMode?: ColorMode;
  /** Where a session's fault file is written; default: the current directory. */
  readonly sessionDirectory?: string;
  /** Default: the wall clock and setTimeout; tests pass manual ones. */
  readonly clock?: HostClock;
  readonly scheduler?: FrameScheduler;
  /** Default: true on a terminal. */
  readonly alternateScreen?: boolean;
  /** Called once the view listens for keys. */
  readonly onReady?: () => void;
}

export interface TuiResult {
  /** 'live': the view was open until the user quit; 'report': not a terminal, so the run went to its end. */
  readonly mode: 'live' | 'report';
  readonly verdict: SessionVerdict;
  readonly traceHash: string;
  readonly replay: string;
  /** The fault file written for the replay, if one was needed. */
  readonly faultsFile: string | undefined;
}

/** The option lines for `faultline tui --help`, for the CLI's usage text. */
export const TUI_OPTION_HELP: readonly string[] = [
  '  --speed S            start at this speed: x0.001 ... x1000 or max, in virtual time per',
  '                       real time (default x1); + and - change it while running',
  '  --paused             start paused (space runs, n steps one event)',
];

export async function runTui(options: TuiOptions): Promise<TuiResult> {
  const output = options.stdout ?? process.stdout;
  const write = options.write ?? ((text: string) => void output.write(text));
  const reason = notInteractiveReason(options);
  if (reason !== undefined || options.stdin === undefined || options.stdout === undefined) {
    return runToEnd(options, reason ?? 'no terminal was given', write);
  }
  // Built before the terminal is touched, so bad parameters are reported as usual.
  const session = new TuiSession({
    scenario: options.scenario,
    seed: options.seed,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  // React's development build times every render with performance.measure and diffs
  // props for its profiler: about 30 times slower here. Choose the production build
  // before React is first loaded (unless the caller chose already).
  process.env['NODE_ENV'] ??= 'production';
  const { showLiveView } = await import('./live-view.tsx');
  const end = await showLiveView(session, { ...options, stdin: options.stdin, stdout: options.stdout });
  const faultsFile = faultsFileFor(end, options);
  write(`${formatSessionEnd(end, faultsFile)}\n`);
  return { mode: 'live', verdict: end.verdict, traceHash: end.traceHash, replay: sessionReplayCommand(end, faultsFile), faultsFile };
}

function notInteractiveReason(options: TuiOptions): string | undefined {
  if (options.isInteractive === true) return undefined;
  if (options.isInteractive === false) return 'this is not an interactive terminal';
  if (options.stdout === undefined || options.stdin === undefined) return 'no terminal was given';
  if (options.stdout.isTTY !== true) return 'standard output is not a terminal';
  if (options.stdin.isTTY !== true) return 'standard input is not a terminal (keys cannot be read)';
  return undefined;
}

function runToEnd(options: TuiOptions, reason: string, write: (text: string) => void): TuiResult {
  write(`faultline tui: ${reason}, so the live view stays closed: running ${options.scenario.name} to its end instead.\n\n`);
  const report = runScenario(options.scenario, {
    seed: options.seed,
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.faultsFile === undefined ? {} : { faultsFile: options.faultsFile }),
  });
  write(`${formatReport(report)}\n`);
  return { mode: 'report', verdict: report.verdict, traceHash: report.traceHash, replay: report.replay, faultsFile: options.faultsFile };
}

/** The file the replay needs: none, the one the session's schedule came from, or a new one holding the faults injected by hand too. */
function faultsFileFor(end: SessionEnd, options: TuiOptions): string | undefined {
  if (!end.needsFaultFile) return undefined;
  if (end.manualFaults.length === 0 && options.faultsFile !== undefined) return options.faultsFile;
  return writeFaultFile(end, options.sessionDirectory ?? process.cwd());
}

function writeFaultFile(end: SessionEnd, directory: string): string {
  const path = resolve(join(directory, faultFileName(end)));
  writeFileSync(path, faultFileText(end));
  return path;
}
