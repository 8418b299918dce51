// A CliHost for tests: runs the CLI in-process and keeps what it printed.
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CliHost } from '../../src/cli/cli-host.ts';
import { runCli } from '../../src/cli/run-cli.ts';

export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CaptureOptions {
  readonly randomSeed?: () => number;
  readonly debug?: boolean;
  /** Makes every stdout write throw, to reach the internal-error path. */
  readonly failingStdout?: Error;
  readonly isStderrTerminal?: boolean;
  /** A wall clock for progress pacing and rates. */
  readonly nowMs?: () => number;
  /**
   * Called with every stderr write and a function that presses Ctrl-C (calls the
   * listener the command registered through onInterrupt, if any).
   */
  readonly onStderr?: (text: string, pressCtrlC: () => void) => void;
}

export async function runCapturing(argv: readonly string[], options: CaptureOptions = {}): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  let interruptListener: (() => void) | undefined;
  const pressCtrlC = (): void => interruptListener?.();
  const host: CliHost = {
    stdout: (text) => {
      if (options.failingStdout !== undefined) throw options.failingStdout;
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
      options.onStderr?.(text, pressCtrlC);
    },
    onInterrupt: (listener) => {
      interruptListener = listener;
      return () => {
        interruptListener = undefined;
      };
    },
    ...(options.randomSeed === undefined ? {} : { randomSeed: options.randomSeed }),
    ...(options.debug === undefined ? {} : { debug: options.debug }),
    ...(options.isStderrTerminal === undefined ? {} : { isStderrTerminal: options.isStderrTerminal }),
    ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
  };
  const code = await runCli(argv, host);
  return { code, stdout, stderr };
}

/** Text that reads like a stack frame: "    at fn (file.ts:12:5)". */
export const STACK_FRAME = /^\s*at .*(:\d+:\d+\)?|<anonymous>|native)/m;

/** Exactly one line, ended by a newline, with no other line break (\r, U+2028 and U+2029 included). */
export function isOneLine(text: string): boolean {
  return text.endsWith('\n') && !/[\n\r\u2028\u2029]/.test(text.slice(0, -1));
}

/** The scenario list error messages end with, derived so new scenarios never break tests. */
export const KNOWN_SCENARIOS = `known scenarios: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`;
