// Test fixture: a small store (five nodes by default) and one scripted client node that
// runs the process a test gives it, on a network with fixed 1ms links, so that a test
// can cut the network, write, read, heal and look at every replica by hand.
import { Simulation } from '../../../src/engine/simulation.ts';
import { ms, type Micros } from '../../../src/engine/time.ts';
import { Cluster } from '../../../src/node/cluster.ts';
import type { NodeId } from '../../../src/node/node-api.ts';
import type { Process } from '../../../src/node/process.ts';
import { rpcNode } from '../../../src/node/rpc-node.ts';
import type { PartitionSpec } from '../../../src/net/partition.ts';
import { call } from '../../../src/node/process.ts';
import type { CallResult } from '../../../src/node/call-result.ts';
import { emptyKvApMetrics, type KvApMetrics } from '../../../src/protocols/kv-ap/kv-ap-metrics.ts';
import type { ClientRequest, StoreReply } from '../../../src/protocols/kv-ap/kv-ap-messages.ts';
import { kvApStoreNode, ringFor } from '../../../src/protocols/kv-ap/kv-ap-node.ts';
import { DEFAULT_KV_AP_TIMING, type KvApOptions } from '../../../src/protocols/kv-ap/kv-ap-options.ts';
import { storeViewOf, type KvApNodeView } from '../../../src/protocols/kv-ap/kv-ap-view.ts';
import { snapshotStore, type StoreSnapshot } from '../../../src/protocols/kv-ap/store-observation.ts';
import type { HashRing } from '../../../src/protocols/kv-ap/hash-ring.ts';

export const TEST_OPTIONS: KvApOptions = {
  storeNodes: 5,
  replicas: 3,
  readQuorum: 2,
  writeQuorum: 2,
  conflict: 'lww',
  ...DEFAULT_KV_AP_TIMING,
  hintedHandoff: true,
  readRepair: true,
  antiEntropy: true,
};

export class StoreWorld {
  readonly simulation: Simulation;
  readonly cluster: Cluster;
  readonly metrics: KvApMetrics = emptyKvApMetrics();
  readonly ring: HashRing;
  /** The scripted client: node id storeNodes. */
  readonly client: NodeId;

  constructor(
    readonly options: KvApOptions,
    script: () => Process<void>,
    seed = 1,
  ) {
    this.simulation = new Simulation(seed);
    this.cluster = new Cluster(this.simulation);
    this.cluster.network.setDefaultLink({ latency: { kind: 'constant', baseUs: ms(1) }, lossProbability: 0, duplicateProbability: 0, ordering: 'fifo' });
    this.cluster.addNodes(options.storeNodes, kvApStoreNode(options, this.metrics));
    this.client = this.cluster.addNode(() => rpcNode({ onStart: (host) => host.spawn(script(), 'script') }));
    this.ring = ringFor(options);
    this.cluster.start();
  }

  runUntil(timeUs: Micros): void {
    this.simulation.runUntil(timeUs);
  }

  partition(spec: PartitionSpec): void {
    this.cluster.network.partition(spec);
  }

  heal(): void {
    this.cluster.network.heal();
  }

  view(node: NodeId): KvApNodeView {
    const view = storeViewOf(this.cluster.inspect(node));
    if (view === undefined) throw new Error(`node ${node} shows no store view`);
    return view;
  }

  snapshot(): StoreSnapshot {
    return snapshotStore((node) => this.cluster.inspect(node), this.ring, this.options.replicas);
  }

  replicasOf(key: string): readonly NodeId[] {
    return this.ring.preferenceList(key, this.options.replicas);
  }
}

/** The client's call to a coordinator, with a generous timeout. */
export function* ask(coordinator: NodeId, request: ClientRequest): Process<CallResult<StoreReply>> {
  return yield* call<StoreReply>(coordinator, request, { timeoutUs: ms(500) });
}
