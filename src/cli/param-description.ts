// A scenario parameter described for people and for JSON: its type, default and what it
// allows, written the way they are typed after --set (durations as 100ms, not microseconds).
// Rule: derived from the ParamSpec alone, so `describe` can never disagree with validation.
import { assertNever } from '../engine/assert-never.ts';
import { formatDurationExact } from '../engine/time.ts';
import { formatParamValue, type ParamSpec } from '../scenario/params.ts';

export interface ParamDescription {
  readonly name: string;
  readonly type: ParamSpec['type'];
  /** The default as typed after --set. */
  readonly default: number | string | boolean;
  /** Short form for tables: `1..1000000`, `1ms..60s`, `mesh|ring|tree`, `true|false`. */
  readonly allowed: string;
  readonly description: string;
  /** For int, number and duration parameters (durations as typed: `1ms`). */
  readonly min?: number | string;
  readonly max?: number | string;
  /** For enum parameters. */
  readonly values?: readonly string[];
}

/** Fields in a fixed order: name, type, default, allowed, description, then the bounds. */
export function describeParam(name: string, spec: ParamSpec): ParamDescription {
  const [allowed, bounds] = allowedValues(spec);
  const shownDefault = spec.type === 'duration' ? formatParamValue(spec, spec.default) : spec.default;
  return { name, type: spec.type, default: shownDefault, allowed, description: spec.description, ...bounds };
}

type Bounds = Pick<ParamDescription, 'min' | 'max' | 'values'>;

function allowedValues(spec: ParamSpec): [string, Bounds] {
  switch (spec.type) {
    case 'int':
    case 'number':
      return [`${spec.min}..${spec.max}`, { min: spec.min, max: spec.max }];
    case 'duration': {
      const min = formatDurationExact(spec.min);
      const max = formatDurationExact(spec.max);
      return [`${min}..${max}`, { min, max }];
    }
    case 'boolean':
      return ['true|false', {}];
    case 'enum':
      return [spec.values.join('|'), { values: [...spec.values] }];
    default:
      return assertNever(spec);
  }
}
