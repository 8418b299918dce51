// The single-point-of-failure audit's mechanics, on a small fixture: a server and two
// clients that ping it. Which faults it plans (one crash per node, one cut per link that
// carried messages), how a cut cuts exactly one link, where the objective comes from,
// what counts as a service degraded by a fault, and that a crashing run is reported,
// not fatal. (replicated-db's own audit results are pinned in test/scenarios.)
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import { PartitionState } from '../../src/net/partition.ts';
import type { NodeBehavior } from '../../src/node/node-api.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { parseObjective } from '../../src/scenario/objective.ts';
import { param } from '../../src/scenario/params.ts';
import { faultEventOf, linkCut, planFaults, runSpofAudit, type SpofAuditOptions } from '../../src/scenario/spof.ts';
import { findScenario } from '../../scenarios/index.ts';

type Ping = { readonly type: 'ping' } | { readonly type: 'pong' };
const SERVER = 0;
const PING_EVERY_US = ms(10);

/** Server 0 answers pings; clients 1 and 2 ping it every 10ms (at 5ms, 15ms, ...: every pong lands inside the run). */
const pingScenario = defineScenario({
  name: 'ping-fixture',
  summary: 'two clients ping one server',
  description: 'Test fixture for the spof audit.',
  durationUs: seconds(1),
  params: {
    objective: param.enum({ values: ['declared', 'none'], default: 'declared', description: 'whether the scenario declares an objective' }),
    names: param.enum({ values: ['all', 'too-few'], default: 'all', description: 'node names: one per node, or one short' }),
    explode: param.boolean({ default: false, description: 'throw at the end when client 2 is down (a bug to be found)' }),
  },
  setup(world, params) {
    world.network.setDefaultLink({ latency: { kind: 'constant', baseUs: ms(1) }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' });
    const counts = { pings: 0, pongs: 0 };
    world.cluster.addNode(
      (): NodeBehavior<Ping> => ({
        onMessage: (context, from, message) => {
          if (message.type === 'ping') context.send(from, { type: 'pong' });
        },
      }),
    );
    for (let client = 0; client < 2; client++) {
      world.cluster.addNode(
        (): NodeBehavior<Ping, 'ping'> => ({
          onStart: (context) => void context.setTimer(ms(5), 'ping'),
          onTimer: (context) => {
            counts.pings++;
            context.send(SERVER, { type: 'ping' });
            context.setTimer(PING_EVERY_US, 'ping');
          },
          onMessage: (_context, _from, message) => {
            if (message.type === 'pong') counts.pongs++;
          },
        }),
      );
    }
    const availability = (): number => (counts.pings === 0 ? 1 : counts.pongs / counts.pings);
    world.summary('availability', availability);
    world.summary('availability server', availability);
    world.summary('availability archive', () => 0.5);
    world.summary('pings', () => counts.pings);
    if (params.objective === 'declared') world.summary('objective', () => 'availability>=0.9');
    world.summary('node names', () => (params.names === 'all' ? 'server, client-a, client-b' : 'server, client-a'));
    if (params.explode) {
      world.at(world.durationUs - 1, () => {
        if (world.cluster.status(2) === 'crashed') throw new Error('client-b was missed');
      });
    }
  },
});

const audit = (options: Partial<SpofAuditOptions> = {}) => runSpofAudit({ scenario: pingScenario, seed: 7, ...options });

describe('spof: cutting one link', () => {
  it('cuts exactly the link between the two nodes, both ways, and nothing else', () => {
    for (const [link, nodeCount] of [[[0, 2], 4], [[1, 3], 4], [[0, 1], 2], [[2, 3], 5]] as const) {
      const state = new PartitionState();
      state.apply(linkCut(link, nodeCount), nodeCount);
      for (let from = 0; from < nodeCount; from++) {
        for (let to = 0; to < nodeCount; to++) {
          const isTheLink = (from === link[0] && to === link[1]) || (from === link[1] && to === link[0]);
          expect(state.isCut(from, to), `${from}->${to} with link ${link.join('-')} of ${nodeCount} nodes cut`).toBe(isTheLink);
        }
      }
    }
  });

  it('plans one crash per node, then one cut per link, each lasting to the end of the run', () => {
    expect(planFaults(3, [[0, 1], [0, 2]])).toEqual([
      { kind: 'crash', node: 0 },
      { kind: 'crash', node: 1 },
      { kind: 'crash', node: 2 },
      { kind: 'cut-link', nodes: [0, 1] },
      { kind: 'cut-link', nodes: [0, 2] },
    ]);
    expect(faultEventOf({ kind: 'crash', node: 2 }, 500, 3)).toEqual({ atUs: 500, kind: 'crash', node: 2 });
    expect(faultEventOf({ kind: 'cut-link', nodes: [0, 2] }, 500, 3)).toEqual({ atUs: 500, kind: 'partition', partition: { kind: 'bridge', left: [0], right: [2], bridge: 1 } });
  });
});

describe('spof: the audit', () => {
  it('crashes every node and cuts only the links that carried messages, at 20% of the run', () => {
    const result = audit();
    expect(result.faultAtMs).toBe(200);
    expect(result.runLengthMs).toBe(1000);
    expect(result.nodes).toEqual([{ id: 0, name: 'server' }, { id: 1, name: 'client-a' }, { id: 2, name: 'client-b' }]);
    // The clients never talk to each other, so link 1-2 is not cut.
    expect(result.runs.map((run) => run.fault?.label)).toEqual([
      'crash node 0 (server)',
      'crash node 1 (client-a)',
      'crash node 2 (client-b)',
      'cut link 0-1 (server, client-a)',
      'cut link 0-2 (server, client-b)',
    ]);
  });

  it('flags the faults that break an objective the fault-free run meets, with the figure and its value', () => {
    const result = audit();
    expect(result.baseline).toMatchObject({ fault: null, status: 'meets', isSinglePointOfFailure: false, breaches: [] });
    expect(result.baseline.figures).toEqual({ availability: 1, 'availability server': 1, 'availability archive': 0.5, pings: 200 });
    // A crashed client sends nothing more, so it fails no ping; a crashed server fails every later one.
    expect(result.runs.map((run) => run.status)).toEqual(['breaks', 'meets', 'meets', 'breaks', 'breaks']);
    expect(result.singlePointsOfFailure).toEqual(['crash node 0 (server)', 'cut link 0-1 (server, client-a)', 'cut link 0-2 (server, client-b)']);
    const serverCrash = result.runs[0]!;
    // 40 pings answered before the crash at 200ms (20 from each client), of 200.
    expect(serverCrash.breaches).toEqual([{ figure: 'availability', bound: 'at-least', limit: 0.9, value: 0.2 }]);
    expect(serverCrash.degraded).toEqual([{ service: 'server', figure: 'availability', value: 0.2 }]);
  });

  it('blames on a fault only the services it degraded: one below the bound without any fault is listed on the fault-free run', () => {
    const result = audit();
    expect(result.baseline.degraded).toEqual([{ service: 'archive', figure: 'availability', value: 0.5 }]);
    expect(result.runs[0]?.degraded.map((service) => service.service)).toEqual(['server']);
    expect(result.runs.flatMap((run) => run.degraded).some((service) => service.service === 'archive')).toBe(false);
    const lenient = audit({ objective: parseObjective('availability>=0.1') });
    expect(lenient.baseline.degraded).toEqual([]);
    expect(lenient.runs.flatMap((run) => run.degraded)).toEqual([]);
  });

  it('takes the objective given, else the one the scenario declares, else availability>=0.99', () => {
    expect(audit()).toMatchObject({ objectiveSource: 'scenario', objective: [{ figure: 'availability', bound: 'at-least', limit: 0.9 }] });
    expect(audit({ params: { objective: 'none' } })).toMatchObject({ objectiveSource: 'default', objective: [{ figure: 'availability', bound: 'at-least', limit: 0.99 }] });
    const given = audit({ objective: parseObjective('pings>=150; availability>=0.1') });
    expect(given.objectiveSource).toBe('given');
    // A client crashed at 200ms has sent 20 pings; the other sends its 100: 120 in all.
    expect(given.runs[1]?.figures['pings']).toBe(120);
    expect(given.runs[1]?.breaches).toEqual([{ figure: 'pings', bound: 'at-least', limit: 150, value: 120 }]);
    expect(given.singlePointsOfFailure).toEqual(['crash node 1 (client-a)', 'crash node 2 (client-b)']);
  });

  it('rejects an objective on a figure the scenario does not report, listing the ones it does', () => {
    expect(() => audit({ objective: parseObjective('throughput>=5') })).toThrow(
      new RangeError('objective throughput>=5: the scenario reports no numeric figure "throughput"; its numeric figures are: availability, availability server, availability archive, pings'),
    );
    expect(() => runSpofAudit({ scenario: findScenario('echo')!, seed: 1 })).toThrow(/objective availability>=0.99: the scenario reports no numeric figure "availability"; its numeric figures are: requests, answered, duplicate replies/);
  });

  it('rejects a fault time outside the run', () => {
    expect(() => audit({ faultAtUs: seconds(1) })).toThrow(new RangeError('invalid fault time 1s: expected a time inside the 1s run, after its start and before its end'));
    expect(() => audit({ untilUs: ms(500), faultAtUs: ms(600) })).toThrow(RangeError);
    expect(() => audit({ faultAtUs: 0 })).toThrow(RangeError);
    // At 1us the server is down before the first ping (5ms): no ping is ever answered.
    expect(audit({ faultAtUs: 1 }).runs[0]?.figures['availability']).toBe(0);
    expect(audit({ untilUs: ms(500) }).faultAtMs).toBe(100);
  });

  it('shows node ids alone when the scenario names too few nodes', () => {
    const result = audit({ params: { names: 'too-few' } });
    expect(result.nodes.map((node) => node.name)).toEqual(['node 0', 'node 1', 'node 2']);
    expect(result.runs.map((run) => run.fault?.label)).toEqual(['crash node 0', 'crash node 1', 'crash node 2', 'cut link 0-1', 'cut link 0-2']);
  });

  it('reports a run that throws as crashed, with the error, and goes on with the others', () => {
    const result = audit({ params: { explode: 'true' } });
    expect(result.runs.map((run) => run.status)).toEqual(['breaks', 'meets', 'crashed', 'breaks', 'breaks']);
    expect(result.runs[2]).toMatchObject({ verdict: 'crash', isSinglePointOfFailure: false, figures: {}, error: 'Error: client-b was missed' });
  });

  it('is a pure function of its inputs: the same audit twice is identical', () => {
    expect(audit({ seed: 3 })).toEqual(audit({ seed: 3 }));
  });
});
