// overload: more requests than the server can serve; shedding keeps the critical ones fast.
//
// For a learner: first come, first served under overload means everyone is served late.
// Graceful degradation chooses what to drop: a load shedder serves critical requests
// first and refuses the rest early, so the critical class keeps its latency objective.
// The description below says what to try.
import { assertNever } from '../src/engine/assert-never.ts';
import { formatDurationExact, ms, seconds, type Micros } from '../src/engine/time.ts';
import { ok } from '../src/node/call-result.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { call, nodeContext, sleep, type Process } from '../src/node/process.ts';
import { rpcNode } from '../src/node/rpc-node.ts';
import { bulkhead, loadShedder, type GenericPolicy, type Priority } from '../src/patterns/index.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import { measuredRequest } from './support/measured-request.ts';
import { CLIENT_MAX_PROCESSES, openLoopLoad } from './support/open-loop-load.ts';
import { policyFromParams } from './support/pattern-parameters.ts';
import { isEnded, RequestLog } from './support/request-log.ts';
import { declareResilienceSummary, describeFigures, NO_RATE, type FaultWindow } from './support/resilience-figures.ts';
import { serviceNode } from './support/service-node.ts';

const SERVER: NodeId = 0;
const OVERLOAD: FaultWindow = { startUs: seconds(3), endUs: seconds(9) };
const DURATION = seconds(15);
/** 8 threads, 80 ms a request on average: about 100 requests a second. */
const THREADS = 8;
const WORK_MIN_US = ms(60);
const WORK_MAX_US = ms(100);
const QUEUE = 200;
const USER_PATIENCE = seconds(1);

export const SHEDDING_MODES = ['off', 'on'] as const;

interface Job {
  readonly priority: Priority;
}

interface ServerDesign {
  readonly shedding: (typeof SHEDDING_MODES)[number];
  readonly targetWaitUs: Micros;
}

function serverPool(design: ServerDesign): GenericPolicy {
  switch (design.shedding) {
    case 'off':
      return bulkhead({ maxConcurrent: THREADS, maxQueued: QUEUE, name: 'server-threads' });
    case 'on':
      return loadShedder({ maxConcurrent: THREADS, maxQueued: QUEUE, targetWaitUs: design.targetWaitUs, name: 'server-shedder' });
    default:
      return assertNever(design.shedding);
  }
}

export default defineScenario({
  name: 'overload',
  summary: 'load above capacity: a load shedder keeps critical requests within their objective and sheds the rest',
  description: [
    'Users send requests at random moments, 60 a second, 30% of them critical, to one server',
    'with 8 threads and a queue of 200; a request takes 60 to 100ms, so the server serves',
    'about 100 a second. From 3s to 9s the load is 200 a second. A user gives up after 1s.',
    'First come, first served (shedding=off), the queue grows, every request waits in it,',
    'and critical requests time out with the rest. A load shedder (shedding=on) serves',
    'critical requests first and, once the oldest queued request has waited more than',
    'targetWait (50ms), refuses normal ones at once: cheap and early instead of late and',
    'useless. Critical requests keep their latency objective (300ms); normal ones absorb',
    'the cut. critical within objective: the share of critical requests that succeeded',
    'within the objective.',
    'Try: shedding=off, then on; compare critical latency p99 ms and critical within',
    'objective; then vary targetWait or criticalShare.',
    ...describeFigures('the end of the overload (9s)', (DURATION - OVERLOAD.endUs) / 1000),
  ].join('\n'),
  durationUs: DURATION,
  params: {
    shedding: param.enum({ values: SHEDDING_MODES, default: 'on', description: 'first come first served (off), or a priority load shedder (on)' }),
    load: param.number({ default: 60, min: 1, max: 10_000, description: 'requests per second outside the overload' }),
    overloadLoad: param.number({ default: 200, min: 1, max: 10_000, description: 'requests per second from 3s to 9s' }),
    criticalShare: param.number({ default: 0.3, min: 0, max: 1, description: 'share of requests that are critical' }),
    targetWait: param.duration({ default: ms(50), min: 0, max: seconds(60), description: 'queue wait above which the shedder refuses normal requests' }),
    objective: param.duration({ default: ms(300), min: ms(1), max: seconds(60), description: 'latency objective of critical requests (for the figures)' }),
  },
  setup(world, params) {
    const design: ServerDesign = { shedding: params.shedding, targetWaitUs: params.targetWait };
    const buildPool = policyFromParams({ shedding: params.shedding, targetWait: formatDurationExact(params.targetWait) }, () => serverPool(design));
    const log = new RequestLog(() => world.simulation.now);
    world.cluster.addNode(() =>
      serviceNode<Job, string>({
        name: 'server',
        threads: THREADS,
        queue: QUEUE,
        pool: buildPool,
        executionOf: (job) => ({ attempt: 1, priority: job.priority }),
        *handle() {
          const context = yield* nodeContext();
          yield* sleep(context.random.intInclusive(WORK_MIN_US, WORK_MAX_US));
          return ok('done');
        },
      }),
    );
    const random = world.random('load');
    const rate = (nowUs: Micros): number => (nowUs >= OVERLOAD.startUs && nowUs < OVERLOAD.endUs ? params.overloadLoad : params.load);
    world.cluster.addNode(() => {
      const request = function* (): Process<void> {
        const context = yield* nodeContext();
        const job: Job = { priority: context.random.chance(params.criticalShare) ? 'critical' : 'normal' };
        yield* measuredRequest<string>({ log, label: job.priority, policy: undefined, attempt: () => call<string>(SERVER, job, { timeoutUs: USER_PATIENCE }) });
      };
      return rpcNode({
        maxProcesses: CLIENT_MAX_PROCESSES,
        onStart: (host) => host.spawn(openLoopLoad({ ratePerSecond: rate, random, request, refused: () => log.refuse('unclassified') }), 'users'),
      });
    });
    const criticalWithinObjective = (): number => {
      const critical = log.records.filter(isEnded).filter((record) => record.label === 'critical');
      if (critical.length === 0) return NO_RATE;
      const within = critical.filter((record) => record.outcome === 'ok' && record.endUs - record.startUs <= params.objective).length;
      return Math.round((within / critical.length) * 10_000) / 10_000;
    };
    declareResilienceSummary(world, log, {
      fault: OVERLOAD,
      duplicateEffects: () => 0,
      classes: ['critical', 'normal'],
      extra: { 'critical objective ms': () => params.objective / 1000, 'critical within objective': criticalWithinObjective },
    });
  },
});
