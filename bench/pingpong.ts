// Cases pingpong-100, pingpong-100-hash-only and pingpong-100-observed: the ping-pong
// workload on the real stack (Simulation, Cluster, Network, NodeRuntime). Rule: the
// trace mode is the only thing the three cases change; 'hash-only' asserts that no
// observer is subscribed, 'observed' subscribes one that does nothing.
import { Simulation } from '../src/engine/simulation.ts';
import type { NodeBehavior, NodeFactory } from '../src/node/node-api.ts';
import { Cluster } from '../src/node/cluster.ts';
import { assertNever } from '../src/engine/assert-never.ts';
import { runBarePingpong } from './bare-pingpong.ts';
import type { BenchCase, RunResult } from './bench-case.ts';
import {
  CHECKSUM_MODULUS,
  PINGPONG_LINK,
  PINGPONG_NODES,
  PINGPONG_SEED,
  RESEND_AFTER_US,
  TICK_US,
  describeRun,
  isServer,
  newTally,
  partnerOf,
  type PingpongTally,
} from './pingpong-workload.ts';

export type TraceMode = 'default' | 'hash-only' | 'observed';

export function pingpongCase(mode: TraceMode, events: number): BenchCase {
  return {
    name: caseName(mode),
    description: caseDescription(mode),
    events,
    hasTarget: mode !== 'observed',
    runEngine: () => runEnginePingpong(mode, events),
    runBaseline: () => runBarePingpong(events),
  };
}

function caseName(mode: TraceMode): string {
  switch (mode) {
    case 'default':
      return 'pingpong-100';
    case 'hash-only':
      return 'pingpong-100-hash-only';
    case 'observed':
      return 'pingpong-100-observed';
    default:
      return assertNever(mode);
  }
}

function caseDescription(mode: TraceMode): string {
  switch (mode) {
    case 'default':
      return '100 nodes, 50 pairs, uniform latency, 1% loss';
    case 'hash-only':
      return 'same, asserting no trace observer (hash only)';
    case 'observed':
      return 'same, one no-op trace observer (information)';
    default:
      return assertNever(mode);
  }
}

function pingpongNode(tally: PingpongTally): NodeFactory<number, 'tick'> {
  return (id): NodeBehavior<number, 'tick'> => {
    const partner = partnerOf(id);
    const serves = isServer(id);
    let lastBall = 0;
    let lastActivityUs = 0;
    return {
      onStart(context) {
        context.setTimer(TICK_US, 'tick');
        if (serves) {
          context.send(partner, lastBall);
          lastActivityUs = context.now;
        }
      },
      onMessage(context, from, ball) {
        tally.deliveries++;
        tally.ballChecksum = (tally.ballChecksum + ball) % CHECKSUM_MODULUS;
        lastBall = ball + 1;
        lastActivityUs = context.now;
        context.send(from, lastBall);
      },
      onTimer(context) {
        tally.ticks++;
        context.setTimer(TICK_US, 'tick');
        if (serves && context.now - lastActivityUs >= RESEND_AFTER_US) {
          tally.resends++;
          context.send(partner, lastBall);
          lastActivityUs = context.now;
        }
      },
    };
  };
}

function runEnginePingpong(mode: TraceMode, events: number): RunResult {
  const simulation = new Simulation(PINGPONG_SEED, { maxEvents: events });
  if (mode === 'observed') simulation.trace.subscribe(() => {});
  const tally = newTally();
  const cluster = new Cluster(simulation);
  cluster.network.setDefaultLink(PINGPONG_LINK);
  cluster.addNodes(PINGPONG_NODES, pingpongNode(tally));
  cluster.start();
  if (mode === 'hash-only' && simulation.trace.isObserved) throw new Error('pingpong-100-hash-only: the trace has an observer');
  simulation.runUntil(Infinity);
  if (mode === 'hash-only' && simulation.trace.isObserved) throw new Error('pingpong-100-hash-only: an observer subscribed during the run');
  return { events: simulation.eventsProcessed, fingerprint: describeRun(simulation.now, tally) };
}
