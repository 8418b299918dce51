// A scenario: a named, described, parameterised setup of a world. Rule: definitions
// are checked once, when the module loads, so a broken scenario never reaches a run.
import type { Micros } from '../engine/time.ts';
import { parseParam, type ParamSpec, type ParamSpecs, type ParamValues } from './params.ts';
import type { World } from './world.ts';

export interface ScenarioDefinition<S extends ParamSpecs = ParamSpecs> {
  /** kebab-case, used on the command line. */
  readonly name: string;
  /** One line for `faultline list`. */
  readonly summary: string;
  /** A few lines written for a learner, shown by `faultline describe`. */
  readonly description: string;
  readonly params: S;
  /** Default run length in virtual time (`--until` overrides it). */
  readonly durationUs: Micros;
  readonly setup: (world: World, params: ParamValues<S>) => void;
}

/** The type-erased form the runner and CLI hold in lists. */
export type Scenario = ScenarioDefinition<ParamSpecs>;

// A leading digit is allowed (`2pc-vs-saga`); a name is never all digits, so it cannot be mistaken for a seed.
const NAME_PATTERN = /^(?![0-9]+$)[a-z0-9][a-z0-9-]*$/;

export function defineScenario<const S extends ParamSpecs>(definition: ScenarioDefinition<S>): Scenario {
  if (!NAME_PATTERN.test(definition.name)) {
    throw new RangeError(`scenario name "${definition.name}" must be kebab-case (a-z, 0-9, -)`);
  }
  if (!Number.isSafeInteger(definition.durationUs) || definition.durationUs <= 0) {
    throw new RangeError(`scenario ${definition.name}: durationUs must be a positive integer`);
  }
  for (const [name, spec] of Object.entries(definition.params)) checkDefault(definition.name, name, spec);
  return definition as unknown as Scenario;
}

function checkDefault(scenario: string, name: string, spec: ParamSpec): void {
  try {
    parseParam(name, spec, spec.default);
  } catch (error) {
    throw new RangeError(`scenario ${scenario}: default of ${(error as Error).message}`);
  }
}
