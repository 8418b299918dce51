// cascade: a synchronous chain gateway -> orders -> payments, where payments slows down.
//
// For a learner: a slow dependency holds its callers' threads; without timeouts the
// threads run out one service after another, and requests that never needed payments
// fail too. Timeouts give the threads back; a circuit breaker fails fast and lets the
// dependency recover. The description below says what to try.
import { assertNever } from '../src/engine/assert-never.ts';
import type { Random } from '../src/engine/rng.ts';
import type { Simulation } from '../src/engine/simulation.ts';
import { formatDurationExact, ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import { ok, type CallResult } from '../src/node/call-result.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { call, nodeContext, sleep, uniqueId, type Process } from '../src/node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../src/node/rpc-node.ts';
import { declarePeriod, declareSlo, observabilityOf } from '../src/obs/observability.ts';
import { circuitBreaker, timeout, wrap, type GenericPolicy } from '../src/patterns/index.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import { EffectLedger } from './support/effect-ledger.ts';
import { measuredRequest } from './support/measured-request.ts';
import { CLIENT_MAX_PROCESSES, openLoopLoad } from './support/open-loop-load.ts';
import { policyFromParams } from './support/pattern-parameters.ts';
import { RequestLog } from './support/request-log.ts';
import { declareResilienceSummary, describeFigures, type FaultWindow } from './support/resilience-figures.ts';
import { serviceNode } from './support/service-node.ts';

const GATEWAY: NodeId = 0;
const ORDERS: NodeId = 1;
const PAYMENTS: NodeId = 2;
const FAULT: FaultWindow = { startUs: seconds(5), endUs: seconds(10) };
const DURATION = seconds(20);
/** What a call waits when nobody chose a timeout: many HTTP clients default to 30 s or more. */
const LIBRARY_DEFAULT_TIMEOUT = seconds(30);
/** How long a user waits for the gateway before giving up; not part of the design under test. */
const USER_PATIENCE = seconds(2);
const CHECKOUT_SHARE = 0.25;
const GATEWAY_WORK = ms(1);
const ORDERS_WORK = ms(5);
const CHARGE_WORK = ms(20);
const SLOW_CHARGE_WORK = seconds(2);
const POOLS = {
  gateway: { threads: 32, queue: 64 },
  orders: { threads: 8, queue: 32 },
  payments: { threads: 8, queue: 64 },
} as const;

export const CASCADE_FAULTS = ['slow', 'hang'] as const;
type CascadeFault = (typeof CASCADE_FAULTS)[number];

type ShopRequest = { readonly type: 'browse' } | { readonly type: 'checkout'; readonly key: string };
type ChargeRequest = { readonly key: string };

function isSlow(nowUs: Micros, fault: CascadeFault): boolean {
  return fault === 'slow' && nowUs >= FAULT.startUs && nowUs < FAULT.endUs;
}

interface CascadeDesign {
  readonly timeouts: 'off' | 'on';
  readonly breaker: 'off' | 'on';
  readonly ordersTimeoutUs: Micros;
  readonly paymentsTimeoutUs: Micros;
  readonly breakerWindow: number;
  readonly breakerVolume: number;
  readonly breakerOpenUs: Micros;
}

/** The gateway's policy for calls to orders. */
function gatewayPolicy(design: CascadeDesign): GenericPolicy | undefined {
  return design.timeouts === 'on' ? timeout({ durationUs: design.ordersTimeoutUs, name: 'to-orders' }) : undefined;
}

/** Orders' policy for calls to payments: breaker outside the timeout, so a timeout counts as a failure. */
function ordersPolicy(design: CascadeDesign): GenericPolicy | undefined {
  const policies: GenericPolicy[] = [];
  if (design.breaker === 'on') {
    policies.push(
      circuitBreaker({
        name: 'to-payments',
        trip: { kind: 'failure-rate', threshold: 0.5, windowSize: design.breakerWindow, minimumVolume: design.breakerVolume },
        openDuration: { kind: 'fixed', durationUs: design.breakerOpenUs },
        halfOpenProbes: 3,
      }),
    );
  }
  if (design.timeouts === 'on') policies.push(timeout({ durationUs: design.paymentsTimeoutUs, name: 'to-payments' }));
  return policies.length === 0 ? undefined : wrap(...policies);
}

export default defineScenario({
  name: 'cascade',
  summary: 'gateway -> orders -> payments: a slow payments service takes the chain down without timeouts and a breaker',
  description: [
    'Users browse (75%) and check out (25%), 80 requests a second, through a gateway (32',
    'threads, queue 64) to orders (8 threads, queue 32); a checkout also makes orders call',
    'payments (8 threads, queue 64). Every call is synchronous and holds a thread until it',
    'is answered. From 5s to 10s a charge takes 2s instead of 20ms (fault=slow) or payments',
    'is paused (fault=hang). A user gives up after 2s.',
    'Without timeouts (timeouts=off: calls wait up to 30s, a common library default) the',
    'orders threads all wait for payments, its queue fills, and browsing, which never needs',
    'payments, fails too: the whole chain is down. With timeouts (orders waits 250ms for',
    'payments, the gateway 1s for orders) the threads come back; with a breaker too',
    '(breaker=on: open for 1s once half of the last 20 calls failed, at least 10; then 3',
    'probes) checkouts fail at once, payments is spared (calls to payments during fault),',
    'and probes notice when it is back. A breaker without timeouts sees no failure in time.',
    'Try: timeouts=off breaker=off, then timeouts=on, then both; compare browse success',
    'rate during fault and calls to payments during fault; then fault=hang.',
    'See the incident: --export html=cascade.html shades the fault, charts latency and marks each breaker opening.',
    ...describeFigures('the end of the fault (10s)', (DURATION - FAULT.endUs) / 1000),
  ].join('\n'),
  durationUs: DURATION,
  params: {
    timeouts: param.enum({ values: ['off', 'on'], default: 'on', description: 'timeouts on the calls to orders and to payments (off: the 30s library default)' }),
    breaker: param.enum({ values: ['off', 'on'], default: 'on', description: 'a circuit breaker on orders\' calls to payments' }),
    fault: param.enum({ values: CASCADE_FAULTS, default: 'slow', description: 'payments is 100x slower from 5s to 10s, or paused (hang) then' }),
    load: param.number({ default: 80, min: 1, max: 10_000, description: 'user requests per second' }),
    ordersTimeout: param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'the gateway\'s timeout on calls to orders (timeouts=on)' }),
    paymentsTimeout: param.duration({ default: ms(250), min: ms(1), max: seconds(60), description: 'orders\' timeout on calls to payments (timeouts=on)' }),
    breakerWindow: param.int({ default: 20, min: 1, max: 10_000, description: 'calls the breaker\'s failure rate is computed over' }),
    breakerVolume: param.int({ default: 10, min: 1, max: 10_000, description: 'calls the window must hold before the breaker may open' }),
    breakerOpen: param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'how long the breaker stays open before it probes' }),
  },
  setup(world, params) {
    const design: CascadeDesign = {
      timeouts: params.timeouts,
      breaker: params.breaker,
      ordersTimeoutUs: params.ordersTimeout,
      paymentsTimeoutUs: params.paymentsTimeout,
      breakerWindow: params.breakerWindow,
      breakerVolume: params.breakerVolume,
      breakerOpenUs: params.breakerOpen,
    };
    const buildGatewayPolicy = policyFromParams({ timeouts: params.timeouts, ordersTimeout: formatDurationExact(params.ordersTimeout) }, () => gatewayPolicy(design));
    const buildOrdersPolicy = policyFromParams(
      {
        breaker: params.breaker,
        breakerWindow: params.breakerWindow,
        breakerVolume: params.breakerVolume,
        breakerOpen: formatDurationExact(params.breakerOpen),
        paymentsTimeout: formatDurationExact(params.paymentsTimeout),
      },
      () => ordersPolicy(design),
    );
    const tally: CascadeTally = { charges: new EffectLedger(), paymentCallsDuringFault: 0 };
    const log = new RequestLog(() => world.simulation.now);
    world.cluster.addNode(() => gatewayNode(buildGatewayPolicy()));
    world.cluster.addNode(() => ordersNode(buildOrdersPolicy(), tally));
    world.cluster.addNode(() => paymentsNode(params.fault, tally));
    const random = world.random('load');
    const users = world.cluster.addNode(() => usersNode(log, params.load, random));
    world.faults = faultsFor(params.fault);
    declareObservation(world.simulation, users, params.fault);
    declareResilienceSummary(world, log, {
      fault: FAULT,
      duplicateEffects: () => tally.charges.duplicateEffects,
      classes: ['browse', 'checkout'],
      extra: { 'calls to payments during fault': () => tally.paymentCallsDuringFault },
    });
  },
});

