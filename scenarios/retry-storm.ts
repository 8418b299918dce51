// retry-storm: many clients retry a service that was overloaded for two seconds.
//
// For a learner: a retry is one more request, sent when the service can least afford it.
// Naive retries keep the service down after the burst is over (a metastable failure);
// backoff alone spreads them out but makes as many; a retry budget caps them and lets
// the service recover. The description below says what to try.
import { assertNever } from '../src/engine/assert-never.ts';
import type { Random } from '../src/engine/rng.ts';
import type { Simulation } from '../src/engine/simulation.ts';
import { formatDurationExact, ms, seconds, type Micros } from '../src/engine/time.ts';
import { ok, type CallResult } from '../src/node/call-result.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { call, nodeContext, sleep, uniqueId, type Process } from '../src/node/process.ts';
import type { ProcessHostSnapshot } from '../src/node/process-host.ts';
import { rpcNode, type RpcNodeBehavior } from '../src/node/rpc-node.ts';
import { declarePeriod, declareSlo, observabilityOf } from '../src/obs/observability.ts';
import { JITTER_MODES, retry, retryBudget, type RetryPolicy } from '../src/patterns/index.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import { EffectLedger } from './support/effect-ledger.ts';
import { measuredRequest } from './support/measured-request.ts';
import { CLIENT_MAX_PROCESSES, openLoopLoad } from './support/open-loop-load.ts';
import { policyFromParams } from './support/pattern-parameters.ts';
import { RequestLog } from './support/request-log.ts';
import { declareResilienceSummary, describeFigures, type FaultWindow } from './support/resilience-figures.ts';
import { serviceNode } from './support/service-node.ts';

const SERVER: NodeId = 0;
const SERVER_THREADS = 4;
/** Service time per request, uniform: 40 ms on average, so the server serves about 100 requests a second. */
const SERVICE_MIN_US = ms(30);
const SERVICE_MAX_US = ms(50);
const BURST: FaultWindow = { startUs: seconds(5), endUs: seconds(7) };
const DURATION = seconds(40);

export const RETRY_MODES = ['none', 'naive', 'backoff', 'backoff-budget'] as const;
export type RetryMode = (typeof RETRY_MODES)[number];

interface Work {
  readonly key: string;
}

interface RetryChoice {
  readonly mode: RetryMode;
  readonly attempts: number;
  readonly backoffBaseUs: Micros;
  readonly backoffCapUs: Micros;
  readonly jitter: (typeof JITTER_MODES)[number];
  readonly budgetRatio: number;
}

/** The retry policy of one client incarnation, or undefined for a single attempt. */
function buildRetry(choice: RetryChoice): RetryPolicy | undefined {
  switch (choice.mode) {
    case 'none':
      return undefined;
    case 'naive':
      return retry({ maxAttempts: choice.attempts, backoff: { initialDelayUs: 0, maxDelayUs: 0, multiplier: 1, jitter: 'none' } });
    case 'backoff':
    case 'backoff-budget': {
      const backoff = { initialDelayUs: choice.backoffBaseUs, maxDelayUs: choice.backoffCapUs, multiplier: 2, jitter: choice.jitter };
      const budget = choice.mode === 'backoff-budget' ? retryBudget({ ratio: choice.budgetRatio, windowUs: seconds(1), minRetriesPerWindow: 1 }) : undefined;
      return retry({ maxAttempts: choice.attempts, backoff, budget });
    }
    default:
      return assertNever(choice.mode);
  }
}

function* serveWork(work: Work, effects: EffectLedger): Process<CallResult<string>> {
  const context = yield* nodeContext();
  yield* sleep(context.random.intInclusive(SERVICE_MIN_US, SERVICE_MAX_US));
  effects.apply(work.key);
  return ok(work.key);
}

interface ClientSettings {
  readonly ratePerSecond: (nowUs: Micros) => number;
  readonly attemptTimeoutUs: Micros;
  readonly random: Random;
  readonly log: RequestLog;
}

/** A client: requests at random moments, each with a fresh key, through its retry policy (if any). */
function clientNode(policy: RetryPolicy | undefined, settings: ClientSettings): RpcNodeBehavior<unknown, unknown> {
  const request = function* (): Process<void> {
    const work: Work = { key: yield* uniqueId() };
    const attempt = (): Process<CallResult<string>> => call<string>(SERVER, work, { timeoutUs: settings.attemptTimeoutUs });
    yield* measuredRequest<string>({ log: settings.log, label: 'request', key: work.key, policy, attempt });
  };
  return rpcNode({
    maxProcesses: CLIENT_MAX_PROCESSES,
    onStart: (host) =>
      host.spawn(openLoopLoad({ ratePerSecond: settings.ratePerSecond, random: settings.random, request, refused: () => settings.log.refuse('request') }), 'load'),
  });
}

/** What reports show (`--export html=...`): lane names, the burst, the clients' SLO. Changes nothing in the run. */
function declareObservation(simulation: Simulation, clients: readonly NodeId[], burst: number): void {
  const observability = observabilityOf(simulation);
  observability.nameNode(SERVER, 'server');
  for (const client of clients) observability.nameNode(client, 'client');
  declarePeriod(simulation, { description: `load x${burst}`, startUs: BURST.startUs, endUs: BURST.endUs });
  declareSlo(simulation, { name: 'clients: 99% ok within 500ms', service: 'server', objective: 0.99, latencyUs: ms(500), windowUs: seconds(5) });
}

