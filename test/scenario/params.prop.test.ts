// Fuzzing parameters: whatever a user types, resolveParams either returns values within
// the specs or throws a ParamError / RangeError, never anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAllowed, ParamError, resolveParams, type ParamSpec, type RawParams } from '../../src/scenario/params.ts';
import { SCENARIOS } from '../../scenarios/index.ts';

function isWithinSpec(spec: ParamSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'int':
    case 'duration':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= spec.min && value <= spec.max;
    case 'number':
      return typeof value === 'number' && value >= spec.min && value <= spec.max;
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
  }
}

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s parameters', (_name, scenario) => {
  const names = Object.keys(scenario.params);
  const name = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 }));
  const text = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('true', 'false', '1e3', '0x10', ' 7 ', '-1', '1.5', 'Infinity', '250ms', '1.5s', '2m', '40us', 'mesh', 'fifo', 'nemesis'),
    fc.integer().map(String),
    fc.double().map(String),
  );
  const value = fc.oneof(text, fc.double(), fc.integer(), fc.boolean());
  const raw: fc.Arbitrary<RawParams> = fc.dictionary(name, value, { maxKeys: 4 });

  it('returns values within the specs or throws ParamError / RangeError', () => {
    fc.assert(
      fc.property(raw, (given) => {
        let resolved: Record<string, unknown>;
        try {
          resolved = resolveParams(scenario.params, given);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          if (!(error instanceof ParamError)) throw error;
          return;
        }
        for (const [parameter, spec] of Object.entries(scenario.params)) {
          if (!isWithinSpec(spec, resolved[parameter])) {
            throw new Error(`${parameter}=${String(resolved[parameter])} is not ${describeAllowed(spec)}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
