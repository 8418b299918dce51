// Generator processes: they wait in virtual time, exactly; children end with their
// parents; cancellation runs finally blocks and forgets the wait; mistakes fail loudly.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import type { Micros } from '../../src/engine/time.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeContext } from '../../src/node/node-api.ts';
import { firstEnded, join, nodeContext, sleep, spawn, uniqueId, waitFor, waitUntil, type Effect, type Process, type Task } from '../../src/node/process.ts';
import { MAX_STEPS_WITHOUT_WAITING, ProcessHost } from '../../src/node/process-host.ts';
import { rpcNode } from '../../src/node/rpc-node.ts';
import { Signal } from '../../src/node/signal.ts';

const LINK: LinkConfig = { latency: { kind: 'constant', baseUs: 100 }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' };

interface OneNode {
  readonly simulation: Simulation;
  readonly cluster: Cluster;
  readonly host: () => ProcessHost;
  readonly log: string[];
  /** Appends `text @time` to the log. */
  readonly note: (text: string) => void;
}

/** One rpc node, started, at time 0. */
function oneNode(): OneNode {
  const simulation = new Simulation(7);
  const cluster = new Cluster(simulation);
  cluster.network.setDefaultLink(LINK);
  let current: ProcessHost | undefined;
  cluster.addNode(() => {
    const behavior = rpcNode({});
    current = behavior.host;
    return behavior;
  });
  cluster.start();
  simulation.runUntil(0);
  const log: string[] = [];
  return { simulation, cluster, host: () => current as ProcessHost, log, note: (text) => log.push(`${text} @${simulation.now}`) };
}

describe('processes: waiting in virtual time', () => {
  it('resumes a sleeping process at exactly the virtual time it asked for', () => {
    const world = oneNode();
    world.host().spawn(
      (function* (): Process<void> {
        world.note('start');
        yield* sleep(1_500);
        world.note('woke');
        yield* sleep(0);
        world.note('woke again');
      })(),
    );
    world.simulation.runUntil(10_000);
    expect(world.log).toEqual(['start @0', 'woke @1500', 'woke again @1500']);
  });

  it('wakes waiters on a signal in the order they began waiting, and times out the rest exactly', () => {
    const world = oneNode();
    const signal = new Signal('go');
    const waiter = (label: string, timeoutUs?: Micros): Process<void> =>
      (function* () {
        const outcome = yield* waitFor(signal, timeoutUs === undefined ? {} : { timeoutUs });
        world.note(`${label} ${outcome}`);
      })();
    world.host().spawn(waiter('a'));
    world.host().spawn(waiter('b', 5_000));
    world.host().spawn(waiter('c', 200));
    world.simulation.scheduleAt(1_000, () => signal.notify(), undefined);
    world.simulation.runUntil(10_000);
    expect(world.log).toEqual(['c timeout @200', 'a signalled @1000', 'b signalled @1000']);
    expect(signal.waiterCount).toBe(0);
  });

  it('waits until a condition holds, re-checking on every signal, or times out exactly', () => {
    const world = oneNode();
    const changed = new Signal('counter changed');
    let counter = 0;
    const bump = (atUs: number): void => world.simulation.scheduleAt(atUs, () => {
      counter++;
      changed.notify();
    }, undefined);
    world.host().spawn(
      (function* (): Process<void> {
        world.note(`reached 2: ${yield* waitUntil(() => counter >= 2, changed)}`);
        world.note(`reached 5: ${yield* waitUntil(() => counter >= 5, changed, { timeoutUs: 1_000 })}`);
        world.note(`reached 3: ${yield* waitUntil(() => counter >= 3, changed, { timeoutUs: 0 })}`);
      })(),
    );
    bump(100);
    bump(300);
    bump(700);
    world.simulation.runUntil(10_000);
    expect(world.log).toEqual(['reached 2: signalled @300', 'reached 5: timeout @1300', 'reached 3: signalled @1300']);
  });

  it('gives every process the node context and ids unique across restarts', () => {
    const world = oneNode();
    const ids: string[] = [];
    const collect = function* (): Process<void> {
      const context: NodeContext = yield* nodeContext();
      world.note(`node ${context.id}`);
      ids.push(yield* uniqueId(), yield* uniqueId());
    };
    world.host().spawn(collect());
    world.cluster.crash(0);
    world.cluster.restart(0);
    world.host().spawn(collect());
    expect(world.log).toEqual(['node 0 @0', 'node 0 @0']);
    expect(ids).toEqual(['0.1.0', '0.1.1', '0.2.0', '0.2.1']);
  });
});

describe('processes: children, joins and cancellation', () => {
  it('joins a child and gets its value', () => {
    const world = oneNode();
    world.host().spawn(
      (function* (): Process<void> {
        const child = yield* spawn(
          (function* (): Process<number> {
            yield* sleep(300);
            return 42;
          })(),
        );
        const outcome = yield* join(child);
        world.note(JSON.stringify(outcome));
      })(),
    );
    world.simulation.runUntil(1_000);
    expect(world.log).toEqual(['{"kind":"done","value":42} @300']);
  });

  it('gives up a join at its timeout while the child keeps running', () => {
    const world = oneNode();
    let child: Task<string> | undefined;
    world.host().spawn(
      (function* (): Process<void> {
        child = yield* spawn(
          (function* (): Process<string> {
            yield* sleep(1_000);
            world.note('child done');
            return 'late';
          })(),
        );
        world.note(JSON.stringify(yield* join(child, { timeoutUs: 400 })));
        world.note(JSON.stringify(yield* join(child)));
      })(),
    );
    world.simulation.runUntil(5_000);
    expect(world.log).toEqual(['{"kind":"timeout"} @400', 'child done @1000', '{"kind":"done","value":"late"} @1000']);
    expect(child?.status).toBe('done');
  });

  it('cancels running children when their parent ends, running their finally blocks', () => {
    const world = oneNode();
    const parent = world.host().spawn(
      (function* (): Process<void> {
        yield* spawn(
          (function* (): Process<void> {
            try {
              yield* sleep(10_000);
              world.note('child woke');
            } finally {
              world.note('child finally');
            }
          })(),
        );
        yield* sleep(100);
        world.note('parent returns');
      })(),
    );
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['parent returns @100', 'child finally @100']);
    expect(parent.status).toBe('done');
    expect(world.host().snapshot().processes).toBe(0);
  });

  it('returns the first ended task of several', () => {
    const world = oneNode();
    world.host().spawn(
      (function* (): Process<void> {
        const delays = [500, 200, 900];
        const tasks: Task<number>[] = [];
        for (const delay of delays) {
          tasks.push(
            yield* spawn(
              (function* (): Process<number> {
                yield* sleep(delay);
                return delay;
              })(),
            ),
          );
        }
        const first = yield* firstEnded(tasks);
        world.note(`first ${String(first?.value)}`);
        for (const task of tasks) task.cancel();
        world.note(tasks.map((task) => task.status).join(','));
      })(),
    );
    world.simulation.runUntil(5_000);
    expect(world.log).toEqual(['first 200 @200', 'cancelled,done,cancelled @200']);
  });

  it('lets a cancelled task be joined: the joiner learns it was cancelled', () => {
    const world = oneNode();
    const sleeper = world.host().spawn(sleep(10_000), 'sleeper');
    world.host().spawn(
      (function* (): Process<void> {
        world.note(JSON.stringify(yield* join(sleeper)));
      })(),
    );
    world.simulation.scheduleAt(50, () => sleeper.cancel(), undefined);
    world.simulation.runUntil(20_000);
    expect(world.log).toEqual(['{"kind":"cancelled"} @50']);
    expect(world.simulation.eventsProcessed).toBeLessThan(10);
  });

  it('stops a child that cancels its own parent at the child’s next wait', () => {
    const world = oneNode();
    let parent: Task<void> | undefined;
    parent = world.host().spawn(
      (function* (): Process<void> {
        yield* spawn(
          (function* (): Process<void> {
            try {
              yield* sleep(5);
              parent?.cancel();
              world.note('child goes on until it waits');
              yield* sleep(10);
              world.note('never');
            } finally {
              world.note('child finally');
            }
          })(),
        );
        yield* sleep(1_000);
      })(),
    );
    world.simulation.runUntil(5_000);
    expect(world.log).toEqual(['child goes on until it waits @5', 'child finally @5']);
    expect(parent.status).toBe('cancelled');
  });
});

