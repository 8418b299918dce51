// What the CLI needs from the world outside it: two output streams, a source of fresh
// seeds, whether to show stacks, and for long commands (sweep) whether stderr is a
// terminal, a wall clock and Ctrl-C. Rule: commands never touch `process` themselves, so
// tests run them in-process with a host that records what they print.
export interface CliHost {
  /** Writes text to standard output as given; commands end every line with "\n". */
  stdout(text: string): void;
  /** Writes text to standard error as given. */
  stderr(text: string): void;
  /** A fresh seed from host entropy for a run given no --seed (default: node:crypto). */
  randomSeed?(): number;
  /** Show the stack of internal errors (FAULTLINE_DEBUG=1). */
  readonly debug?: boolean;
  /** True when stderr is a terminal: sweeps then rewrite one live progress line (default false). */
  readonly isStderrTerminal?: boolean;
  /** Wall-clock milliseconds, for progress rates and pacing (default: performance.now). */
  nowMs?(): number;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) until the returned function is called. Without it,
   * Ctrl-C is left to the default (the process ends at once).
   */
  onInterrupt?(listener: () => void): () => void;
  /** The real terminal, for the live view (`faultline tui`); absent in tests and pipes. */
  readonly terminal?: { readonly stdin: NodeJS.ReadStream; readonly stdout: NodeJS.WriteStream };
}

/** Writes each line followed by "\n". */
export function writeLines(write: (text: string) => void, lines: readonly string[]): void {
  write(lines.map((line) => `${line}\n`).join(''));
}