/** Replies a client received after its call had given up, read from the node's snapshot (0 while it is down). */
function lateRepliesOf(snapshot: unknown): number {
  return (snapshot as { processes?: ProcessHostSnapshot } | undefined)?.processes?.unmatchedReplies ?? 0;
}

export default defineScenario({
  name: 'retry-storm',
  summary: 'clients retry a briefly overloaded service: naive retries keep it down, a retry budget lets it recover',
  description: [
    'Clients send requests at random (Poisson) moments, 60 a second in all, to one server',
    'with 4 threads and a queue of 1000; a request takes 30 to 50ms, so the server serves',
    'about 100 a second. From 5s to 7s the load triples. A client waits 1s per attempt.',
    'The burst fills the queue, requests wait past 1s, and the clients retry. Naive retries',
    '(retries=naive: up to 4 attempts, no pause) keep the server down long after the burst:',
    'it spends its threads on requests whose clients gave up (late replies), while retries',
    'keep the queue full. That is a metastable failure: the trigger is gone, the retries',
    'sustain it. Backoff with jitter (retries=backoff: 100ms, 200ms, ... up to 2s) spreads',
    'retries out but makes as many, and new users keep coming, so it stays down too. A',
    'retry budget (retries=backoff-budget: retries at most a tenth of a client\'s requests',
    'in the last second, plus one) caps the extra load, and the queue drains.',
    'Try: retries=naive, backoff, backoff-budget and none; compare recovery ms and retry',
    'amplification; then vary budgetRatio, attempts or burst.',
    'See the incident: --export html=retry-storm.html shades the burst, charts latency and marks exhausted retry budgets.',
    ...describeFigures('the end of the burst (7s)', (DURATION - BURST.endUs) / 1000),
    'late replies: answers that came after their client had given up (wasted work).',
  ].join('\n'),
  durationUs: DURATION,
  params: {
    retries: param.enum({ values: RETRY_MODES, default: 'backoff-budget', description: 'how clients retry: not at all, at once, with backoff, with backoff and a retry budget' }),
    clients: param.int({ default: 10, min: 1, max: 1_000, description: 'client nodes (the load is shared among them; each has its own budget)' }),
    load: param.number({ default: 60, min: 1, max: 10_000, description: 'requests per second from all clients together, outside the burst' }),
    burst: param.number({ default: 3, min: 1, max: 100, description: 'load multiplier from 5s to 7s' }),
    attempts: param.int({ default: 4, min: 1, max: 20, description: 'attempts per request, the first included (retrying modes)' }),
    attemptTimeout: param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'how long a client waits for one attempt' }),
    backoffBase: param.duration({ default: ms(100), min: 0, max: seconds(60), description: 'delay before the first retry (backoff modes), doubled per retry' }),
    backoffCap: param.duration({ default: seconds(2), min: 0, max: seconds(600), description: 'longest delay between attempts (backoff modes)' }),
    jitter: param.enum({ values: JITTER_MODES, default: 'full', description: 'jitter of the backoff delays' }),
    budgetRatio: param.number({ default: 0.1, min: 0, max: 1, description: 'retries allowed per request in a 1s window (backoff-budget)' }),
    queue: param.int({ default: 1_000, min: 0, max: 100_000, description: 'requests that may wait for a server thread' }),
  },
  setup(world, params) {
    const choice: RetryChoice = {
      mode: params.retries,
      attempts: params.attempts,
      backoffBaseUs: params.backoffBase,
      backoffCapUs: params.backoffCap,
      jitter: params.jitter,
      budgetRatio: params.budgetRatio,
    };
    const buildClientRetry = policyFromParams(
      { retries: params.retries, attempts: params.attempts, backoffBase: formatDurationExact(params.backoffBase), backoffCap: formatDurationExact(params.backoffCap) },
      () => buildRetry(choice),
    );
    const effects = new EffectLedger();
    const log = new RequestLog(() => world.simulation.now);
    world.cluster.addNode(() =>
      serviceNode<Work, string>({ name: 'server', threads: SERVER_THREADS, queue: params.queue, handle: (work) => serveWork(work, effects) }),
    );
    const ratePerClient = (nowUs: Micros): number => (params.load / params.clients) * (nowUs >= BURST.startUs && nowUs < BURST.endUs ? params.burst : 1);
    const clients: NodeId[] = [];
    for (let index = 0; index < params.clients; index++) {
      const random = world.random(`load:${index}`);
      const settings: ClientSettings = { ratePerSecond: ratePerClient, attemptTimeoutUs: params.attemptTimeout, random, log };
      clients.push(world.cluster.addNode(() => clientNode(buildClientRetry(), settings)));
    }
    declareObservation(world.simulation, clients, params.burst);
    const lateReplies = (): number => clients.reduce((sum, client) => sum + lateRepliesOf(world.cluster.inspect(client)), 0);
    declareResilienceSummary(world, log, {
      fault: BURST,
      duplicateEffects: () => effects.duplicateEffects,
      extra: { 'late replies': lateReplies },
    });
  },
});
