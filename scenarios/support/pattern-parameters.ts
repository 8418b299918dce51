// Patterns built from scenario parameters. Rule: the policies are built once when the
// scenario is built (definePolicy), and a setting a pattern rejects comes back as a
// ParamError that names the parameters it came from and keeps the pattern's own words,
// so the command line reports it as bad input (exit 2), not as a bug.
import { definePolicy } from '../../src/patterns/policy.ts';
import { ParamError } from '../../src/scenario/params.ts';

/** Parameter values as the user gave them, for the message: `{ breakerWindow: 5, breakerVolume: 10 }`. */
export type ParameterValues = Readonly<Record<string, string | number | boolean>>;

export function policyFromParams<P>(parameters: ParameterValues, build: () => P): () => P {
  try {
    return definePolicy(build);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const given = Object.entries(parameters).map(([name, value]) => `${name}=${String(value)}`).join(', ');
    throw new ParamError(`invalid parameters ${given}: ${error.message}`);
  }
}
