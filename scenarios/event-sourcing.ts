// event-sourcing: bank accounts kept as streams of events in a replicated event store,
// with command handlers on the write side and a projection on the read side (CQRS).
//
// For a learner: nothing stores an account's balance; the store keeps what happened
// (deposited 30, withdrew 20, ...) and a handler rebuilds the balance by replaying it,
// from the latest snapshot on. Two handlers may decide on the same version at once; the
// store accepts the first append and rejects the second (its expected version is stale),
// which reloads and decides again: that is optimistic concurrency, and it is what stops
// two withdrawals from overdrawing an account. The projection reads the log after the
// fact and keeps balances for queries; it lags behind, and catches up. Run it, then try
// `--set bug=no-version-check`, `bug=projection-not-idempotent`, `bug=snapshot-before-append`.
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultEvent } from '../src/faults/fault-event.ts';
import type { NodeId } from '../src/node/node-api.ts';
import { bankClientNode } from '../src/protocols/event-sourcing/bank-client.ts';
import { balancesProjectionNode, type ProjectionObserver, type ProjectionView } from '../src/protocols/event-sourcing/balances-projection.ts';
import { CommandLedger } from '../src/protocols/event-sourcing/command-ledger.ts';
import { commandHandlerNode } from '../src/protocols/event-sourcing/command-handler.ts';
import { EventSourcingMonitor } from '../src/protocols/event-sourcing/event-sourcing-monitor.ts';
import { emptyEventStoreMetrics, type EventStoreMetrics } from '../src/protocols/event-sourcing/event-store-metrics.ts';
import { eventStoreNode, PRIMARY, type StoreView } from '../src/protocols/event-sourcing/event-store-node.ts';
import { ES_LIMITS, EVENT_SOURCING_BUGS, majorityOf, validateEventSourcingOptions, type EventSourcingBug, type EventSourcingOptions } from '../src/protocols/event-sourcing/event-store-options.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param, ParamError, type ParamValues } from '../src/scenario/params.ts';
import type { World } from '../src/scenario/world.ts';

const DURATION = ms(5_500);
/** The scripted faults: the projection crashes, a handler crashes, the primary crashes, a follower and the projection are cut off. */
const TIMELINE = {
  projectionCrashUs: ms(600),
  projectionRestartUs: ms(1_300),
  handlerCrashUs: ms(1_000),
  handlerRestartUs: ms(1_400),
  primaryCrashUs: ms(1_600),
  primaryRestartUs: ms(1_900),
  partitionUs: ms(2_200),
  /** The heal; clients issue no new command from here on, and convergence is timed from here. */
  healUs: seconds(3),
} as const;
/** How often lag and convergence are sampled. */
const SAMPLE_INTERVAL_US = ms(5);
const LATENCY = { kind: 'uniform', baseUs: ms(1), minUs: 0, maxUs: ms(4) } as const;

