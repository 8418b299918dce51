// defineScenario checks a definition when its module loads: name, duration and defaults.
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { param, type ParamSpecs } from '../../src/scenario/params.ts';

function define(name: string, params: ParamSpecs = {}, durationUs = 1_000_000) {
  return defineScenario({ name, summary: 's', description: 'd', params, durationUs, setup() {} });
}

describe('defineScenario', () => {
  it('accepts a kebab-case name and valid defaults', () => {
    const scenario = define('leader-election-2', { nodes: param.int({ default: 3, min: 1, max: 9, description: 'n' }) });
    expect(scenario.name).toBe('leader-election-2');
  });

  it('accepts a name that starts with a digit but is not a number', () => {
    expect(define('2pc-vs-saga').name).toBe('2pc-vs-saga');
  });

  it.each(['', 'Broadcast', 'my_scenario', '42', '-echo', 'echo world'])('rejects the name %j', (name) => {
    expect(() => define(name)).toThrow(RangeError);
    expect(() => define(name)).toThrow(`scenario name "${name}" must be kebab-case`);
  });

  it.each([0, -5, 1.5, Infinity])('rejects the duration %s', (durationUs) => {
    expect(() => define('echo', {}, durationUs)).toThrow('scenario echo: durationUs must be a positive integer');
  });

  it.each([
    ['an int default out of range', param.int({ default: 0, min: 1, max: 9, description: 'n' }), 'expected an integer from 1 to 9'],
    ['a fractional int default', param.int({ default: 1.5, min: 1, max: 9, description: 'n' }), 'invalid value 1.5'],
    ['a number default out of range', param.number({ default: 2, min: 0, max: 1, description: 'n' }), 'expected a number from 0 to 1'],
    ['a duration default out of range', param.duration({ default: 5, min: 1_000, max: 2_000, description: 'n' }), 'expected a duration from 1ms to 2ms'],
    ['an enum default not among the values', { type: 'enum', values: ['a', 'b'], default: 'c', description: 'n' } as const, 'expected one of a, b'],
  ])('rejects %s, naming the scenario and the parameter', (_name, spec, message) => {
    expect(() => define('demo', { broken: spec })).toThrow('scenario demo: default of invalid value');
    expect(() => define('demo', { broken: spec })).toThrow('for parameter "broken"');
    expect(() => define('demo', { broken: spec })).toThrow(message);
  });
});
