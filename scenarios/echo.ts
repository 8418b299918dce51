// echo: clients send numbered requests to one server over a lossy, duplicating
// network, and the server sends each one back.
//
// For a learner: this is the smallest distributed system there is, and it already
// shows the two basic network faults. Some requests or replies are lost (the client
// never hears back), and some are duplicated (the client hears back twice). Count
// them in the report, then change `loss` and `duplicate` and watch the counts move.
import { ms, seconds } from '../src/engine/time.ts';
import type { NodeBehavior, NodeContext } from '../src/node/node-api.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { param } from '../src/scenario/params.ts';

type EchoMessage = { readonly type: 'request'; readonly requestId: number } | { readonly type: 'reply'; readonly requestId: number };

const SERVER = 0;

function echoServer(): NodeBehavior<EchoMessage> {
  return {
    onMessage(context, from, message) {
      if (message.type === 'request') context.send(from, { type: 'reply', requestId: message.requestId });
    },
  };
}

interface ClientTally {
  sent: number;
  answered: Set<number>;
  duplicateReplies: number;
  unexpectedReplies: number;
}

function echoClient(tally: ClientTally, requests: number, intervalUs: number): NodeBehavior<EchoMessage, 'next'> {
  const sendNext = (context: NodeContext<EchoMessage, 'next'>): void => {
    if (tally.sent >= requests) return;
    context.send(SERVER, { type: 'request', requestId: tally.sent++ });
    context.setTimer(intervalUs, 'next');
  };
  return {
    onStart: sendNext,
    onRecover: sendNext,
    onTimer: sendNext,
    onMessage(_context, _from, message) {
      if (message.type !== 'reply') return;
      if (message.requestId >= tally.sent) tally.unexpectedReplies++;
      else if (tally.answered.has(message.requestId)) tally.duplicateReplies++;
      else tally.answered.add(message.requestId);
    },
  };
}

export default defineScenario({
  name: 'echo',
  summary: 'clients send requests to one server over a lossy link; replies are counted',
  description: [
    'Clients send numbered requests to one server, which echoes each one back.',
    'The network loses and duplicates messages, so some requests go unanswered',
    'and some are answered twice. The report counts both; the run fails if a',
    'client ever receives a reply to a request it did not send.',
  ].join('\n'),
  durationUs: seconds(10),
  params: {
    clients: param.int({ default: 3, min: 1, max: 10_000, description: 'number of client nodes' }),
    requests: param.int({ default: 20, min: 1, max: 1_000_000, description: 'requests each client sends' }),
    interval: param.duration({ default: ms(100), min: 1, max: seconds(60), description: 'time between a client’s requests' }),
    loss: param.number({ default: 0.1, min: 0, max: 1, description: 'probability a message is lost' }),
    duplicate: param.number({ default: 0.05, min: 0, max: 1, description: 'probability a message is delivered twice' }),
    ordering: param.enum({ values: ['reorder', 'fifo'], default: 'reorder', description: 'per-link delivery order' }),
  },
  setup(world, params) {
    world.network.setDefaultLink({
      latency: { kind: 'lognormal', baseUs: ms(1), medianUs: ms(4), sigma: 0.5 },
      lossProbability: params.loss,
      duplicateProbability: params.duplicate,
      ordering: params.ordering,
    });
    world.cluster.addNode(echoServer);
    const tallies: ClientTally[] = [];
    for (let index = 0; index < params.clients; index++) {
      const tally: ClientTally = { sent: 0, answered: new Set(), duplicateReplies: 0, unexpectedReplies: 0 };
      tallies.push(tally);
      world.cluster.addNode(() => echoClient(tally, params.requests, params.interval));
    }
    const total = (pick: (tally: ClientTally) => number): number => tallies.reduce((sum, tally) => sum + pick(tally), 0);
    world.summary('requests', () => total((tally) => tally.sent));
    world.summary('answered', () => total((tally) => tally.answered.size));
    world.summary('duplicate replies', () => total((tally) => tally.duplicateReplies));
    world.properties.atEnd('replies match requests', () => {
      const unexpected = total((tally) => tally.unexpectedReplies);
      return unexpected === 0 ? undefined : `${unexpected} replies answered requests that were never sent`;
    });
  },
});
