// replicated-db: clients call three stateless `api` nodes, and every api node reads and
// writes one database. With `db=replicated` the database has a replica, and the api
// nodes fail over to it when the primary stops answering.
//
// For a learner: copying a stateless service three times makes it survive the loss of
// any one copy, because a caller that times out simply tries another copy. But if all
// three copies depend on one database, that database is still a single point of
// failure: crash it and every request fails, however many api nodes there are. Run
// `faultline spof replicated-db` to see the audit find it, then
// `faultline spof replicated-db --set db=replicated` to see a replica with failover
// remove it. Failover here is driven by the api nodes: after `failover-after` timeouts
// in a row they switch to the other database node, which accepts writes from then on.
// Replication is asynchronous (the primary forwards each write and does not wait), so
// the price of this simple design is that the last writes before a crash can be lost,
// and an api node cut off from the primary alone writes to the replica while the others
// still write to the primary (split brain): availability bought with consistency.
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import { callError, ok, type CallResult } from '../src/node/call-result.ts';
import type { NodeContext, NodeId } from '../src/node/node-api.ts';
import { call, nodeContext, sleep, spawn, type Process } from '../src/node/process.ts';
import { rpcNode } from '../src/node/rpc-node.ts';
import { retry } from '../src/patterns/retry.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';

/** What the api nodes ask a database node for, and what clients ask the api nodes for. */
type DataRequest = { readonly type: 'read'; readonly key: number } | { readonly type: 'write'; readonly key: number; readonly value: number };

interface DataReply {
  /** The value read, or the value written; undefined for a key never written. */
  readonly value: number | undefined;
}

/** Sent by a database node to its peer for every write it takes (not an rpc: nobody waits for it). */
interface ReplicateMessage {
  readonly type: 'replicate';
  readonly key: number;
  readonly value: number;
}

type DatabaseRole = 'primary' | 'replica';

const API_NODES = 3;
/** How long a database node works on one request. */
const DATABASE_WORK_US = ms(1);
/** How long an api node works on one request before calling the database. */
const API_WORK_US = ms(1);
/** An api node tries the database at most this often per request (the second try may go to the other database node). */
const DATABASE_ATTEMPTS = 2;
/** A client tries at most this many api nodes per request, each a different one. */
const CLIENT_ATTEMPTS = 3;
/** Bounds a client's request loop; the run's length ends it long before. */
const MAX_REQUESTS_PER_CLIENT = 1_000_000;
/** The objective this scenario declares for `faultline spof` (a summary figure, read by the audit). */
const OBJECTIVE = 'availability>=0.99; latency p99 ms<=250';

/** Outcomes counted by whoever makes the calls: the scenario's measuring tape, not node state. */
interface CallTally {
  ok: number;
  failed: number;
}

interface Measurements {
  readonly requests: CallTally;
  readonly apiAttempts: CallTally;
  readonly databaseAttempts: CallTally;
  /** Latencies of successful client requests, in microseconds. */
  readonly latenciesUs: number[];
  failovers: number;
  promotions: number;
}

interface Timing {
  readonly clientTimeoutUs: Micros;
  readonly databaseTimeoutUs: Micros;
  readonly intervalUs: Micros;
  readonly failoverAfter: number;
  readonly writeRatio: number;
  readonly keys: number;
}

function isReplicateMessage(message: unknown): message is ReplicateMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'replicate';
}

function databaseNode(peer: NodeId | undefined, initialRole: DatabaseRole, measurements: Measurements) {
  // The role is durable: a promoted replica that restarts is still the primary.
  let role: DatabaseRole = initialRole;
  const store = (context: NodeContext, key: number, value: number): void => context.storage.set(`key:${key}`, value);
  return rpcNode<DataRequest, DataReply>({
    onStart: (_host, context) => {
      role = context.storage.get<DatabaseRole>('role') ?? initialRole;
    },
    serve: function* (request) {
      yield* sleep(DATABASE_WORK_US);
      const context = yield* nodeContext();
      if (request.type === 'read') return ok({ value: context.storage.get<number>(`key:${request.key}`) });
      if (role === 'replica') {
        // An api node failed over to us: from now on we take writes.
        role = 'primary';
        context.storage.set('role', role);
        measurements.promotions++;
        context.log('promoted to primary by a write');
      }
      store(context, request.key, request.value);
      if (peer !== undefined) context.send(peer, { type: 'replicate', key: request.key, value: request.value } satisfies ReplicateMessage);
      return ok({ value: request.value });
    },
    onMessage(context, _from, message) {
      if (isReplicateMessage(message)) store(context, message.key, message.value);
    },
    inspect: () => ({ role }),
  });
}