const PARAMS = {
  bug: param.enum({
    values: EVENT_SOURCING_BUGS,
    default: 'none',
    description:
      'a deliberate mistake: no-version-check (appends ignore the expected version), projection-not-idempotent (redelivered events applied again), ' +
      'snapshot-before-append (snapshots taken before the store accepted the events)',
  }),
  faults: param.enum({ values: ['scripted', 'none'], default: 'scripted', description: 'the scripted crashes and partition (see describe), or none' }),
  'store-nodes': param.int({ default: 3, min: ES_LIMITS.minStoreNodes, max: ES_LIMITS.maxStoreNodes, description: 'event store nodes: node 0 is the primary, the rest follow' }),
  handlers: param.int({ default: 2, min: 1, max: 8, description: 'command handler nodes' }),
  clients: param.int({ default: 6, min: 1, max: 20, description: 'client nodes, one command at a time each' }),
  accounts: param.int({ default: 2, min: 1, max: 50, description: 'accounts the clients share (fewer: more contention)' }),
  rate: param.number({ default: 25, min: 0.1, max: 1_000, description: 'commands per second per client, while answers come quickly' }),
  'withdraw-share': param.number({ default: 0.6, min: 0, max: 1, description: 'share of commands that are withdrawals' }),
  'max-amount': param.int({ default: 50, min: 1, max: 1_000_000, description: 'amounts are drawn from 1 to this' }),
  'snapshot-every': param.int({ default: 5, min: 0, max: 10_000, description: 'a snapshot every this many events per account (0: none)' }),
  'conflict-retries': param.int({ default: 5, min: 0, max: ES_LIMITS.maxConflictRetries, description: 'reloads a handler makes after a stale-version rejection' }),
  attempts: param.int({ default: 5, min: 1, max: 20, description: 'attempts per command at the client, the first included' }),
  'client-timeout': param.duration({ default: ms(300), min: ms(1), max: seconds(60), description: 'how long a client waits for one attempt' }),
  poll: param.duration({ default: ms(20), min: ms(1), max: seconds(10), description: 'how long the projection sleeps once caught up' }),
  'checkpoint-every': param.duration({ default: ms(200), min: ms(1), max: seconds(60), description: 'how often the projection saves its subscription position' }),
  'rebuild-at': param.duration({ default: ms(4_500), min: 0, max: seconds(600), description: 'when the projection is rebuilt from scratch (0: never)' }),
  'convergence-bound': param.duration({ default: seconds(1), min: ms(1), max: seconds(60), description: 'the projection must match the write model this long after the heal' }),
  loss: param.number({ default: 0.01, min: 0, max: 0.5, description: 'probability that the network loses a message' }),
  duplicate: param.number({ default: 0.01, min: 0, max: 0.5, description: 'probability that the network delivers a message twice' }),
};
type Params = ParamValues<typeof PARAMS>;

/** Node ids, in the order they are added. */
interface Layout {
  readonly store: readonly NodeId[];
  readonly handlers: readonly NodeId[];
  readonly projection: NodeId;
  readonly clients: readonly NodeId[];
}

function layoutFor(params: Params): Layout {
  const count = (from: number, length: number): NodeId[] => Array.from({ length }, (_unused, index) => from + index);
  const store = count(0, params['store-nodes']);
  const handlers = count(store.length, params.handlers);
  const projection = store.length + handlers.length;
  return { store, handlers, projection, clients: count(projection + 1, params.clients) };
}

function optionsFrom(params: Params): EventSourcingOptions {
  const options: EventSourcingOptions = {
    storeNodes: params['store-nodes'],
    snapshotEvery: params['snapshot-every'],
    conflictRetries: params['conflict-retries'],
    heartbeatIntervalUs: ms(20),
    storeTimeoutUs: ms(150),
    projectionPollUs: params.poll,
    projectionCheckpointUs: params['checkpoint-every'],
    bug: params.bug as EventSourcingBug,
  };
  try {
    validateEventSourcingOptions(options);
  } catch (error) {
    throw new ParamError((error as Error).message);
  }
  return options;
}

