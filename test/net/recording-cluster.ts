// Test fixture: a cluster of nodes that only record what reaches them, plus counts of
// trace events (drops by reason, duplicates) taken by a trace observer.
import { Simulation } from '../../src/engine/simulation.ts';
import type { DropReason, TraceEvent } from '../../src/engine/trace.ts';
import type { Micros } from '../../src/engine/time.ts';
import type { LinkConfig } from '../../src/net/link.ts';
import { Cluster } from '../../src/node/cluster.ts';
import type { NodeId } from '../../src/node/node-api.ts';

export interface Arrival {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly body: unknown;
  readonly atUs: Micros;
}

export class RecordingCluster {
  readonly simulation: Simulation;
  readonly cluster: Cluster;
  readonly arrivals: Arrival[] = [];
  readonly drops: Record<DropReason, (TraceEvent & { readonly reason: DropReason })[]> = { loss: [], partition: [], 'node-down': [] };
  readonly duplicates: TraceEvent[] = [];

  constructor(nodeCount: number, link: LinkConfig, seed = 1) {
    this.simulation = new Simulation(seed);
    this.cluster = new Cluster(this.simulation);
    this.cluster.network.setDefaultLink(link);
    this.simulation.trace.subscribe((event) => {
      if (event.kind === 'drop') this.drops[event.reason as DropReason].push(event as TraceEvent & { reason: DropReason });
      if (event.kind === 'duplicate') this.duplicates.push(event);
    });
    this.cluster.addNodes(nodeCount, (id) => ({
      onMessage: (_context, from, body) => {
        this.arrivals.push({ from, to: id, body, atUs: this.simulation.now });
      },
    }));
    this.cluster.start();
    this.simulation.runUntil(0);
  }

  /** Sends `body` from one node to another at virtual time `atUs`. */
  sendAt(atUs: Micros, from: NodeId, to: NodeId, body: unknown): void {
    this.simulation.scheduleAt(atUs, () => this.cluster.contextOf(from).send(to, body), undefined);
  }

  /** Sends right now. */
  send(from: NodeId, to: NodeId, body: unknown): void {
    this.cluster.contextOf(from).send(to, body);
  }

  run(untilUs: Micros = 1_000_000_000): void {
    this.simulation.runUntil(untilUs);
  }
}

export function constantLink(latencyUs: Micros, changes: Partial<LinkConfig> = {}): LinkConfig {
  return { latency: { kind: 'constant', baseUs: latencyUs }, lossProbability: 0, duplicateProbability: 0, ordering: 'reorder', ...changes };
}
