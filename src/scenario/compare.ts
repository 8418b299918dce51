// Comparing variants of one scenario: the same seeds run under each combination of
// parameter values (the cross product of the varied parameters), and every numeric
// summary figure condensed per variant into mean, median, min and max over the seeds.
// This is the view a learner needs: the same failure, a different design, side by side.
// Rule: every variant is validated before the first run, every variant runs exactly the
// same seeds, and the result depends only on (scenario, parameters, seeds, run length).
// A run that throws is counted as crashed (a bug found), never ends the comparison.
import type { Micros } from '../engine/time.ts';
import type { Scenario } from './define-scenario.ts';
import { numericFigures } from './objective.ts';
import { formatParamValue, ParamError, parseParam, resolveParams, type RawParams } from './params.ts';
import { runScenario } from './runner.ts';

/** Most variants one comparison runs (the product of the numbers of values). */
export const MAX_COMPARE_VARIANTS = 256;
/** Most runs one comparison makes (variants times seeds); runs are in-process, one after another. */
export const MAX_COMPARE_RUNS = 20_000;
/** Crashed runs listed per variant; the count covers the rest. */
export const MAX_LISTED_CRASHES = 5;

/** One varied parameter and its values, as typed (`loss=0,0.3`). */
export interface VaryAxis {
  readonly name: string;
  readonly values: readonly string[];
}

export interface SeedSpan {
  readonly first: number;
  /** Included. */
  readonly last: number;
}

export interface ComparisonOptions {
  readonly scenario: Scenario;
  readonly seeds: SeedSpan;
  /** Values every variant shares (`--set`); none of them may be varied too. */
  readonly params?: RawParams;
  /** The first axis varies slowest: its values order the rows. */
  readonly vary: readonly VaryAxis[];
  readonly untilUs?: Micros;
}

