// The UI's own state (what is open, which node is selected, the partition being drawn,
// the event filter, the last notice) as a reducer over a tagged union of actions. Rule:
// the reducer is pure and knows nothing of the simulation; the session's state comes
// from snapshots, and what the keys do to the session goes through the driver.
import { assertNever } from '../engine/assert-never.ts';
import { NO_FILTER, nextKindFilter, nextNodeFilter, type EventFilter } from './event-filter.ts';
import { withSide } from './partition-draft.ts';

export type Overlay = 'none' | 'help' | 'node-detail' | 'partition-editor' | 'loss-chooser' | 'event-filter';

export interface TuiState {
  readonly overlay: Overlay;
  readonly selectedNode: number;
  /** A side per node, while the partition editor is open. */
  readonly partitionDraft: readonly number[];
  readonly eventFilter: EventFilter;
  /** What the last key did (or why it did nothing). */
  readonly notice: string | undefined;
}

export type TuiAction =
  | { readonly type: 'move-selection'; readonly step: 1 | -1; readonly nodeCount: number }
  | { readonly type: 'open'; readonly overlay: 'help' | 'node-detail' | 'loss-chooser' | 'event-filter' }
  | { readonly type: 'open-partition-editor'; readonly draft: readonly number[] }
  | { readonly type: 'close' }
  | { readonly type: 'set-draft-side'; readonly node: number; readonly side: number }
  | { readonly type: 'replace-draft'; readonly draft: readonly number[] }
  | { readonly type: 'step-kind-filter'; readonly step: 1 | -1 }
  | { readonly type: 'step-node-filter'; readonly step: 1 | -1; readonly nodeCount: number }
  | { readonly type: 'notice'; readonly text: string | undefined };

export const INITIAL_TUI_STATE: TuiState = {
  overlay: 'none',
  selectedNode: 0,
  partitionDraft: [],
  eventFilter: NO_FILTER,
  notice: undefined,
};

export function tuiReducer(state: TuiState, action: TuiAction): TuiState {
  switch (action.type) {
    case 'move-selection': {
      if (action.nodeCount === 0) return state;
      const selectedNode = Math.max(0, Math.min(action.nodeCount - 1, state.selectedNode + action.step));
      return { ...state, selectedNode };
    }
    case 'open':
      return { ...state, overlay: action.overlay };
    case 'open-partition-editor':
      return { ...state, overlay: 'partition-editor', partitionDraft: action.draft };
    case 'close':
      return { ...state, overlay: 'none', partitionDraft: [] };
    case 'set-draft-side':
      return { ...state, partitionDraft: withSide(state.partitionDraft, action.node, action.side) };
    case 'replace-draft':
      return { ...state, partitionDraft: action.draft };
    case 'step-kind-filter':
      return { ...state, eventFilter: { ...state.eventFilter, kind: nextKindFilter(state.eventFilter.kind, action.step) } };
    case 'step-node-filter':
      return { ...state, eventFilter: { ...state.eventFilter, node: nextNodeFilter(state.eventFilter.node, action.step, action.nodeCount) } };
    case 'notice':
      return state.notice === action.text ? state : { ...state, notice: action.text };
    default:
      return assertNever(action);
  }
}
