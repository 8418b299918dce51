// payments: duplicate deliveries, lost acknowledgements and client retries against a
// payment service. Without idempotency, customers are charged twice; with it, never.
//
// For a learner: a client that hears nothing back retries, and cannot know whether the
// first attempt charged the customer. Idempotency keys let the service recognise a
// payment it has already made and answer it again without charging; the store of
// answers must survive a crash. The description below says what to try.
import type { Random } from '../src/engine/rng.ts';
import { formatDurationExact, ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import type { LinkConfig } from '../src/net/link.ts';
import { ok, type CallResult } from '../src/node/call-result.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { call, sleep, uniqueId, type Process } from '../src/node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../src/node/rpc-node.ts';
import { idempotencyStore, retry, type IdempotencyRetention, type IdempotencyStore, type RetryPolicy } from '../src/patterns/index.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';
import { EffectLedger } from './support/effect-ledger.ts';
import { measuredRequest } from './support/measured-request.ts';
import { CLIENT_MAX_PROCESSES, openLoopLoad } from './support/open-loop-load.ts';
import { policyFromParams } from './support/pattern-parameters.ts';
import { isEnded, RequestLog } from './support/request-log.ts';
import { declareResilienceSummary, describeFigures, type FaultWindow } from './support/resilience-figures.ts';
import { serviceNode } from './support/service-node.ts';

const PAYMENTS: NodeId = 0;
/** A loss burst from 3s to 5s; the payment service crashes at 4.8s, near its end, and restarts at 5.3s. */
const LOSS_BURST = { atUs: seconds(3), durationUs: seconds(2), probability: 0.5 } as const;
const CRASH_AT = ms(4_800);
const RESTART_AT = ms(5_300);
const FAULT: FaultWindow = { startUs: LOSS_BURST.atUs, endUs: RESTART_AT };
const DURATION = seconds(12);
const CHARGE_WORK = ms(15);
const POOL = { threads: 8, queue: 100 };
const LINK: LinkConfig = { latency: { kind: 'uniform', baseUs: ms(1), minUs: 0, maxUs: ms(4) }, lossProbability: 0, duplicateProbability: 0, ordering: 'reorder' };
const STORE = { maxEntries: 100_000, expiryUs: seconds(600) };

interface Payment {
  /** The idempotency key: one per payment, the same in every attempt. */
  readonly key: string;
}

interface Receipt {
  readonly key: string;
}

interface PaymentsDesign {
  readonly idempotency: 'off' | 'on';
  readonly retention: IdempotencyRetention;
}

function buildStore(design: PaymentsDesign): IdempotencyStore | undefined {
  return design.idempotency === 'on' ? idempotencyStore({ ...STORE, retention: design.retention, name: 'payments' }) : undefined;
}

function buildClientRetry(attempts: number, backoffBaseUs: Micros): RetryPolicy {
  return retry({ maxAttempts: attempts, backoff: { initialDelayUs: backoffBaseUs, maxDelayUs: seconds(1), multiplier: 2, jitter: 'full' } });
}

/** The effect and its answer in one step, as the idempotency store requires: no wait between charging and returning. */
function* charge(payment: Payment, charges: EffectLedger): Process<CallResult<Receipt>> {
  yield* sleep(CHARGE_WORK);
  charges.apply(payment.key);
  return ok({ key: payment.key });
}

export default defineScenario({
  name: 'payments',
  summary: 'duplicates, lost acks and retries against a payment service: idempotency keys stop double charges',
  description: [
    'Customers pay at random moments, 30 payments a second in all, to one payment service',
    '(8 threads, queue 100, 15ms a charge). The network delivers 5% of requests twice and',
    'loses 10% of the answers; from 3s to 5s it loses half of all messages; the service',
    'crashes at 4.8s and restarts at 5.3s. A client waits 300ms for an answer and makes up',
    'to 5 attempts, backing off 50ms, 100ms, ... with full jitter.',
    'A client that hears nothing cannot tell a lost charge from a lost answer, so it',
    'retries; a server that charges every request it receives (idempotency=off) charges',
    'some customers twice. With idempotency keys (idempotency=on) each payment carries one',
    'key, and the service answers a key it has seen with the stored result, charging once.',
    'The store must survive the crash: store=volatile keeps it in memory, and a retry that',
    'arrives after the restart is charged again.',
    'Checked at the end: no customer charged twice; every payment acknowledged was charged.',
    'Try: idempotency=off (the run fails and names who was charged twice), then on, then',
    'store=volatile; compare duplicate effects and charged but reported failed (charges',
    'whose client was told the payment failed).',
    ...describeFigures('the restart (5.3s)', (DURATION - FAULT.endUs) / 1000),
  ].join('\n'),
  durationUs: DURATION,
  params: {
    idempotency: param.enum({ values: ['off', 'on'], default: 'on', description: 'idempotency keys and a store of results on the payment service' }),
    store: param.enum({ values: ['durable', 'volatile'], default: 'durable', description: 'where the idempotency store keeps results: on disk, or in memory (lost in the crash)' }),
    customers: param.int({ default: 5, min: 1, max: 1_000, description: 'client nodes, one customer each' }),
    load: param.number({ default: 30, min: 1, max: 10_000, description: 'payments per second from all customers together' }),
    duplicates: param.number({ default: 0.05, min: 0, max: 1, description: 'probability the network delivers a request twice' }),
    ackLoss: param.number({ default: 0.1, min: 0, max: 1, description: 'probability an answer from the service is lost' }),
    attempts: param.int({ default: 5, min: 1, max: 20, description: 'attempts per payment, the first included' }),
    attemptTimeout: param.duration({ default: ms(300), min: ms(1), max: seconds(60), description: 'how long a client waits for one attempt' }),
    backoffBase: param.duration({ default: ms(50), min: 0, max: seconds(60), description: 'delay before the first retry, doubled per retry (capped at 1s)' }),
  },
  setup(world, params) {
    const design: PaymentsDesign = { idempotency: params.idempotency, retention: params.store };
    const buildPaymentsStore = policyFromParams({ idempotency: params.idempotency, store: params.store }, () => buildStore(design));
    const buildRetry = policyFromParams({ attempts: params.attempts, backoffBase: formatDurationExact(params.backoffBase) }, () =>
      buildClientRetry(params.attempts, params.backoffBase),
    );
    const books: PaymentBooks = { charges: new EffectLedger(), customerOf: new Map(), log: new RequestLog(() => world.simulation.now) };
    world.network.setDefaultLink(LINK);
    world.cluster.addNode(() => paymentsNode(buildPaymentsStore(), books.charges));
    const customer: CustomerSettings = { ratePerSecond: params.load / params.customers, attemptTimeoutUs: params.attemptTimeout };
    for (let index = 0; index < params.customers; index++) {
      const random = world.random(`load:${index}`);
      const client = world.cluster.addNode((id) => customerNode(id, buildRetry(), customer, random, books));
      world.network.setLink(client, PAYMENTS, { ...LINK, duplicateProbability: params.duplicates });
      world.network.setLink(PAYMENTS, client, { ...LINK, lossProbability: params.ackLoss });
    }
    world.faults = paymentFaults();
    declarePaymentChecks(world, books);
    const chargedButFailed = (): number =>
      books.log.records.filter(isEnded).filter((record) => record.outcome !== 'ok' && books.charges.countOf(record.key as string) > 0).length;
    declareResilienceSummary(world, books.log, {
      fault: FAULT,
      duplicateEffects: () => books.charges.duplicateEffects,
      extra: { 'payments charged twice': () => books.charges.repeated().length, 'charged but reported failed': chargedButFailed },
    });
  },
});

/** What happened, seen from outside: the charges made (by payment key), whose payment each key is, and the clients' log. */
interface PaymentBooks {
  readonly charges: EffectLedger;
  /** The customer (the client's node id) of each payment key. */
  readonly customerOf: Map<string, NodeId>;
  readonly log: RequestLog;
}

interface CustomerSettings {
  readonly ratePerSecond: number;
  readonly attemptTimeoutUs: Micros;
}

function paymentsNode(store: IdempotencyStore | undefined, charges: EffectLedger): RpcNodeBehavior<Payment, Receipt> {
  return serviceNode<Payment, Receipt>({
    name: 'payments',
    ...POOL,
    handle: (payment) => (store === undefined ? charge(payment, charges) : store.execute(payment.key, () => charge(payment, charges))),
  });
}

/** A customer: pays at random moments; each payment gets one key, sent with every attempt. */
function customerNode(id: NodeId, policy: RetryPolicy, settings: CustomerSettings, random: Random, books: PaymentBooks): RpcNodeBehavior<unknown, unknown> {
  const request = function* (): Process<void> {
    const payment: Payment = { key: yield* uniqueId() };
    books.customerOf.set(payment.key, id);
    yield* measuredRequest<Receipt>({
      log: books.log,
      label: 'payment',
      key: payment.key,
      policy,
      attempt: () => call<Receipt>(PAYMENTS, payment, { timeoutUs: settings.attemptTimeoutUs }),
    });
  };
  return rpcNode({
    maxProcesses: CLIENT_MAX_PROCESSES,
    onStart: (host) => host.spawn(openLoopLoad({ ratePerSecond: () => settings.ratePerSecond, random, request, refused: () => books.log.refuse('payment') }), 'payments'),
  });
}

function declarePaymentChecks(world: World, books: PaymentBooks): void {
  world.properties.atEnd('no customer charged twice', () => {
    const repeated = books.charges.repeated();
    if (repeated.length === 0) return undefined;
    const shown = repeated.slice(0, 3).map(([key, count]) => `customer ${books.customerOf.get(key) ?? '?'} was charged ${count} times for payment ${key}`);
    const more = repeated.length > 3 ? `; and ${repeated.length - 3} more payments` : '';
    const customers = repeated.slice(0, 3).map(([key]) => books.customerOf.get(key) ?? PAYMENTS);
    return { message: `${shown.join('; ')}${more}`, nodes: [PAYMENTS, ...customers] };
  });
  world.properties.atEnd('every acknowledged payment was charged', () => {
    const unpaid = books.log.records.filter(isEnded).filter((record) => record.outcome === 'ok' && books.charges.countOf(record.key as string) === 0);
    return unpaid.length === 0 ? undefined : `${unpaid.length} payments were acknowledged but never charged`;
  });
}

function paymentFaults(): FaultSchedule {
  return [
    { atUs: LOSS_BURST.atUs, kind: 'loss-burst', probability: LOSS_BURST.probability, durationUs: LOSS_BURST.durationUs },
    { atUs: CRASH_AT, kind: 'crash', node: PAYMENTS },
    { atUs: RESTART_AT, kind: 'restart', node: PAYMENTS },
  ];
}
