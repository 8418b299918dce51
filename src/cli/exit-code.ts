// The process exit codes of the faultline command. Rule: every path out of the CLI
// ends in exactly one of these, so scripts can tell a failed check from a typo.
export const EXIT_CODE = {
  /** The command did what was asked; a run passed every check. */
  pass: 0,
  /**
   * A run ended with verdict fail (a violated property or a limit reached), a sweep found
   * a failing seed, a replay's trace hash differed, or a determinism check diverged.
   */
  checkFailed: 1,
  /** Bad input: unknown command, option, scenario or parameter, a value out of range. */
  badInput: 2,
  /** A bug in Faultline itself. */
  internalError: 3,
  /** Stopped by Ctrl-C (SIGINT) after keeping what had finished; 128 + signal 2, as shells report it. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODE)[keyof typeof EXIT_CODE];
