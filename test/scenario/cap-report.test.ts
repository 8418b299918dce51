// The CAP report's comparison logic: which parameters the two stores share, how bad
// ones are refused before any run, how a scenario's summary figures become the report's
// fields (nothing measured: null), and that both stores run from the same seed and
// parameters. The textbook result on the real stores is pinned in test/cli/cap.test.ts.
import { describe, expect, it } from 'vitest';
import { availabilityBeforeHeal, CAP_PARTITIONS, checkCapParams, runCapComparison, sharedParamNames, storeFigures, type CapStores } from '../../src/scenario/cap-report.ts';
import type { ClientHistory, SidedOperation } from '../../src/scenario/client-history.ts';
import { defineScenario, type Scenario } from '../../src/scenario/define-scenario.ts';
import { param, ParamError } from '../../src/scenario/params.ts';
import type { Report } from '../../src/scenario/report.ts';
import type { SummaryValue } from '../../src/scenario/world.ts';
import { seconds } from '../../src/engine/time.ts';
import { findScenario } from '../../scenarios/index.ts';

const kvAp = findScenario('kv-ap') as Scenario;

/** A stand-in for a CP scenario's parameter list: some names shared with kv-ap, one of its own. */
const standIn = defineScenario({
  name: 'cp-stand-in',
  summary: 'parameters only',
  description: 'parameters only',
  durationUs: seconds(1),
  params: {
    nodes: param.int({ default: 5, min: 3, max: 7, description: 'nodes' }),
    election: param.duration({ default: seconds(1), min: 1, max: seconds(5), description: 'its own' }),
    partition: param.enum({ values: ['none', ...CAP_PARTITIONS], default: 'majority-minority', description: 'shape' }),
    'heal-at': param.duration({ default: seconds(2), min: 1, max: seconds(60), description: 'heal' }),
  },
  setup(world) {
    world.history({ events: [], operations: [] });
  },
});
/** The same parameters, and no client history. */
const silentStandIn = defineScenario({ ...standIn, name: 'silent-stand-in', setup() {} });
const stores: CapStores = { cp: standIn, ap: kvAp };

function reportWith(summary: Record<string, SummaryValue>): Report {
  return { scenario: 'some-store', seed: 7, params: {}, verdict: 'pass', violations: [], events: 0, engineSteps: 0, virtualTimeMs: 0, traceHash: '0', stopReason: 'time-limit', faults: '', summary, replay: '' };
}

const FIGURES = {
  'availability majority': 0.98,
  'availability minority': 0.5,
  'latency p50 ms': 12.5,
  'latency p99 ms': 40,
  linearizable: 1,
  'stale reads': 0,
  'lost writes': 0,
  'convergence ms': 35,
};

describe('parameters', () => {
  it('shares the parameters both stores take, less the partition the report sets itself', () => {
    expect(sharedParamNames(stores)).toEqual(['nodes', 'heal-at']);
  });

  it('refuses a parameter only one store takes, naming it and the shared ones', () => {
    expect(() => checkCapParams(stores, { election: '2s' }, 'majority-minority')).toThrow(ParamError);
    expect(() => checkCapParams(stores, { r: '1' }, 'majority-minority')).toThrow('unknown parameter "r" for the CAP report: expected one both stores take: nodes, heal-at');
  });

  it('refuses a value either store rejects, naming the value and what is allowed', () => {
    expect(() => checkCapParams(stores, { nodes: '9' }, 'majority-minority')).toThrow(/invalid value "9" for parameter "nodes": expected an integer from 3 to 7/);
    expect(() => checkCapParams(stores, { nodes: '20' }, 'majority-minority')).toThrow(ParamError);
    expect(() => checkCapParams(stores, { nodes: '5', 'heal-at': '1s' }, 'majority-minority')).not.toThrow();
  });

  it('refuses, as a bug and before any run, a scenario that records no client history', () => {
    expect(() => checkCapParams({ cp: silentStandIn, ap: kvAp }, {}, 'majority-minority')).toThrow('scenario silent-stand-in records no client history (world.history): the CAP report needs one');
  });
});

const HEAL_US = 2_000_000;

