// Whatever a user does in the TUI (advance, step, step to a delivery, inject any fault
// at any moment), the session's schedule replayed from the start, stopped after the
// engine steps the session ran, gives the same trace hash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import { faultEventArbitrary } from '../../src/faults/arbitraries.ts';
import type { FaultKind } from '../../src/faults/fault-event.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { endSession } from '../../src/tui/session-end.ts';
import { TuiSession, type ManualFault } from '../../src/tui/tui-session.ts';
import { findScenario } from '../../scenarios/index.ts';
import { tickerScenario } from '../scenario/ticker-scenario.ts';

const FC_SEED = 7_070_707;

type Action =
  | { readonly action: 'advance'; readonly byUs: number }
  | { readonly action: 'step' }
  | { readonly action: 'step-to-delivery' }
  | { readonly action: 'inject'; readonly fault: ManualFault };

function actionArbitrary(nodeCount: number, kinds: readonly FaultKind[] | undefined): fc.Arbitrary<Action> {
  return fc.oneof(
    fc.integer({ min: 1, max: ms(400) }).map((byUs): Action => ({ action: 'advance', byUs })),
    fc.constant<Action>({ action: 'step' }),
    fc.constant<Action>({ action: 'step-to-delivery' }),
    faultEventArbitrary({ nodeCount, durationUs: seconds(2), ...(kinds === undefined ? {} : { kinds }) }).map(({ atUs: _atUs, ...fault }): Action => ({ action: 'inject', fault: fault as ManualFault })),
  );
}

function play(session: TuiSession, actions: readonly Action[]): void {
  for (const step of actions) {
    switch (step.action) {
      case 'advance':
        session.advanceTo(session.timeUs + step.byUs);
        break;
      case 'step':
        session.stepEvent();
        break;
      case 'step-to-delivery':
        session.stepToDelivery();
        break;
      case 'inject':
        session.inject(step.fault);
        break;
    }
  }
}

interface Case {
  readonly name: string;
  readonly scenario: Scenario;
  readonly params: Record<string, string>;
  readonly nodeCount: number;
  /** The ticker's checks read its one node's snapshot, so it is never crashed. */
  readonly kinds?: readonly FaultKind[];
}

const cases: readonly Case[] = [
  { name: 'broadcast (engine loop)', scenario: findScenario('broadcast') as Scenario, params: { nodes: '4', values: '6' }, nodeCount: 4 },
  { name: 'ticker (checked after every event)', scenario: tickerScenario, params: {}, nodeCount: 1, kinds: ['pause', 'loss-burst', 'clock-skew'] },
];

describe('replaying a TUI session', () => {
  for (const { name, scenario, params, nodeCount, kinds } of cases) {
    it(`gives the session's trace hash: ${name}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1_000 }), fc.array(actionArbitrary(nodeCount, kinds), { maxLength: 12 }), (seed, actions) => {
          const session = new TuiSession({ scenario, seed, params, untilUs: seconds(3) });
          play(session, actions);
          const end = endSession(session);
          const replay = runScenario(scenario, { seed, params, untilUs: seconds(3), maxEvents: end.replayMaxEvents, faults: end.schedule, explain: false });
          expect(replay.traceHash).toBe(end.traceHash);
          expect(replay.events).toBe(session.simulation.trace.count);
        }),
        { seed: FC_SEED, numRuns: 40 },
      );
    });
  }
});
