// Scenario parameters: defaults, and errors that name the parameter, the value given
// and what is allowed.
import { describe, expect, it } from 'vitest';
import { ParamError, param, resolveParams } from '../../src/scenario/params.ts';

const SPECS = {
  nodes: param.int({ default: 5, min: 1, max: 100, description: 'number of nodes' }),
  loss: param.number({ default: 0.05, min: 0, max: 1, description: 'loss probability' }),
  interval: param.duration({ default: 100_000, min: 1_000, max: 60_000_000, description: 'gossip interval' }),
  retransmit: param.boolean({ default: true, description: 're-send on a timer' }),
  topology: param.enum({ values: ['mesh', 'ring', 'tree'], default: 'mesh', description: 'who talks to whom' }),
};

function errorOf(raw: Record<string, string | number | boolean>): ParamError {
  try {
    resolveParams(SPECS, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ParamError);
    expect(error).toBeInstanceOf(RangeError);
    return error as ParamError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('resolveParams', () => {
  it('applies the defaults', () => {
    expect(resolveParams(SPECS)).toEqual({ nodes: 5, loss: 0.05, interval: 100_000, retransmit: true, topology: 'mesh' });
  });

  it('parses text as it comes from a command line, and takes typed values as they are', () => {
    expect(resolveParams(SPECS, { nodes: '7', loss: '0.25', interval: '1.5s', retransmit: 'false', topology: 'ring' })).toEqual({
      nodes: 7,
      loss: 0.25,
      interval: 1_500_000,
      retransmit: false,
      topology: 'ring',
    });
    expect(resolveParams(SPECS, { nodes: 9, interval: 2_000, retransmit: false })).toMatchObject({ nodes: 9, interval: 2_000, retransmit: false });
  });

  it('accepts the ends of each range', () => {
    expect(resolveParams(SPECS, { nodes: '1', loss: '0', interval: '1ms' })).toMatchObject({ nodes: 1, loss: 0, interval: 1_000 });
    expect(resolveParams(SPECS, { nodes: '100', loss: '1', interval: '1m' })).toMatchObject({ nodes: 100, loss: 1, interval: 60_000_000 });
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(errorOf({ nodez: '3' }).message).toBe('unknown parameter "nodez": known parameters: nodes, loss, interval, retransmit, topology');
  });

  it('says so when a scenario takes no parameters', () => {
    expect(() => resolveParams({}, { anything: 1 })).toThrow('unknown parameter "anything": this scenario takes no parameters');
  });

  it.each([
    [{ nodes: '0' }, 'invalid value "0" for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: '101' }, 'invalid value "101" for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: 2.5 }, 'invalid value 2.5 for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: '2.5' }, 'invalid value "2.5" for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: 'five' }, 'invalid value "five" for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: '' }, 'invalid value "" for parameter "nodes": expected an integer from 1 to 100'],
    [{ nodes: true }, 'invalid value true for parameter "nodes": expected an integer from 1 to 100'],
    [{ loss: '1.01' }, 'invalid value "1.01" for parameter "loss": expected a number from 0 to 1'],
    [{ loss: 'NaN' }, 'invalid value "NaN" for parameter "loss": expected a number from 0 to 1'],
    [{ topology: 'star' }, 'invalid value "star" for parameter "topology": expected one of mesh, ring, tree'],
    [{ topology: 1 }, 'invalid value 1 for parameter "topology": expected one of mesh, ring, tree'],
    [{ retransmit: 'yes' }, 'invalid value "yes" for parameter "retransmit": expected true or false'],
    [{ retransmit: 1 }, 'invalid value 1 for parameter "retransmit": expected true or false'],
    [{ interval: '10' }, 'invalid value "10" for parameter "interval": expected a duration from 1ms to 60s (for example 250ms or 2s)'],
    [{ interval: '500us' }, 'invalid value "500us" for parameter "interval": expected a duration from 1ms to 60s'],
    [{ interval: '2m' }, 'invalid value "2m" for parameter "interval": expected a duration from 1ms to 60s'],
    [{ interval: '-1s' }, 'invalid value "-1s" for parameter "interval"'],
    [{ interval: 1.5 }, 'invalid value 1.5 for parameter "interval"'],
  ])('rejects %j, naming the parameter, the value and what is allowed', (raw, message) => {
    expect(errorOf(raw).message).toContain(message);
  });
});