/** What reports show (`--export html=...`): lane names, the fault window, the users' SLO. Changes nothing in the run. */
function declareObservation(simulation: Simulation, users: NodeId, fault: CascadeFault): void {
  const observability = observabilityOf(simulation);
  observability.nameNode(GATEWAY, 'gateway');
  observability.nameNode(ORDERS, 'orders');
  observability.nameNode(PAYMENTS, 'payments');
  observability.nameNode(users, 'users');
  // A pause shows in the trace by itself; a slow payments service does not.
  if (fault === 'slow') declarePeriod(simulation, { description: 'payments 100x slower', startUs: FAULT.startUs, endUs: FAULT.endUs });
  declareSlo(simulation, { name: 'users: 99% ok within 200ms', service: 'gateway', objective: 0.99, latencyUs: ms(200), windowUs: seconds(2) });
}

/** What the services did, seen from outside: charges made, and calls orders sent to payments during the fault. */
interface CascadeTally {
  readonly charges: EffectLedger;
  paymentCallsDuringFault: number;
}

function gatewayNode(toOrders: GenericPolicy | undefined): RpcNodeBehavior<ShopRequest, string> {
  return serviceNode<ShopRequest, string>({
    name: 'gateway',
    ...POOLS.gateway,
    *handle(request) {
      yield* sleep(GATEWAY_WORK);
      const attempt = (): Process<CallResult<string>> => call<string>(ORDERS, request, { timeoutUs: LIBRARY_DEFAULT_TIMEOUT });
      return toOrders === undefined ? yield* attempt() : yield* toOrders.execute(attempt);
    },
  });
}

