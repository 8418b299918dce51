// Test fixture: a small booking world for one design: the three services, one or more
// coordinators (saga orchestrators or 2PC coordinators), each with a travel agent that
// hands it a list of trips, on fixed 1ms links with no loss, so a test can crash a
// coordinator at a chosen moment and read the ledger and the logs afterwards.
import { Simulation } from '../../../src/engine/simulation.ts';
import { ms, type Micros } from '../../../src/engine/time.ts';
import { Cluster } from '../../../src/node/cluster.ts';
import type { NodeId } from '../../../src/node/node-api.ts';
import { retry } from '../../../src/patterns/retry.ts';
import { BookingLedger } from '../../../src/protocols/saga/booking-ledger.ts';
import type { CompensationScope } from '../../../src/protocols/saga/saga-log.ts';
import { sagaOrchestratorNode } from '../../../src/protocols/saga/saga-orchestrator.ts';
import { sagaServiceNode, type CompensationKind, type ServiceTiming } from '../../../src/protocols/saga/saga-service.ts';
import { travelAgentNode } from '../../../src/protocols/saga/travel-agent.ts';
import { SERVICES, type ServiceName, type Trip } from '../../../src/protocols/saga/trip.ts';
import type { LogRetention } from '../../../src/protocols/saga/write-ahead-log.ts';
import { coordinatorNode } from '../../../src/protocols/two-phase-commit/coordinator.ts';
import { participantNode, type DecisionRule } from '../../../src/protocols/two-phase-commit/participant.ts';

export const TEST_TIMING: ServiceTiming = { workUs: ms(3), slowWorkUs: ms(300), slowProbability: 0, lockWaitUs: ms(100) };

export interface BookingWorldOptions {
  readonly design: 'saga' | '2pc';
  /** One list per coordinator. */
  readonly trips: readonly (readonly Trip[])[];
  readonly timing?: ServiceTiming;
  readonly logRetention?: LogRetention;
  readonly compensationScope?: CompensationScope;
  readonly compensation?: CompensationKind;
  readonly decisionRule?: DecisionRule;
}

const quickRetry = (maxAttempts: number) => () => retry({ maxAttempts, backoff: { initialDelayUs: ms(10), maxDelayUs: ms(100), multiplier: 2, jitter: 'none' } });

export class BookingWorld {
  readonly simulation = new Simulation(1);
  readonly cluster = new Cluster(this.simulation);
  readonly ledger = new BookingLedger();
  readonly services = {} as Record<ServiceName, NodeId>;
  readonly coordinators: NodeId[] = [];

  constructor(readonly options: BookingWorldOptions) {
    this.cluster.network.setDefaultLink({ latency: { kind: 'constant', baseUs: ms(1) }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' });
    const timing = options.timing ?? TEST_TIMING;
    for (const service of SERVICES) {
      this.services[service] = this.cluster.addNode(() =>
        options.design === 'saga'
          ? sagaServiceNode({ service, ledger: this.ledger, timing, compensation: options.compensation ?? 'idempotent' })
          : participantNode({ service, ledger: this.ledger, timing, decisionRule: options.decisionRule ?? 'wait-for-coordinator', decisionTimeoutUs: ms(300) }),
      );
    }
    for (const list of options.trips) {
      const coordinator = this.cluster.addNode(() => this.coordinatorBehaviour());
      this.coordinators.push(coordinator);
      for (const trip of list) this.ledger.expect(trip, coordinator);
      this.cluster.addNode(() => travelAgentNode({ coordinator, trips: list, attemptTimeoutUs: ms(50), buildRetry: quickRetry(50) }));
    }
    this.cluster.start();
  }

  runUntil(timeUs: Micros): void {
    this.simulation.runUntil(timeUs);
  }

  /** Crashes `coordinator` in the instant it first logs a trip's first phase as done, and restarts it `downtimeUs` later. */
  crashAfterPrepare(coordinator: NodeId, downtimeUs: Micros): void {
    let hasCrashed = false;
    this.ledger.onAfterPrepare = (node) => {
      if (node !== coordinator || hasCrashed) return;
      hasCrashed = true;
      const now = this.simulation.now;
      this.simulation.scheduleAt(now, () => this.cluster.crash(coordinator), undefined);
      this.simulation.scheduleAt(now + downtimeUs, () => this.cluster.restart(coordinator), undefined);
    };
  }

  /** A node's durable log, read from outside. */
  logOf<Entry>(node: NodeId, key: string): readonly Entry[] {
    return this.cluster.contextOf(node).storage.list<Entry>(key);
  }

  private coordinatorBehaviour() {
    const ledger = this.ledger;
    if (this.options.design === 'saga') {
      return sagaOrchestratorNode({
        services: this.services,
        ledger,
        logRetention: this.options.logRetention ?? 'durable',
        compensationScope: this.options.compensationScope ?? 'begun-steps',
        stepTimeoutUs: ms(50),
        logForceUs: ms(1),
        buildStepRetry: quickRetry(3),
        buildCompensationRetry: quickRetry(5),
      });
    }
    return coordinatorNode({
      participants: this.services,
      ledger,
      voteTimeoutUs: ms(200),
      ackTimeoutUs: ms(50),
      logForceUs: ms(1),
      buildPrepareRetry: quickRetry(1),
      buildDecisionRetry: quickRetry(5),
    });
  }
}

/** A trip on item 0 of every service unless told otherwise. */
export function trip(id: string, options: { readonly unavailableAt?: Trip['unavailableAt']; readonly startAtUs?: Micros; readonly items?: Partial<Trip['items']> } = {}): Trip {
  return {
    id,
    items: { flight: 0, hotel: 0, car: 0, ...options.items },
    unavailableAt: options.unavailableAt ?? 'none',
    startAtUs: options.startAtUs ?? 0,
  };
}
