// Test fixture: a three-tier rpc chain small enough to check by hand. A client sends one
// request every 100 ms to an api node, which asks a db node with a retry policy (4
// attempts, 20 ms apart, 50 ms per attempt). The db is cut off from 300 ms to 400 ms, so
// the requests in that window show lost messages, timeouts and retries; every link takes
// exactly 1 ms and the db works 2 ms per query, so every time is known in advance.
import { ms, seconds } from '../../src/engine/time.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { ok, type CallResult } from '../../src/node/call-result.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';
import { declareSlo, metricsOf, observabilityOf } from '../../src/obs/observability.ts';
import { retry } from '../../src/patterns/retry.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { param } from '../../src/scenario/params.ts';

export const DB = 0;
export const API = 1;
export const CLIENT = 2;
export const LINK_US = ms(1);
export const DB_WORK_US = ms(2);
export const PARTITION = { startUs: ms(300), endUs: ms(400) } as const;
export const ATTEMPT_TIMEOUT_US = ms(50);
export const RETRY_DELAY_US = ms(20);

const LINK: LinkConfig = { latency: { kind: 'constant', baseUs: LINK_US }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

interface Get {
  readonly type: 'get';
  readonly id: number;
}

export default defineScenario({
  name: 'tiny-rpc',
  summary: 'a client, an api and a db; the db is cut off for 100 ms',
  description: 'Test fixture for observability: a three-tier rpc chain with retries across a short partition.',
  durationUs: seconds(1),
  params: {
    requests: param.int({ default: 6, min: 1, max: 100, description: 'requests the client sends, 100 ms apart' }),
  },
  setup(world, params) {
    world.network.setDefaultLink(LINK);
    const queries = metricsOf(world.simulation).counter({ name: 'tiny_db_queries_total', help: 'Queries the db answered.', labelNames: ['table'] });
    world.cluster.addNode(() =>
      rpcNode<{ readonly type: 'query'; readonly id: number }, string>({
        serve: function* (query): Process<CallResult<string>> {
          yield* sleep(DB_WORK_US);
          queries.with('rows').inc();
          return ok(`row ${query.id}`);
        },
      }),
    );
    world.cluster.addNode(() => {
      const policy = retry({ maxAttempts: 4, backoff: { initialDelayUs: RETRY_DELAY_US, maxDelayUs: RETRY_DELAY_US, multiplier: 1, jitter: 'none' }, name: 'db-retry' });
      return rpcNode<Get, string>({
        serve: (request) => policy.execute(() => call<string>(DB, { type: 'query', id: request.id }, { timeoutUs: ATTEMPT_TIMEOUT_US })),
      });
    });
    world.cluster.addNode(() =>
      rpcNode({
        onStart: (host) =>
          host.spawn(
            (function* (): Process<void> {
              for (let id = 0; id < params.requests; id++) {
                yield* call<string>(API, { type: 'get', id } satisfies Get, { timeoutUs: ms(500) });
                yield* sleep(ms(100));
              }
            })(),
            'client',
          ),
      }),
    );
    world.faults = [
      { atUs: PARTITION.startUs, kind: 'partition', partition: { kind: 'isolate', node: DB } },
      { atUs: PARTITION.endUs, kind: 'heal' },
    ];
    const observability = observabilityOf(world.simulation);
    observability.nameNode(DB, 'db');
    observability.nameNode(API, 'api');
    observability.nameNode(CLIENT, 'client');
    declareSlo(world.simulation, { name: 'api answers in 50 ms', service: 'api', objective: 0.9, latencyUs: ms(50), windowUs: ms(300) });
  },
});