export default defineScenario({
  name: 'event-sourcing',
  summary: 'bank accounts as event streams: optimistic concurrency, snapshots, a lagging projection rebuilt from scratch',
  description: [
    'Bank accounts live as streams of events (deposited, withdrew) in an event store on',
    '`store-nodes` nodes: node 0, the primary, checks each append against the expected',
    'version and answers once a majority of store nodes hold it. Command handlers load an',
    'account (latest snapshot plus the events after it), decide (a withdrawal above the',
    'balance is refused), and append with the version they decided on; a stale version is',
    'rejected and the handler reloads and decides again. Clients retry unanswered commands',
    'with the same command id, which the store recognises. A projection follows the log',
    'from a follower and keeps balances for queries. Scripted faults: the projection',
    'crashes 0.6s-1.3s (it lags, then catches up), a handler 1s-1.4s, the primary',
    '1.6s-1.9s; from 2.2s to the heal at 3s a follower and the projection are cut off.',
    'Clients stop at the heal; the projection is rebuilt from scratch at rebuild-at.',
    'Checked: no balance below zero; every snapshot equals a replay of its stream; the read',
    'model equals the write model at its position; accepted commands are in the log once;',
    'the projection matches the write model after the heal and at the end.',
    'Figures: commands, accepted, rejected for funds, rejected for conflict, retried,',
    'min balance, projection lag max ms, projection converged ms after heal, rebuild ms,',
    'events replayed. Try bug=no-version-check, projection-not-idempotent, snapshot-before-append.',
  ].join('\n'),
  durationUs: DURATION,
  params: PARAMS,
  setup(world, params) {
    const options = optionsFrom(params);
    const layout = layoutFor(params);
    world.network.setDefaultLink({ latency: LATENCY, lossProbability: params.loss, duplicateProbability: params.duplicate, ordering: 'reorder' });
    const metrics = emptyEventStoreMetrics();
    const ledger = new CommandLedger();
    const rebuild = new RebuildTimer(() => world.simulation.now);
    world.cluster.addNodes(layout.store.length, eventStoreNode(options, metrics));
    world.cluster.addNodes(layout.handlers.length, commandHandlerNode(options, metrics));
    world.cluster.addNode(balancesProjectionNode(options, rebuild));
    addClients(world, params, layout, ledger);
    const monitor = new EventSourcingMonitor(
      () => storeViewOf(world),
      () => (world.cluster.inspect(layout.projection) as { node: ProjectionView } | undefined)?.node,
    );
    world.faults = params.faults === 'scripted' ? scriptedFaults(layout, options) : [];
    if (params['rebuild-at'] > 0) world.at(params['rebuild-at'], () => world.cluster.inject(layout.projection, { type: 'rebuild' }));
    const samples = sampleProjection(world, monitor, rebuild);
    const bound = params['convergence-bound'];
    const deadlines = { caughtUpByUs: TIMELINE.healUs + bound, settledByUs: Math.max(TIMELINE.healUs, params['rebuild-at']) + bound };
    declareChecks(world, { monitor, metrics, ledger, layout }, samples, deadlines);
    declareFigures(world, { monitor, metrics, ledger, layout }, samples, rebuild);
  },
});

function addClients(world: World, params: Params, layout: Layout, ledger: CommandLedger): void {
  const accounts = Array.from({ length: params.accounts }, (_unused, index) => `account-${index}`);
  layout.clients.forEach((_node, index) => {
    world.cluster.addNode(
      bankClientNode(index, {
        handlers: layout.handlers,
        accounts,
        commandsPerSecond: params.rate,
        withdrawShare: params['withdraw-share'],
        maxAmount: params['max-amount'],
        attempts: params.attempts,
        attemptTimeoutUs: params['client-timeout'],
        stopAtUs: TIMELINE.healUs,
        ledger,
        random: world.random(`commands:${index}`),
        clock: () => world.simulation.now,
      }),
    );
  });
}

function scriptedFaults(layout: Layout, options: EventSourcingOptions): FaultEvent[] {
  const majority = majorityOf(options.storeNodes);
  const cutOff = [...layout.store.slice(majority), layout.projection];
  const rest = [...layout.store.slice(0, majority), ...layout.handlers, ...layout.clients];
  const handler = layout.handlers[0] as NodeId;
  return [
    { atUs: TIMELINE.projectionCrashUs, kind: 'crash', node: layout.projection },
    { atUs: TIMELINE.handlerCrashUs, kind: 'crash', node: handler },
    { atUs: TIMELINE.projectionRestartUs, kind: 'restart', node: layout.projection },
    { atUs: TIMELINE.handlerRestartUs, kind: 'restart', node: handler },
    { atUs: TIMELINE.primaryCrashUs, kind: 'crash', node: PRIMARY },
    { atUs: TIMELINE.primaryRestartUs, kind: 'restart', node: PRIMARY },
    { atUs: TIMELINE.partitionUs, kind: 'partition', partition: { kind: 'split', groups: [rest, cutOff] } },
    { atUs: TIMELINE.healUs, kind: 'heal' },
  ];
}

/** Times the projection's rebuild in simulation time. */
class RebuildTimer implements ProjectionObserver {
  startedAtUs: Micros | undefined;
  finishedAtUs: Micros | undefined;
  eventsReplayed = 0;
  redeliveriesSkipped = 0;

