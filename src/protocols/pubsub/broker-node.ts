// The broker as a node: serves publish, fetch, ack and nack requests (rpc calls), with a
// Broker rebuilt from durable storage in every incarnation.
// Rule: build it inside the node factory (`cluster.addNode(() => brokerNode(...))`), so a
// restart starts from what is on disk and nothing else.
import { assertNever } from '../../engine/assert-never.ts';
import { ok, type CallResult } from '../../node/call-result.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { Process } from '../../node/process.ts';
import { rpcNode, type RpcNodeBehavior } from '../../node/rpc-node.ts';
import { Broker } from './broker.ts';
import type { BrokerMetrics } from './broker-metrics.ts';
import type { BrokerReply, BrokerRequest } from './pubsub-messages.ts';
import { checkBrokerOptions, type BrokerOptions } from './pubsub-options.ts';

export function brokerNode(options: BrokerOptions, metrics: BrokerMetrics): RpcNodeBehavior<BrokerRequest, BrokerReply> {
  checkBrokerOptions(options);
  let broker: Broker | undefined;
  const serve = function* (request: BrokerRequest, from: NodeId): Process<CallResult<BrokerReply>> {
    return ok(handle(broker as Broker, request, from));
  };
  return rpcNode<BrokerRequest, BrokerReply>({
    serve,
    onStart: (_host, context) => {
      broker = new Broker(options, metrics, context);
    },
    inspect: () => broker?.inspect(),
  });
}

function handle(broker: Broker, request: BrokerRequest, from: NodeId): BrokerReply {
  switch (request.type) {
    case 'publish':
      return broker.publish(request.topic, request);
    case 'fetch':
      return broker.fetch(request.group, from, request.maxMessages);
    case 'ack':
      return broker.ack(request.group, request.partition, request.offset);
    case 'nack':
      return broker.nack(request.group, request.partition, request.offset);
    default:
      return assertNever(request);
  }
}
