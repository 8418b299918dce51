// The library checks what the user typed and throws RangeError (ParamError included) when
// it is wrong; on the command line that is bad input. Rule: wrap only calls whose every
// RangeError is about the input, so a bug is never reported as the user's mistake.
import { ParamError } from '../scenario/params.ts';
import { UsageError } from './usage-error.ts';

/** Runs `check`; a RangeError becomes a UsageError, prefixed with `option` when given. */
export function asUsageError<T>(option: string | undefined, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ParamError) throw error;
    if (error instanceof RangeError) throw new UsageError(option === undefined ? error.message : `${option}: ${error.message}`);
    throw error;
  }
}