export interface FigureStats {
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface RunCrash {
  readonly seed: number;
  readonly message: string;
}

export interface VariantResult {
  /** The varied parameters' values, as a report shows them. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  /** Runs that threw (a bug in scenario or protocol code). */
  readonly crashed: number;
  /** Per numeric summary figure, over the runs that reported it. */
  readonly figures: Readonly<Record<string, FigureStats>>;
  readonly crashes: readonly RunCrash[];
}

export interface Comparison {
  readonly scenario: string;
  /** `FIRST..LAST` or one seed. */
  readonly seeds: string;
  /** The values every variant shares, as a report shows them. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly variants: readonly VariantResult[];
}

/**
 * The variants' parameters (shared values overlaid with one value per axis), checked
 * whole: throws ParamError for an unknown parameter or a bad value, RangeError for an
 * axis that is empty, repeated, also set, or for too many variants or runs.
 */
export function planVariants(options: ComparisonOptions): RawParams[] {
  const { first, last } = options.seeds;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || first > last) {
    throw new RangeError(`invalid seeds ${String(first)}..${String(last)}: expected non-negative integers, the first at most the last`);
  }
  const shared = options.params ?? {};
  resolveParams(options.scenario.params, shared);
  if (options.vary.length === 0) throw new RangeError('nothing to compare: vary at least one parameter (name=value1,value2)');
  const seen = new Set<string>();
  let variantCount = 1;
  for (const axis of options.vary) {
    checkAxis(options.scenario, axis, shared, seen);
    variantCount *= axis.values.length;
    if (variantCount > MAX_COMPARE_VARIANTS) throw new RangeError(`too many variants: the varied values combine into more than ${MAX_COMPARE_VARIANTS}`);
  }
  const seedCount = last - first + 1;
  if (variantCount * seedCount > MAX_COMPARE_RUNS) {
    const variants = `${variantCount} variant${variantCount === 1 ? '' : 's'}`;
    throw new RangeError(`too many runs: ${variants} times ${seedCount} seeds is ${variantCount * seedCount}; at most ${MAX_COMPARE_RUNS}`);
  }
  return crossProduct(options.vary).map((values) => ({ ...shared, ...values }));
}

function checkAxis(scenario: Scenario, axis: VaryAxis, shared: RawParams, seen: Set<string>): void {
  const spec = Object.hasOwn(scenario.params, axis.name) ? scenario.params[axis.name] : undefined;
  if (spec === undefined) {
    const known = Object.keys(scenario.params);
    const allowed = known.length === 0 ? 'this scenario takes no parameters' : `known parameters: ${known.join(', ')}`;
    throw new ParamError(`cannot vary unknown parameter ${JSON.stringify(axis.name)}: ${allowed}`);
  }
  if (seen.has(axis.name)) throw new RangeError(`parameter ${JSON.stringify(axis.name)} is varied twice: give all its values in one list`);
  seen.add(axis.name);
  if (Object.hasOwn(shared, axis.name)) throw new RangeError(`parameter ${JSON.stringify(axis.name)} is both set and varied: drop one`);
  if (axis.values.length === 0) throw new RangeError(`parameter ${JSON.stringify(axis.name)} is varied over no values: list at least one`);
  const distinct = new Set<string>();
  for (const value of axis.values) {
    const shown = formatParamValue(spec, parseParam(axis.name, spec, value));
    if (distinct.has(shown)) throw new RangeError(`parameter ${JSON.stringify(axis.name)} lists the value ${JSON.stringify(value)} twice`);
    distinct.add(shown);
  }
}

/** Every combination, first axis slowest. */
function crossProduct(axes: readonly VaryAxis[]): Record<string, string>[] {
  let combinations: Record<string, string>[] = [{}];
  for (const axis of axes) {
    combinations = combinations.flatMap((combination) => axis.values.map((value) => ({ ...combination, [axis.name]: value })));
  }
  return combinations;
}

/** Plans (throwing on bad input before any run), then runs every variant on every seed, in order. */
export function runComparison(options: ComparisonOptions): Comparison {
  const variants = planVariants(options);
  const varied = options.vary.map((axis) => axis.name);
  return {
    scenario: options.scenario.name,
    seeds: options.seeds.first === options.seeds.last ? String(options.seeds.first) : `${options.seeds.first}..${options.seeds.last}`,
    params: shownParams(options.scenario, options.params ?? {}, Object.keys(options.params ?? {})),
    variants: variants.map((params) => runVariant(options, params, varied)),
  };
}

function runVariant(options: ComparisonOptions, params: RawParams, varied: readonly string[]): VariantResult {
  const figureValues = new Map<string, number[]>();
  const crashes: RunCrash[] = [];
  let passed = 0;
  let failed = 0;
  let crashed = 0;
  for (let seed = options.seeds.first; seed <= options.seeds.last; seed++) {
    try {
      const report = runScenario(options.scenario, { seed, params, explain: false, ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }) });
      if (report.verdict === 'pass') passed++;
      else failed++;
      for (const [name, value] of Object.entries(numericFigures(report.summary))) {
        const values = figureValues.get(name) ?? [];
        values.push(value);
        figureValues.set(name, values);
      }
    } catch (error) {
      crashed++;
      if (crashes.length < MAX_LISTED_CRASHES) crashes.push({ seed, message: describeError(error) });
    }
  }
  const figures: Record<string, FigureStats> = {};
  for (const [name, values] of figureValues) figures[name] = statsOf(values);
  return { params: shownParams(options.scenario, params, varied), runs: passed + failed + crashed, passed, failed, crashed, figures, crashes };
}

/** Mean, median (the mean of the middle two for an even count), min and max of a non-empty list. */
export function statsOf(values: readonly number[]): FigureStats {
  const sorted = values.slice().sort((a, b) => a - b);
  let sum = 0;
  for (const value of values) sum += value;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { mean: sum / values.length, median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** The named values as a report shows them: numbers and booleans typed, durations as typed (`100ms`). */
function shownParams(scenario: Scenario, params: RawParams, names: readonly string[]): Record<string, number | string | boolean> {
  const shown: Record<string, number | string | boolean> = {};
  for (const name of names) {
    const spec = scenario.params[name];
    if (spec === undefined) continue;
    const value = parseParam(name, spec, params[name] as string | number | boolean);
    shown[name] = spec.type === 'duration' ? formatParamValue(spec, value) : value;
  }
  return shown;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] ?? text;
}
