// How the CLI reports what went wrong, and the exit code that goes with it. Rule: bad
// input is one line on stderr and exit 2, never a stack; anything else is a bug in
// Faultline: one line and exit 3, with the stack only when FAULTLINE_DEBUG=1.
import { ParamError } from '../scenario/params.ts';
import type { CliHost } from './cli-host.ts';
import { EXIT_CODE, type ExitCode } from './exit-code.ts';
import { UsageError } from './usage-error.ts';

export function reportError(error: unknown, host: CliHost): ExitCode {
  if (error instanceof UsageError || error instanceof ParamError) {
    host.stderr(`faultline: ${oneLine(error.message)}\n`);
    return EXIT_CODE.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (host.debug === true && error instanceof Error && error.stack !== undefined) {
    host.stderr(`faultline: internal error: ${error.stack}\n`);
  } else {
    host.stderr(`faultline: internal error: ${oneLine(message)} (set FAULTLINE_DEBUG=1 to see the stack)\n`);
  }
  return EXIT_CODE.internalError;
}

/** Escapes line breaks and other control characters, which user input can carry into a message. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) =>
    character === '\n' ? '\\n' : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