function ordersNode(toPayments: GenericPolicy | undefined, tally: CascadeTally): RpcNodeBehavior<ShopRequest, string> {
  const chargeCall = function* (key: string): Process<CallResult<string>> {
    const context = yield* nodeContext();
    if (context.now >= FAULT.startUs && context.now < FAULT.endUs) tally.paymentCallsDuringFault++;
    return yield* call<string>(PAYMENTS, { key } satisfies ChargeRequest, { timeoutUs: LIBRARY_DEFAULT_TIMEOUT });
  };
  return serviceNode<ShopRequest, string>({
    name: 'orders',
    ...POOLS.orders,
    *handle(request) {
      yield* sleep(ORDERS_WORK);
      switch (request.type) {
        case 'browse':
          return ok('catalogue');
        case 'checkout': {
          const charged = toPayments === undefined ? yield* chargeCall(request.key) : yield* toPayments.execute(() => chargeCall(request.key));
          return charged.kind === 'ok' ? ok('ordered') : charged;
        }
        default:
          return assertNever(request);
      }
    },
  });
}

function paymentsNode(fault: CascadeFault, tally: CascadeTally): RpcNodeBehavior<ChargeRequest, string> {
  return serviceNode<ChargeRequest, string>({
    name: 'payments',
    ...POOLS.payments,
    *handle(charge) {
      const context = yield* nodeContext();
      yield* sleep(isSlow(context.now, fault) ? SLOW_CHARGE_WORK : CHARGE_WORK);
      tally.charges.apply(charge.key);
      return ok('charged');
    },
  });
}

function usersNode(log: RequestLog, ratePerSecond: number, random: Random): RpcNodeBehavior<unknown, unknown> {
  const request = function* (): Process<void> {
    const context = yield* nodeContext();
    const body: ShopRequest = context.random.chance(CHECKOUT_SHARE) ? { type: 'checkout', key: yield* uniqueId() } : { type: 'browse' };
    yield* measuredRequest<string>({ log, label: body.type, policy: undefined, attempt: () => call<string>(GATEWAY, body, { timeoutUs: USER_PATIENCE }) });
  };
  return rpcNode({
    maxProcesses: CLIENT_MAX_PROCESSES,
    onStart: (host) => host.spawn(openLoopLoad({ ratePerSecond: () => ratePerSecond, random, request, refused: () => log.refuse('unclassified') }), 'users'),
  });
}

function faultsFor(fault: CascadeFault): FaultSchedule {
  switch (fault) {
    case 'slow':
      return [];
    case 'hang':
      return [{ atUs: FAULT.startUs, kind: 'pause', node: PAYMENTS, durationUs: FAULT.endUs - FAULT.startUs }];
    default:
      return assertNever(fault);
  }
}