function operation(side: SidedOperation['side'], completion: SidedOperation['completion'], completeUs: number | undefined): SidedOperation {
  return { side, invokeUs: 600_000, completeUs, completion };
}

/** Majority: 3 ok, 1 fail before the heal. Minority: 2 timed out before the heal, 1 waited it out and succeeded after, 1 still open. */
const HISTORY: ClientHistory = {
  events: [],
  operations: [
    operation('connected', 'ok', 100_000),
    operation('majority', 'ok', 700_000),
    operation('majority', 'ok', 800_000),
    operation('majority', 'fail', 900_000),
    operation('majority', 'ok', HEAL_US),
    operation('minority', 'info', 1_100_000),
    operation('minority', 'info', 1_600_000),
    operation('minority', 'ok', 2_040_000),
    operation('minority', undefined, undefined),
  ],
};

describe('availability per side', () => {
  it('is the share of the operations on that side ended by the heal that succeeded: waiting out the partition is not available', () => {
    expect(availabilityBeforeHeal(HISTORY.operations, 'majority', HEAL_US)).toBe(0.75);
    expect(availabilityBeforeHeal(HISTORY.operations, 'minority', HEAL_US)).toBe(0);
  });

  it('is null for a side no operation ended on', () => {
    expect(availabilityBeforeHeal(HISTORY.operations, 'minority', 1_000_000)).toBeNull();
    expect(availabilityBeforeHeal([operation('connected', 'ok', 5)], 'majority', HEAL_US)).toBeNull();
  });
});

describe('figures', () => {
  it('reads availability from the history and every other field from the figure of the same meaning', () => {
    expect(storeFigures('cp', reportWith(FIGURES), HISTORY, HEAL_US)).toEqual({
      store: 'cp',
      availabilityMajority: 0.75,
      availabilityMinority: 0,
      latencyP50Ms: 12.5,
      latencyP99Ms: 40,
      linearizable: true,
      staleReads: 0,
      lostWrites: 0,
      convergenceMs: 35,
    });
  });

  it('reports what was not measured as null: no operation on a side, no convergence, no verdict', () => {
    const figures = storeFigures('ap', reportWith({ ...FIGURES, 'convergence ms': -1, 'latency p99 ms': -1, linearizable: 'unknown' }), { events: [], operations: [] }, HEAL_US);
    expect(figures).toMatchObject({ availabilityMajority: null, availabilityMinority: null, convergenceMs: null, latencyP99Ms: null, linearizable: null });
    expect(storeFigures('ap', reportWith({ ...FIGURES, linearizable: 0 }), HISTORY, HEAL_US).linearizable).toBe(false);
  });

  it('treats a figure the scenario does not report as a bug, naming the scenario and the figure', () => {
    const { 'stale reads': _omitted, ...withoutStaleReads } = FIGURES;
    expect(() => storeFigures('cp', reportWith(withoutStaleReads), HISTORY, HEAL_US)).toThrow('scenario some-store (seed 7): figure "stale reads" is undefined, expected a figure');
    expect(() => storeFigures('cp', reportWith({ ...FIGURES, linearizable: 'n/a' }), HISTORY, HEAL_US)).toThrow(/figure "linearizable" is "n\/a", expected 1, 0 or unknown/);
    expect(() => storeFigures('cp', reportWith(FIGURES), undefined, HEAL_US)).toThrow('scenario some-store records no client history (world.history): the CAP report needs one');
  });
});

describe('runs', () => {
  it('runs both stores from the same seed, parameters and partition: one scenario twice gives the same figures', () => {
    const comparison = runCapComparison({ stores: { cp: kvAp, ap: kvAp }, seed: 3, partition: 'bridge', params: { 'heal-at': '1s' } });
    expect(comparison.report.seed).toBe(3);
    expect(comparison.report.partition).toBe('bridge');
    expect(comparison.report.stores.map((figures) => figures.store)).toEqual(['cp', 'ap']);
    const [first, second] = comparison.runs;
    expect(first?.report.traceHash).toBe(second?.report.traceHash);
    expect(first?.report.params).toMatchObject({ partition: 'bridge', 'heal-at': '1s' });
    expect({ ...comparison.report.stores[0], store: 'ap' }).toEqual(comparison.report.stores[1]);
  });
});
