// Scenario parameters: typed, with defaults, ranges and descriptions. Rule: every
// value is validated before the run starts, and a bad one is reported with the
// parameter's name, the value given, and what is allowed.
import { formatDuration, formatDurationExact, parseDuration, type Micros } from '../engine/time.ts';

interface ParamBase<T> {
  readonly default: T;
  readonly description: string;
}

export type ParamSpec =
  | (ParamBase<number> & { readonly type: 'int'; readonly min: number; readonly max: number })
  | (ParamBase<number> & { readonly type: 'number'; readonly min: number; readonly max: number })
  | (ParamBase<Micros> & { readonly type: 'duration'; readonly min: Micros; readonly max: Micros })
  | (ParamBase<boolean> & { readonly type: 'boolean' })
  | (ParamBase<string> & { readonly type: 'enum'; readonly values: readonly string[] });

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : S extends { type: 'boolean' }
    ? boolean
    : number;

export type ParamValues<S extends ParamSpecs> = { readonly [K in keyof S]: ValueOf<S[K]> };

/** Values as they come from a command line or a test: text, or already typed. */
export type RawParams = Readonly<Record<string, string | number | boolean>>;

/** Builders that keep literal types for enums. */
export const param = {
  int: (spec: Omit<Extract<ParamSpec, { type: 'int' }>, 'type'>) => ({ type: 'int', ...spec }) as const,
  number: (spec: Omit<Extract<ParamSpec, { type: 'number' }>, 'type'>) => ({ type: 'number', ...spec }) as const,
  duration: (spec: Omit<Extract<ParamSpec, { type: 'duration' }>, 'type'>) => ({ type: 'duration', ...spec }) as const,
  boolean: (spec: Omit<Extract<ParamSpec, { type: 'boolean' }>, 'type'>) => ({ type: 'boolean', ...spec }) as const,
  enum: <const V extends readonly string[]>(spec: { values: V; default: V[number]; description: string }) =>
    ({ type: 'enum', ...spec }) as { readonly type: 'enum'; readonly values: V; readonly default: V[number]; readonly description: string },
};

/** Plain decimal notation only: `7`, `-3`, `0.25`; not `0x10`, `1e3` or ` 7 `. */
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** The number a text in plain decimal notation names (see DECIMAL_PATTERN); NaN for any other text. */
export function parseDecimal(text: string): number {
  return DECIMAL_PATTERN.test(text) ? Number(text) : Number.NaN;
}

export class ParamError extends RangeError {
  override readonly name = 'ParamError';
}

/** Defaults overlaid with the given values; throws ParamError naming the first bad one. */
export function resolveParams<S extends ParamSpecs>(specs: S, raw: RawParams = {}): ParamValues<S> {
  const known = Object.keys(specs);
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) {
      const allowed = known.length === 0 ? 'this scenario takes no parameters' : `known parameters: ${known.join(', ')}`;
      throw new ParamError(`unknown parameter ${JSON.stringify(name)}: ${allowed}`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const name of known) {
    const spec = specs[name] as ParamSpec;
    values[name] = Object.hasOwn(raw, name) ? parseParam(name, spec, raw[name] as string | number | boolean) : spec.default;
  }
  return values as ParamValues<S>;
}

export function parseParam(name: string, spec: ParamSpec, given: string | number | boolean): number | string | boolean {
  const shown = typeof given === 'string' ? JSON.stringify(given) : String(given);
  const fail = (): never => {
    throw new ParamError(`invalid value ${shown} for parameter ${JSON.stringify(name)}: expected ${describeAllowed(spec)}`);
  };
  switch (spec.type) {
    case 'int':
    case 'number': {
      const value = typeof given === 'number' ? given : typeof given === 'string' ? parseDecimal(given) : NaN;
      if (!Number.isFinite(value) || value < spec.min || value > spec.max) return fail();
      if (spec.type === 'int' && !Number.isSafeInteger(value)) return fail();
      return value;
    }
    case 'duration': {
      let value: number;
      try {
        value = typeof given === 'number' ? given : typeof given === 'string' ? parseDuration(given) : NaN;
      } catch {
        return fail();
      }
      if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) return fail();
      return value;
    }
    case 'boolean':
      if (given === true || given === 'true') return true;
      if (given === false || given === 'false') return false;
      return fail();
    case 'enum':
      if (typeof given !== 'string' || !spec.values.includes(given)) return fail();
      return given;
  }
}

export function describeAllowed(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'duration':
      return `a duration from ${formatDuration(spec.min)} to ${formatDuration(spec.max)} (for example 250ms or 2s)`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
  }
}

/** The value as it would be typed on the command line. */
export function formatParamValue(spec: ParamSpec, value: unknown): string {
  return spec.type === 'duration' ? formatDurationExact(value as Micros) : String(value);
}
