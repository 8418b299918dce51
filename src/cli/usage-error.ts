// A mistake in what the user typed: an unknown command, option, scenario or parameter,
// a value out of range. Rule: its message is one line that names the value and what is
// allowed; the CLI prints it without a stack and exits with code 2.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a caught error says, for a one-line message (anything thrown that is not an Error prints as it is). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
