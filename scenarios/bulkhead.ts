// bulkhead: one slow dependency must not starve the calls to a healthy one.
//
// For a learner: a ship's bulkheads keep one flooded compartment from sinking the ship.
// A frontend calls a slow and a healthy service through a limited pool of connections:
// shared, the slow calls take them all; split per service, the healthy one keeps its
// own. The description below says what to try.
import { assertNever } from '../src/engine/assert-never.ts';
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import { ok, type CallResult } from '../src/node/call-result.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { call, nodeContext, sleep, type Process } from '../src/node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../src/node/rpc-node.ts';
import { bulkhead, fallback, timeout, wrap, type GenericPolicy, type Policy } from '../src/patterns/index.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import { measuredRequest } from './support/measured-request.ts';
import { CLIENT_MAX_PROCESSES, openLoopLoad } from './support/open-loop-load.ts';
import { policyFromParams } from './support/pattern-parameters.ts';
import { RequestLog } from './support/request-log.ts';
import { declareResilienceSummary, describeFigures, type FaultWindow } from './support/resilience-figures.ts';
import { serviceNode } from './support/service-node.ts';

const FRONTEND: NodeId = 0;
const RECOMMENDATIONS: NodeId = 1;
const INVENTORY: NodeId = 2;
const FAULT: FaultWindow = { startUs: seconds(5), endUs: seconds(10) };
const DURATION = seconds(15);
const DEPENDENCY_WORK = ms(20);
const SLOW_WORK = ms(1_500);
/** The frontend's own threads: plenty, so that the outgoing connections are what runs out. */
const FRONTEND_POOL = { threads: 1_000, queue: 1_000 };
const DEPENDENCY_POOL = { threads: 200, queue: 200 };
const USER_PATIENCE = seconds(2);
const DEFAULT_RECOMMENDATIONS = 'best sellers';

export const BULKHEAD_LAYOUTS = ['shared', 'separate'] as const;
export type BulkheadLayout = (typeof BULKHEAD_LAYOUTS)[number];
type Dependency = 'recommendations' | 'inventory';

interface PageRequest {
  readonly needs: Dependency;
}

interface FrontendDesign {
  readonly layout: BulkheadLayout;
  readonly connections: number;
  readonly queue: number;
  readonly callTimeoutUs: Micros;
  readonly fallback: 'off' | 'on';
}

interface FrontendPolicies {
  readonly recommendations: Policy<string>;
  readonly inventory: Policy<string>;
  readonly fallbackAnswers: () => number;
}

/** The frontend's policies per dependency: a shared pool or one each, a timeout per call, an optional fallback. */
function frontendPolicies(design: FrontendDesign): FrontendPolicies {
  const perCall = (name: string): GenericPolicy => timeout({ durationUs: design.callTimeoutUs, name: `to-${name}` });
  let recommendationsPool: GenericPolicy;
  let inventoryPool: GenericPolicy;
  switch (design.layout) {
    case 'shared': {
      const shared = bulkhead({ maxConcurrent: design.connections, maxQueued: design.queue, name: 'shared-connections' });
      recommendationsPool = shared;
      inventoryPool = shared;
      break;
    }
    case 'separate': {
      // The same connections in all, split in two; an odd one goes to inventory.
      const half = Math.floor(design.connections / 2);
      const halfQueue = Math.floor(design.queue / 2);
      recommendationsPool = bulkhead({ maxConcurrent: half, maxQueued: halfQueue, name: 'recommendations-connections' });
      inventoryPool = bulkhead({ maxConcurrent: design.connections - half, maxQueued: design.queue - halfQueue, name: 'inventory-connections' });
      break;
    }
    default:
      return assertNever(design.layout);
  }
  const degrade = fallback<string>({ name: 'default-recommendations', answer: () => ok(DEFAULT_RECOMMENDATIONS) });
  const recommendations = design.fallback === 'on' ? wrap<string>(degrade, recommendationsPool, perCall('recommendations')) : wrap<string>(recommendationsPool, perCall('recommendations'));
  return {
    recommendations,
    inventory: wrap<string>(inventoryPool, perCall('inventory')),
    fallbackAnswers: () => degrade.snapshot().used,
  };
}

function dependencyNode(name: Dependency, isSlow: (nowUs: Micros) => boolean): RpcNodeBehavior<unknown, string> {
  return serviceNode<unknown, string>({
    name,
    ...DEPENDENCY_POOL,
    *handle() {
      const context = yield* nodeContext();
      yield* sleep(isSlow(context.now) ? SLOW_WORK : DEPENDENCY_WORK);
      return ok(name);
    },
  });
}