function apiNode(databases: readonly NodeId[], timing: Timing, measurements: Measurements) {
  // Volatile: which database node this api node uses, and how many calls to it timed out in a row.
  let target = 0;
  let timeoutsInRow = 0;
  const databasePolicy = retry({ maxAttempts: DATABASE_ATTEMPTS, backoff: { initialDelayUs: ms(1), maxDelayUs: ms(1), multiplier: 1, jitter: 'none' } });

  const noteTimeout = (context: NodeContext): void => {
    timeoutsInRow++;
    if (databases.length < 2 || timeoutsInRow < timing.failoverAfter) return;
    target = (target + 1) % databases.length;
    timeoutsInRow = 0;
    measurements.failovers++;
    context.log(`failover to database node ${databases[target]} after ${timing.failoverAfter} timeouts in a row`);
  };

  function* callDatabase(request: DataRequest): Process<CallResult<DataReply>> {
    const database = databases[target] as NodeId;
    const result = yield* call<DataReply>(database, request, { timeoutUs: timing.databaseTimeoutUs });
    if (result.kind === 'ok') {
      measurements.databaseAttempts.ok++;
      timeoutsInRow = 0;
      return result;
    }
    measurements.databaseAttempts.failed++;
    // A timeout from the node this api used before a failover says nothing about the new one.
    if (result.kind === 'timeout' && databases[target] === database) noteTimeout(yield* nodeContext());
    return result;
  }

  return rpcNode<DataRequest, DataReply>({
    serve: function* (request) {
      yield* sleep(API_WORK_US);
      const result = yield* databasePolicy.execute(() => callDatabase(request));
      if (result.kind === 'ok') return result;
      const context = yield* nodeContext();
      return callError('remote', context.id, 'the database did not answer');
    },
    inspect: () => ({ role: 'api', database: databases[target] }),
  });
}

function clientNode(clientIndex: number, apis: readonly NodeId[], timing: Timing, measurements: Measurements) {
  const apiPolicy = retry({ maxAttempts: CLIENT_ATTEMPTS, backoff: { initialDelayUs: ms(2), maxDelayUs: ms(10), multiplier: 2, jitter: 'full' } });

  function* attempt(api: NodeId, request: DataRequest): Process<CallResult<DataReply>> {
    const result = yield* call<DataReply>(api, request, { timeoutUs: timing.clientTimeoutUs });
    if (result.kind === 'ok') measurements.apiAttempts.ok++;
    else measurements.apiAttempts.failed++;
    return result;
  }

  function* oneRequest(index: number): Process<void> {
    const context = yield* nodeContext();
    const key = context.random.below(timing.keys);
    const request: DataRequest = context.random.chance(timing.writeRatio) ? { type: 'write', key, value: index } : { type: 'read', key };
    // Spread requests round-robin; every retry goes to the next api node.
    const first = clientIndex + index;
    const startUs = context.now;
    const result = yield* apiPolicy.execute((execution) => attempt(apis[(first + execution.attempt - 1) % apis.length] as NodeId, request));
    if (result.kind !== 'ok') {
      measurements.requests.failed++;
      return;
    }
    measurements.requests.ok++;
    measurements.latenciesUs.push(context.now - startUs);
  }

  function* workload(): Process<void> {
    for (let index = 0; index < MAX_REQUESTS_PER_CLIENT; index++) {
      yield* sleep(timing.intervalUs);
      // Open loop: a new request every interval, whether or not earlier ones have ended,
      // so an outage is measured by the requests it fails, not hidden by clients waiting.
      yield* spawn(oneRequest(index), 'request');
    }
  }

  return rpcNode({ onStart: (host) => host.spawn(workload(), 'workload'), inspect: () => ({ role: 'client' }) });
}

/** Nearest-rank percentile of latencies, in ms; 0 when there are none. */
function percentileMs(latenciesUs: readonly number[], percent: number): number {
  if (latenciesUs.length === 0) return 0;
  const sorted = latenciesUs.slice().sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return (sorted[rank - 1] as number) / 1000;
}

/** ok / (ok + failed); 1 when nothing ended, since nothing failed ('requests' shows it was empty). */
function availabilityOf(tally: CallTally): number {
  const ended = tally.ok + tally.failed;
  return ended === 0 ? 1 : tally.ok / ended;
}