  constructor(private readonly clock: () => Micros) {}

  get isRebuilding(): boolean {
    return this.startedAtUs !== undefined && this.finishedAtUs === undefined;
  }

  rebuildStarted(): void {
    this.startedAtUs = this.clock();
    this.finishedAtUs = undefined;
  }

  rebuildFinished(eventsReplayed: number): void {
    this.finishedAtUs = this.clock();
    this.eventsReplayed = eventsReplayed;
  }

  redeliverySkipped(): void {
    this.redeliveriesSkipped++;
  }
}

interface Observed {
  readonly monitor: EventSourcingMonitor;
  readonly metrics: EventStoreMetrics;
  readonly ledger: CommandLedger;
  readonly layout: Layout;
}

interface ProjectionSamples {
  lagMaxUs: Micros;
  /** What the primary had committed at the heal: the projection has caught up once it holds all of it. */
  commitAtHeal: number | undefined;
  caughtUpAtUs: Micros | undefined;
}

/**
 * Every SAMPLE_INTERVAL_US: the projection's lag (outside a rebuild) and, from the heal
 * on, whether it holds everything committed before the heal. (The target is fixed at the
 * heal because retries still land after it: "equal to the write model now" would be a
 * moving target.)
 */
function sampleProjection(world: World, monitor: EventSourcingMonitor, rebuild: RebuildTimer): ProjectionSamples {
  const samples: ProjectionSamples = { lagMaxUs: 0, commitAtHeal: undefined, caughtUpAtUs: undefined };
  const sample = (atUs: Micros): void => {
    world.at(atUs, () => {
      monitor.observe();
      if (!rebuild.isRebuilding) samples.lagMaxUs = Math.max(samples.lagMaxUs, monitor.lagUs(world.simulation.now));
      if (atUs >= TIMELINE.healUs) samples.commitAtHeal ??= monitor.commitPosition;
      if (samples.commitAtHeal !== undefined && samples.caughtUpAtUs === undefined && !rebuild.isRebuilding && monitor.projectionPosition >= samples.commitAtHeal) {
        samples.caughtUpAtUs = world.simulation.now;
      }
      if (atUs + SAMPLE_INTERVAL_US <= world.durationUs) sample(atUs + SAMPLE_INTERVAL_US);
    });
  };
  sample(0);
  return samples;
}

/** When the projection must have caught up after the heal, and when (after the rebuild too) it must match the write model. */
interface Deadlines {
  readonly caughtUpByUs: Micros;
  readonly settledByUs: Micros;
}

function declareChecks(world: World, observed: Observed, samples: ProjectionSamples, deadlines: Deadlines): void {
  const { caughtUpByUs, settledByUs } = deadlines;
  const { monitor, metrics, ledger, layout } = observed;
  world.properties.always('no balance below zero', () => {
    monitor.observe();
    const overdraft = monitor.firstOverdraft;
    if (overdraft === undefined) return undefined;
    return { message: `${overdraft.stream} went to ${overdraft.balance} at log position ${overdraft.position}`, nodes: [PRIMARY, ...layout.handlers] };
  });
  let snapshotsSeen = 0;
  world.properties.always('every snapshot equals a replay of its stream', () => {
    if (metrics.snapshotsSaved === snapshotsSeen) return undefined;
    snapshotsSeen = metrics.snapshotsSaved;
    monitor.observe();
    monitor.checkSnapshots();
    const bad = monitor.firstBadSnapshot;
    if (bad === undefined) return undefined;
    return { message: `the snapshot of ${bad.stream} at version ${bad.version} says ${bad.snapshotBalance}; replaying its events gives ${bad.replayedBalance}`, nodes: [PRIMARY, ...layout.handlers] };
  });
  world.properties.always('the read model equals the write model at its position', () => {
    monitor.observe();
    const mismatch = monitor.readModelMatchesPrefix();
    if (mismatch === undefined) return undefined;
    return { message: `at position ${mismatch.position} the read model's balances add up to ${mismatch.readTotal}, the log's to ${mismatch.writeTotal}`, nodes: [layout.projection] };
  });
  world.properties.atEnd('every accepted command is in the log, once', () => acceptedCommandsProblem(ledger, world));
  const caughtUp = (): string | undefined => {
    // A run cut short (--until) before the deadline cannot judge it.
    if (world.simulation.now < caughtUpByUs || samples.caughtUpAtUs !== undefined) return undefined;
    return `the projection is at position ${monitor.projectionPosition}; the store had committed ${samples.commitAtHeal ?? '?'} at the heal`;
  };
  if (caughtUpByUs < world.durationUs) world.properties.eventually('the projection catches up after the heal', caughtUpByUs, caughtUp);
  world.properties.atEnd('the projection matches the write model at the end', () => {
    // A run cut short (--until) before the heal or the rebuild have had their time cannot judge it.
    if (world.simulation.now < settledByUs) return undefined;
    monitor.observe();
    const problem = monitor.divergence();
    return problem === undefined ? undefined : { message: problem, nodes: [layout.projection] };
  });
}