export default defineScenario({
  name: 'bulkhead',
  summary: 'a frontend calls a slow and a healthy service: a shared pool starves both, a bulkhead each keeps the healthy one up',
  description: [
    'Users load pages, 100 a second, half needing recommendations and half inventory. The',
    'frontend calls the service a page needs through 16 outgoing connections with a queue',
    'of 16, each call with a 1s timeout; a full pool refuses a call at once. From 5s to 10s',
    'recommendations takes 1.5s a call instead of 20ms; inventory stays healthy. A user',
    'gives up after 2s.',
    'With one pool for both (bulkheads=shared) the slow calls hold every connection, and',
    'calls to inventory wait behind them or are refused: one slow service starves a healthy',
    'one. With a bulkhead per service (bulkheads=separate: 8 connections and 8 places each)',
    'the slow calls fill only their own, and inventory keeps answering. fallback=on answers',
    'a failed recommendations call with a default list (a degraded answer counted as a',
    'success: see fallback answers).',
    'Try: bulkheads=shared, then separate; compare inventory success rate during fault;',
    'then fallback=on.',
    ...describeFigures('the end of the fault (10s)', (DURATION - FAULT.endUs) / 1000),
  ].join('\n'),
  durationUs: DURATION,
  params: {
    bulkheads: param.enum({ values: BULKHEAD_LAYOUTS, default: 'separate', description: 'one pool of connections for both services, or one per service' }),
    connections: param.int({ default: 16, min: 1, max: 10_000, description: 'outgoing connections in all (split in two when separate)' }),
    queue: param.int({ default: 16, min: 0, max: 10_000, description: 'calls that may wait for a connection, in all' }),
    callTimeout: param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'the frontend\'s timeout on each call' }),
    fallback: param.enum({ values: ['off', 'on'], default: 'off', description: 'answer a failed recommendations call with a default list' }),
    load: param.number({ default: 100, min: 1, max: 10_000, description: 'page requests per second' }),
  },
  setup(world, params) {
    const design: FrontendDesign = {
      layout: params.bulkheads,
      connections: params.connections,
      queue: params.queue,
      callTimeoutUs: params.callTimeout,
      fallback: params.fallback,
    };
    const buildPolicies = policyFromParams({ bulkheads: params.bulkheads, connections: params.connections, queue: params.queue }, () => frontendPolicies(design));
    const log = new RequestLog(() => world.simulation.now);
    let current: FrontendPolicies | undefined;
    world.cluster.addNode(() => {
      const policies = buildPolicies();
      current = policies;
      return serviceNode<PageRequest, string>({
        name: 'frontend',
        ...FRONTEND_POOL,
        handle(page) {
          const target = page.needs === 'recommendations' ? RECOMMENDATIONS : INVENTORY;
          // The timeout policy decides; the call's own limit only says nobody waits longer than the user.
          return policies[page.needs].execute(() => call<string>(target, page, { timeoutUs: USER_PATIENCE }));
        },
      });
    });
    world.cluster.addNode(() => dependencyNode('recommendations', (nowUs) => nowUs >= FAULT.startUs && nowUs < FAULT.endUs));
    world.cluster.addNode(() => dependencyNode('inventory', () => false));
    const random = world.random('load');
    world.cluster.addNode(() => {
      const request = function* (): Process<void> {
        const context = yield* nodeContext();
        const page: PageRequest = { needs: context.random.chance(0.5) ? 'recommendations' : 'inventory' };
        yield* measuredRequest<string>({ log, label: page.needs, policy: undefined, attempt: (): Process<CallResult<string>> => call<string>(FRONTEND, page, { timeoutUs: USER_PATIENCE }) });
      };
      return rpcNode({
        maxProcesses: CLIENT_MAX_PROCESSES,
        onStart: (host) => host.spawn(openLoopLoad({ ratePerSecond: () => params.load, random, request, refused: () => log.refuse('unclassified') }), 'users'),
      });
    });
    declareResilienceSummary(world, log, {
      fault: FAULT,
      duplicateEffects: () => 0,
      classes: ['recommendations', 'inventory'],
      extra: { 'fallback answers': () => current?.fallbackAnswers() ?? 0 },
    });
  },
});
