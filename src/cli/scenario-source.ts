// Where a thread finds a scenario: by name among scenarios/index.ts, or as an export of
// a module (any scenario, test fixtures included). Rule: a source is plain data, so it
// can be sent to a worker thread, which then loads the very same scenario code itself.
import { assertNever } from '../engine/assert-never.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import { findScenario } from '../../scenarios/index.ts';

export type ScenarioSource =
  | { readonly kind: 'registered'; readonly name: string }
  | { readonly kind: 'module'; readonly moduleUrl: string; readonly exportName: string };

/** Loads the scenario; throws an Error naming the source when there is none. */
export async function loadScenario(source: ScenarioSource): Promise<Scenario> {
  switch (source.kind) {
    case 'registered': {
      const scenario = findScenario(source.name);
      if (scenario === undefined) throw new Error(`no scenario named ${JSON.stringify(source.name)} in scenarios/index.ts`);
      return scenario;
    }
    case 'module': {
      const loaded = (await import(source.moduleUrl)) as Record<string, unknown>;
      const candidate = loaded[source.exportName];
      if (!isScenario(candidate)) throw new Error(`${source.moduleUrl} has no scenario exported as ${JSON.stringify(source.exportName)}`);
      return candidate;
    }
    default:
      return assertNever(source);
  }
}

function isScenario(value: unknown): value is Scenario {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['name'] === 'string' && typeof record['setup'] === 'function' && typeof record['params'] === 'object';
}