export default defineScenario({
  name: 'replicated-db',
  summary: 'three api nodes share one database: a single point of failure, unless it has a replica',
  description: [
    'Clients call three stateless api nodes, retrying on another api node after a timeout;',
    'every api node reads and writes one database node. Losing one api node costs nothing',
    'but a retry. Losing the database fails every request: it is a single point of failure.',
    'With db=replicated a replica receives every write, and api nodes switch to it after',
    'failover-after timeouts in a row. Audit it with faultline spof replicated-db, with and',
    'without --set db=replicated. The report gives availability (requests that succeeded),',
    'per service (availability api, availability db: the calls to that service that succeeded),',
    'and latency percentiles of successful requests. Replication is asynchronous: failover',
    'keeps the service up but can lose the last writes, and can split the brain.',
  ].join('\n'),
  durationUs: seconds(10),
  params: {
    db: param.enum({ values: ['single', 'replicated'], default: 'single', description: 'one database node, or a primary and a replica with failover' }),
    clients: param.int({ default: 2, min: 1, max: 100, description: 'client nodes, each sending requests at a steady rate' }),
    interval: param.duration({ default: ms(10), min: ms(1), max: seconds(10), description: 'time between one client’s requests' }),
    'write-ratio': param.number({ default: 0.3, min: 0, max: 1, description: 'share of requests that are writes' }),
    'client-timeout': param.duration({ default: ms(100), min: ms(1), max: seconds(10), description: 'how long a client waits for an api node' }),
    'db-timeout': param.duration({ default: ms(25), min: ms(1), max: seconds(10), description: 'how long an api node waits for the database' }),
    'failover-after': param.int({ default: 2, min: 1, max: 100, description: 'timeouts in a row after which an api node switches database node' }),
  },
  setup(world, params) {
    world.network.setDefaultLink({
      latency: { kind: 'lognormal', baseUs: ms(1), medianUs: ms(2), sigma: 0.4 },
      lossProbability: 0,
      duplicateProbability: 0,
      ordering: 'reorder',
    });
    const timing: Timing = {
      clientTimeoutUs: params['client-timeout'],
      databaseTimeoutUs: params['db-timeout'],
      intervalUs: params.interval,
      failoverAfter: params['failover-after'],
      writeRatio: params['write-ratio'],
      keys: 100,
    };
    const measurements: Measurements = {
      requests: { ok: 0, failed: 0 },
      apiAttempts: { ok: 0, failed: 0 },
      databaseAttempts: { ok: 0, failed: 0 },
      latenciesUs: [],
      failovers: 0,
      promotions: 0,
    };
    const names: string[] = [];
    const isReplicated = params.db === 'replicated';
    const primary = 0;
    const replica = isReplicated ? 1 : undefined;
    world.cluster.addNode(() => databaseNode(replica, 'primary', measurements));
    names.push('db-primary');
    if (replica !== undefined) {
      world.cluster.addNode(() => databaseNode(primary, 'replica', measurements));
      names.push('db-replica');
    }
    const databases = replica === undefined ? [primary] : [primary, replica];
    const apis: NodeId[] = [];
    for (let index = 0; index < API_NODES; index++) {
      apis.push(world.cluster.addNode(() => apiNode(databases, timing, measurements)));
      names.push(`api-${index + 1}`);
    }
    for (let index = 0; index < params.clients; index++) {
      world.cluster.addNode(() => clientNode(index, apis, timing, measurements));
      names.push(`client-${index + 1}`);
    }
    world.summary('availability', () => availabilityOf(measurements.requests));
    world.summary('availability api', () => availabilityOf(measurements.apiAttempts));
    world.summary('availability db', () => availabilityOf(measurements.databaseAttempts));
    world.summary('requests', () => measurements.requests.ok + measurements.requests.failed);
    world.summary('failed requests', () => measurements.requests.failed);
    world.summary('latency p50 ms', () => percentileMs(measurements.latenciesUs, 50));
    world.summary('latency p99 ms', () => percentileMs(measurements.latenciesUs, 99));
    world.summary('throughput per s', () => (world.simulation.now === 0 ? 0 : measurements.requests.ok / (world.simulation.now / 1_000_000)));
    world.summary('failovers', () => measurements.failovers);
    world.summary('promotions', () => measurements.promotions);
    world.summary('objective', () => OBJECTIVE);
    world.summary('node names', () => names.join(', '));
  },
});