describe('processes: mistakes fail loudly', () => {
  it('names the missing star when a process yields a generator', () => {
    const world = oneNode();
    const wrong = function* (): Generator<unknown, void, unknown> {
      yield sleep(10);
    };
    expect(() => world.host().spawn(wrong() as Process<void>)).toThrow(/yield\* \(with a star\)/);
  });

  it('stops a process that never waits', () => {
    const world = oneNode();
    const spin = function* (): Process<void> {
      for (;;) yield* nodeContext();
    };
    expect(() => world.host().spawn(spin(), 'spinner')).toThrow(`process spinner took ${MAX_STEPS_WITHOUT_WAITING} steps without waiting`);
  });

  it('refuses a finally block that waits while the process is cancelled', () => {
    const world = oneNode();
    const task = world.host().spawn(
      (function* (): Process<void> {
        try {
          yield* sleep(100);
        } finally {
          yield* sleep(1);
        }
      })(),
      'stubborn',
    );
    expect(() => task.cancel()).toThrow('process stubborn waited in a finally block while being cancelled');
  });

  it('rejects bad waits when they are asked for, naming the setting', () => {
    const world = oneNode();
    const run = (process: Process<unknown>): void => {
      world.host().spawn(process);
    };
    expect(() => run(sleep(-1))).toThrow(new RangeError('sleep: invalid durationUs -1: expected a non-negative integer of microseconds'));
    expect(() => run(sleep(1.5))).toThrow(RangeError);
    expect(() => run(waitFor([]))).toThrow(/wait forever/);
    expect(() => new ProcessHost({ maxProcesses: 0 })).toThrow('invalid maxProcesses 0');
  });

  it('refuses to spawn past the process limit', () => {
    const simulation = new Simulation(1);
    const cluster = new Cluster(simulation);
    let host: ProcessHost | undefined;
    cluster.addNode(() => {
      const behavior = rpcNode({ maxProcesses: 2 });
      host = behavior.host;
      return behavior;
    });
    cluster.start();
    simulation.runUntil(0);
    const forever = (): Process<void> => sleep(1_000_000);
    host?.spawn(forever());
    host?.spawn(forever());
    expect(() => host?.spawn(forever(), 'third')).toThrow('process limit of 2 reached when starting third');
  });

  it('runs only effects it knows', () => {
    const world = oneNode();
    const odd = function* (): Process<void> {
      yield { kind: 'teleport' } as unknown as Effect;
    };
    expect(() => world.host().spawn(odd(), 'odd')).toThrow('process odd yielded {"kind":"teleport"}, which is not an effect');
  });
});
