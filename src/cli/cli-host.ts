// What the CLI needs from the world outside it: two output streams, a source of fresh
// seeds and whether to show stacks. Rule: commands never touch `process` themselves, so
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
}

/** Writes each line followed by "\n". */
export function writeLines(write: (text: string) => void, lines: readonly string[]): void {
  write(lines.map((line) => `${line}\n`).join(''));
}
