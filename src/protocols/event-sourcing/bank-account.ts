// The bank-account aggregate: its events, its state, how an event changes the state
// (evolve), and how a command becomes events or a refusal (decide). Rule: everything
// here is a pure function of its arguments; the state is never stored as the truth,
// only rebuilt by replaying events, from the start or from a snapshot.
import { assertNever } from '../../engine/assert-never.ts';

/** What happened to an account. Amounts are whole units, always above 0. */
export type AccountEvent =
  | { readonly type: 'deposited'; readonly amount: number }
  | { readonly type: 'withdrew'; readonly amount: number };

/** What a client asks for. */
export type AccountCommand =
  | { readonly type: 'deposit'; readonly account: string; readonly amount: number }
  | { readonly type: 'withdraw'; readonly account: string; readonly amount: number };

/** An account's state after `version` events (version 0: no event yet, balance 0). */
export interface AccountState {
  readonly version: number;
  readonly balance: number;
}

/** A state saved so that loading need not replay every event: the state at `version`. */
export type AccountSnapshot = AccountState;

export const EMPTY_ACCOUNT: AccountState = { version: 0, balance: 0 };

export type Decision =
  | { readonly kind: 'accept'; readonly events: readonly AccountEvent[] }
  | { readonly kind: 'reject'; readonly reason: 'insufficient-funds'; readonly balance: number };

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'deposited':
      return { version: state.version + 1, balance: state.balance + event.amount };
    case 'withdrew':
      return { version: state.version + 1, balance: state.balance - event.amount };
    default:
      return assertNever(event);
  }
}

/** The state after `events`, starting from `from` (the empty account, or a snapshot). */
export function replay(events: readonly AccountEvent[], from: AccountState = EMPTY_ACCOUNT): AccountState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

/** A withdrawal that would take the balance below zero is refused; everything else is accepted. */
export function decide(state: AccountState, command: AccountCommand): Decision {
  switch (command.type) {
    case 'deposit':
      return { kind: 'accept', events: [{ type: 'deposited', amount: command.amount }] };
    case 'withdraw':
      if (command.amount > state.balance) return { kind: 'reject', reason: 'insufficient-funds', balance: state.balance };
      return { kind: 'accept', events: [{ type: 'withdrew', amount: command.amount }] };
    default:
      return assertNever(command);
  }
}

/** How much an event changes the balance (for projections, which fold balances only). */
export function balanceChange(event: AccountEvent): number {
  return event.type === 'deposited' ? event.amount : -event.amount;
}
