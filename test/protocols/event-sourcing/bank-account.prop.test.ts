// The bank-account aggregate over random event sequences: replaying from the start and
// replaying from a snapshot taken at any point give the same state, and a sequence of
// decisions never takes the balance below zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, EMPTY_ACCOUNT, evolve, replay, type AccountCommand, type AccountEvent, type AccountSnapshot } from '../../../src/protocols/event-sourcing/bank-account.ts';

const amount = fc.integer({ min: 1, max: 1_000 });
const event: fc.Arbitrary<AccountEvent> = fc.oneof(
  amount.map((value) => ({ type: 'deposited', amount: value }) as const),
  amount.map((value) => ({ type: 'withdrew', amount: value }) as const),
);
const command: fc.Arbitrary<AccountCommand> = fc.oneof(
  amount.map((value) => ({ type: 'deposit', account: 'a', amount: value }) as const),
  amount.map((value) => ({ type: 'withdraw', account: 'a', amount: value }) as const),
);

/** A snapshot as the store keeps it: a plain copy that went through structured cloning. */
function stored(snapshot: AccountSnapshot): AccountSnapshot {
  return structuredClone(snapshot);
}

describe('bank account replay', () => {
  it('gives the same state from the start and from a snapshot at any point', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.nat(), (events, cut) => {
        const at = cut % (events.length + 1);
        const snapshot = stored(replay(events.slice(0, at)));
        expect(snapshot.version).toBe(at);
        expect(replay(events.slice(at), snapshot)).toEqual(replay(events));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('gives the same state through a chain of snapshots every n events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (events, every) => {
        let state = EMPTY_ACCOUNT;
        for (let from = 0; from < events.length; from += every) state = stored(replay(events.slice(from, from + every), state));
        expect(state).toEqual(replay(events));
        expect(state.version).toBe(events.length);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('counts one version per event', () => {
    expect(evolve(EMPTY_ACCOUNT, { type: 'deposited', amount: 5 })).toEqual({ version: 1, balance: 5 });
    expect(replay([{ type: 'deposited', amount: 5 }, { type: 'withdrew', amount: 3 }])).toEqual({ version: 2, balance: 2 });
  });
});

describe('bank account decisions', () => {
  it('never takes the balance below zero when every command is decided on the latest state', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        let state = EMPTY_ACCOUNT;
        for (const next of commands) {
          const decision = decide(state, next);
          if (decision.kind === 'accept') state = replay(decision.events, state);
          expect(state.balance).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('refuses a withdrawal above the balance, naming the balance', () => {
    expect(decide({ version: 3, balance: 40 }, { type: 'withdraw', account: 'a', amount: 41 })).toEqual({ kind: 'reject', reason: 'insufficient-funds', balance: 40 });
    expect(decide({ version: 3, balance: 40 }, { type: 'withdraw', account: 'a', amount: 40 })).toEqual({ kind: 'accept', events: [{ type: 'withdrew', amount: 40 }] });
  });

  it('shows why the version check matters: two withdrawals decided on one state overdraw when both are kept', () => {
    const state = { version: 4, balance: 50 };
    const first = decide(state, { type: 'withdraw', account: 'a', amount: 30 });
    const second = decide(state, { type: 'withdraw', account: 'a', amount: 30 });
    if (first.kind !== 'accept' || second.kind !== 'accept') throw new Error('both withdrawals fit the balance alone');
    expect(replay([...first.events, ...second.events], state).balance).toBe(-10);
  });
});
