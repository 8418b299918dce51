// The state hook: the UI reducer, and the session snapshot read from the driver through
// useSyncExternalStore (the simulation lives outside React).
import { useReducer, useSyncExternalStore, type Dispatch } from 'react';
import type { SessionDriver } from './session-driver.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { INITIAL_TUI_STATE, tuiReducer, type TuiAction, type TuiState } from './tui-state.ts';

export interface TuiStateHook {
  readonly state: TuiState;
  readonly dispatch: Dispatch<TuiAction>;
  readonly snapshot: SessionSnapshot;
}

export function useTuiState(driver: SessionDriver): TuiStateHook {
  const [state, dispatch] = useReducer(tuiReducer, INITIAL_TUI_STATE);
  const snapshot = useSyncExternalStore(driver.subscribe, driver.getSnapshot);
  return { state, dispatch, snapshot };
}