/** The primary's view (its log and commit position), or undefined while it is down. */
function storeViewOf(world: World): StoreView | undefined {
  return (world.cluster.inspect(PRIMARY) as { node: StoreView | undefined } | undefined)?.node;
}

function acceptedCommandsProblem(ledger: CommandLedger, world: World): string | undefined {
  const view = storeViewOf(world);
  if (view === undefined) return 'the primary is down at the end';
  const appends = new Map<string, number>();
  let previous = '';
  for (const entry of view.log.all) {
    if (entry.commandId !== previous) appends.set(entry.commandId, (appends.get(entry.commandId) ?? 0) + 1);
    previous = entry.commandId;
  }
  for (const record of ledger.records) {
    if (record.outcome !== 'accepted') continue;
    const count = appends.get(record.commandId) ?? 0;
    if (count === 0) return `command ${record.commandId} was accepted but is not in the log`;
    if (count > 1) return `command ${record.commandId} was appended ${count} times`;
  }
  for (const [commandId, count] of appends) if (count > 1) return `command ${commandId} was appended ${count} times`;
  return undefined;
}

function declareFigures(world: World, observed: Observed, samples: ProjectionSamples, rebuild: RebuildTimer): void {
  const { monitor, metrics, ledger, layout } = observed;
  world.summary('commands', () => ledger.records.length);
  world.summary('accepted', () => ledger.count('accepted'));
  world.summary('rejected for funds', () => ledger.count('rejected'));
  world.summary('rejected for conflict', () => metrics.conflicts);
  world.summary('gave up on conflicts', () => ledger.count('gave-up'));
  world.summary('retried', () => ledger.retries);
  world.summary('failed', () => ledger.count('failed'));
  world.summary('min balance', () => monitor.minBalance);
  world.summary('events', () => monitor.eventsFolded);
  world.summary('snapshots', () => metrics.snapshotsSaved);
  world.summary('events per load', () => (metrics.loads === 0 ? 0 : Math.round((metrics.eventsLoaded / metrics.loads) * 100) / 100));
  world.summary('projection lag max ms', () => samples.lagMaxUs / 1000);
  world.summary('projection converged ms after heal', () => (samples.caughtUpAtUs === undefined ? -1 : (samples.caughtUpAtUs - TIMELINE.healUs) / 1000));
  world.summary('rebuild ms', () => (rebuild.startedAtUs === undefined || rebuild.finishedAtUs === undefined ? -1 : (rebuild.finishedAtUs - rebuild.startedAtUs) / 1000));
  world.summary('events replayed', () => rebuild.eventsReplayed);
  world.summary('redeliveries skipped', () => rebuild.redeliveriesSkipped);
  world.summary('node names', () =>
    [...layout.store.map((node) => (node === PRIMARY ? 'primary-0' : `follower-${node}`)), ...layout.handlers.map((node) => `handler-${node}`), `projection-${layout.projection}`, ...layout.clients.map((node) => `client-${node}`)].join(', '),
  );
}
