import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { ParamError } from '../../src/scenario/params.ts';
import { resolveSweepSetup } from '../../src/sweep/sweep-setup.ts';

const echo = findScenario('echo');
if (echo === undefined) throw new Error('the echo scenario is missing');
const setup = resolveSweepSetup(echo, { clients: '2' });

describe('params fingerprints', () => {
  it('depend on the resolved values, not on how they were typed', () => {
    expect(resolveSweepSetup(echo, { clients: 2 }).paramsFingerprint).toBe(setup.paramsFingerprint);
    expect(resolveSweepSetup(echo, { clients: '3' }).paramsFingerprint).toBe(resolveSweepSetup(echo, {}).paramsFingerprint);
    expect(resolveSweepSetup(echo, { interval: '0.1s' }).paramsFingerprint).toBe(resolveSweepSetup(echo, {}).paramsFingerprint);
  });

  it('change with any parameter, the run length or the scenario', () => {
    const fingerprints = new Set([
      resolveSweepSetup(echo, {}).paramsFingerprint,
      setup.paramsFingerprint,
      resolveSweepSetup(echo, { loss: '0.2' }).paramsFingerprint,
      resolveSweepSetup(echo, {}, 5_000_000).paramsFingerprint,
    ]);
    expect(fingerprints.size).toBe(4);
  });

  it('keep the changed parameters as typed on a command line, for replay commands', () => {
    expect(resolveSweepSetup(echo, { clients: 2, interval: '250ms', loss: 0.1 }).changedParams).toEqual({ clients: '2', interval: '250ms' });
  });
});

describe('sweep setup validation', () => {
  it('rejects bad parameters with the runner\'s ParamError before anything runs', () => {
    expect(() => resolveSweepSetup(echo, { clients: '0' })).toThrow(ParamError);
    expect(() => resolveSweepSetup(echo, { colour: 'red' })).toThrow('unknown parameter "colour"');
  });

  it('rejects a run length that is not a positive integer of microseconds', () => {
    expect(() => resolveSweepSetup(echo, {}, 0)).toThrow(new RangeError('invalid run length 0us: expected a positive integer'));
    expect(() => resolveSweepSetup(echo, {}, 1.5)).toThrow(RangeError);
  });
});
