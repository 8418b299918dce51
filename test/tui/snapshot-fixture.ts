// A fixed session snapshot for rendering panels without a simulation: five nodes split
// two against three, node 3 crashed, one check pending and one violated.
import { ms, seconds } from '../../src/engine/time.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { EventList, type SessionSnapshot } from '../../src/tui/session-snapshot.ts';
import type { TrafficInterval } from '../../src/tui/traffic-meter.ts';

const interval = (index: number, delivered: number, latencyP99Us: number | undefined, fewestNodesUp: number): TrafficInterval => ({
  startUs: index * ms(200),
  sent: delivered + 2,
  delivered,
  duplicated: 0,
  droppedByLoss: 1,
  droppedByPartition: 1,
  droppedByNodeDown: 0,
  latencyP99Us,
  fewestNodesUp,
});

export const FIXED_EVENTS: readonly TraceEvent[] = [
  { index: 40, timeUs: ms(2300), kind: 'send', from: 0, to: 1, messageId: 17, detail: { type: 'gossip', values: [3] } },
  { index: 41, timeUs: ms(2304), kind: 'deliver', from: 0, to: 1, messageId: 17, detail: { type: 'gossip', values: [3] } },
  { index: 42, timeUs: ms(2310), kind: 'drop', from: 2, to: 0, messageId: 18, reason: 'partition', detail: { type: 'ack', values: [3] } },
  { index: 43, timeUs: ms(2320), kind: 'timer', node: 4 },
  { index: 44, timeUs: ms(2330), kind: 'crash', node: 3 },
];

export function fixedSnapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    scenario: 'broadcast',
    seed: 42,
    changedParams: 'loss=0.1',
    timeUs: ms(2350),
    untilUs: seconds(10),
    runState: 'running',
    speed: 1,
    verdict: { verdict: 'ok-so-far' },
    nodeCount: 5,
    nodesUp: 4,
    nodes: [
      { id: 0, status: 'up', side: 0, state: { role: 'leader', parts: ['t3', 'seen 7'] } },
      { id: 1, status: 'up', side: 0, state: { role: 'follower', parts: ['t3', 'seen 7'] } },
      { id: 2, status: 'up', side: 1, state: { role: undefined, parts: ['seen 5'] } },
      { id: 3, status: 'crashed', side: 1, state: { role: undefined, parts: [] } },
      { id: 4, status: 'paused', side: 1, state: { role: undefined, parts: ['seen 5'] } },
    ],
    focusedNode: { id: 2, snapshot: { seen: [1, 2] } },
    partition: { description: '{0,1}|{2,3,4}', sides: [[0, 1], [2, 3, 4]], cutLinks: 12, links: 20 },
    network: {
      inFlight: 12,
      perSecond: { sent: 360, delivered: 340, duplicated: 0, droppedByLoss: 3, droppedByPartition: 15, droppedByNodeDown: 0 },
      linkLoss: 0.1,
      lossBurst: { probability: 0.5, untilUs: ms(3500) },
    },
    intervalUs: ms(200),
    intervals: [interval(0, 10, ms(2), 5), interval(1, 40, ms(4), 5), interval(2, 80, ms(8), 5), interval(3, 20, undefined, 4)],
    figures: { values: 10, 'nodes with every value': 3 },
    checks: [
      { name: 'every node sees every value', kind: 'atEnd', check: { state: 'pending', decidedAtUs: 'end', preview: { now: 'broken', message: 'node 2 has not seen value 4' } } },
      {
        name: 'one leader per term',
        kind: 'always',
        check: { state: 'violated', violation: { property: 'one leader per term', kind: 'always', timeUs: ms(2100), eventIndex: 38, message: 'nodes 0 and 2 lead term 3', nodes: [0, 2] } },
      },
    ],
    events: new EventList(FIXED_EVENTS),
    manualFaults: [{ atUs: ms(2330), kind: 'crash', node: 3 }],
    traceEvents: 45,
    ...overrides,
  };
}
