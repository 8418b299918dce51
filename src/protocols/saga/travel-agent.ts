// The travel agent: hands each trip of its workload to its coordinator (saga orchestrator
// or 2PC coordinator) at the trip's time, retrying until the coordinator accepts it.
// Rule: a trip carries its id in every attempt, so the coordinator begins it once however
// many attempts arrive; after a crash the agent hands over every trip due so far again.
import type { Micros } from '../../engine/time.ts';
import type { NodeBehavior, NodeId } from '../../node/node-api.ts';
import { call, nodeContext, sleep, type Process } from '../../node/process.ts';
import { rpcNode } from '../../node/rpc-node.ts';
import type { RetryPolicy } from '../../patterns/retry.ts';
import type { Trip } from './trip.ts';

export interface BeginTrip {
  readonly type: 'begin-trip';
  readonly trip: Trip;
}

export interface TripAccepted {
  readonly type: 'trip-accepted';
  readonly tripId: string;
}

export interface TravelAgentSettings {
  readonly coordinator: NodeId;
  readonly trips: readonly Trip[];
  readonly attemptTimeoutUs: Micros;
  /** A fresh retry policy per incarnation. */
  readonly buildRetry: () => RetryPolicy;
}

export function travelAgentNode(settings: TravelAgentSettings): NodeBehavior<unknown, unknown> {
  const policy = settings.buildRetry();
  return rpcNode({
    onStart: (host) => {
      for (const trip of settings.trips) host.spawn(handOver(trip, settings, policy), `trip ${trip.id}`);
    },
  });
}

function* handOver(trip: Trip, settings: TravelAgentSettings, policy: RetryPolicy): Process<void> {
  const context = yield* nodeContext();
  if (trip.startAtUs > context.now) yield* sleep(trip.startAtUs - context.now);
  const request: BeginTrip = { type: 'begin-trip', trip };
  yield* policy.execute(() => call<TripAccepted>(settings.coordinator, request, { timeoutUs: settings.attemptTimeoutUs }));
}
