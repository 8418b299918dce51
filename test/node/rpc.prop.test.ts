// Property: over a lossy, duplicating, reordering network with server crashes, every
// call ends exactly once, with its own reply or a timeout at exactly its deadline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { ok } from '../../src/node/call-result.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeId } from '../../src/node/node-api.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import type { ProcessHost } from '../../src/node/process-host.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';

interface PlannedCall {
  readonly client: number;
  readonly server: number;
  readonly startUs: number;
  readonly workUs: number;
  readonly timeoutUs: number;
}

interface Plan {
  readonly seed: number;
  readonly servers: number;
  readonly clients: number;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
  readonly calls: readonly PlannedCall[];
  readonly crashes: readonly { readonly server: number; readonly atUs: number; readonly downUs: number }[];
}

const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({ servers: fc.integer({ min: 1, max: 3 }), clients: fc.integer({ min: 1, max: 3 }) })
  .chain(({ servers, clients }) =>
    fc.record({
      seed: fc.nat(1_000_000),
      servers: fc.constant(servers),
      clients: fc.constant(clients),
      lossProbability: fc.constantFrom(0, 0.1, 0.3),
      duplicateProbability: fc.constantFrom(0, 0.2, 0.5),
      calls: fc.array(
        fc.record({
          client: fc.nat(clients - 1),
          server: fc.nat(servers - 1),
          startUs: fc.nat(5_000),
          workUs: fc.nat(2_000),
          timeoutUs: fc.integer({ min: 1, max: 4_000 }),
        }),
        { maxLength: 25 },
      ),
      crashes: fc.array(fc.record({ server: fc.nat(servers - 1), atUs: fc.nat(5_000), downUs: fc.integer({ min: 1, max: 2_000 }) }), { maxLength: 2 }),
    }),
  );

interface Ending {
  readonly call: number;
  readonly kind: string;
  readonly value: unknown;
  readonly atUs: number;
}

function runPlan(plan: Plan): Ending[] {
  const simulation = new Simulation(plan.seed);
  const cluster = new Cluster(simulation);
  cluster.network.setDefaultLink({
    latency: { kind: 'uniform', baseUs: 50, minUs: 0, maxUs: 600 },
    lossProbability: plan.lossProbability,
    duplicateProbability: plan.duplicateProbability,
    ordering: 'reorder',
  });
  for (let index = 0; index < plan.servers; index++) {
    cluster.addNode(() =>
      rpcNode<{ readonly call: number; readonly workUs: number }, number>({
        serve: function* (request) {
          yield* sleep(request.workUs);
          return ok(request.call);
        },
      }),
    );
  }
  const hosts: ProcessHost[] = [];
  for (let index = 0; index < plan.clients; index++) {
    cluster.addNode(() => {
      const behavior = rpcNode({});
      hosts[index] = behavior.host;
      return behavior;
    });
  }
  cluster.start();
  const endings: Ending[] = [];
  plan.calls.forEach((planned, index) => {
    const caller = function* (): Process<void> {
      const result = yield* call<number>(planned.server as NodeId, { call: index, workUs: planned.workUs }, { timeoutUs: planned.timeoutUs });
      endings.push({ call: index, kind: result.kind, value: result.kind === 'ok' ? result.reply : undefined, atUs: simulation.now });
    };
    simulation.scheduleAt(planned.startUs, () => hosts[planned.client]?.spawn(caller()), undefined);
  });
  for (const crash of plan.crashes) {
    simulation.scheduleAt(crash.atUs, () => cluster.crash(crash.server), undefined);
    simulation.scheduleAt(crash.atUs + crash.downUs, () => cluster.restart(crash.server), undefined);
  }
  simulation.runUntil(20_000);
  return endings;
}

describe('rpc property', () => {
  it('ends every call exactly once, with its own reply before the deadline or a timeout exactly at it', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const endings = runPlan(plan);
        expect(endings.map((ending) => ending.call).sort((a, b) => a - b)).toEqual(plan.calls.map((_, index) => index));
        for (const ending of endings) {
          const planned = plan.calls[ending.call] as PlannedCall;
          if (ending.kind === 'ok') {
            expect(ending.value).toBe(ending.call);
            expect(ending.atUs).toBeLessThan(planned.startUs + planned.timeoutUs);
            expect(ending.atUs).toBeGreaterThanOrEqual(planned.startUs + planned.workUs);
          } else {
            expect(ending.kind).toBe('timeout');
            expect(ending.atUs).toBe(planned.startUs + planned.timeoutUs);
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});
