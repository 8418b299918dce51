// The input hook: key bindings, and nothing else. Each key either changes the UI state
// (through the reducer) or asks the driver to act on the session (pause, step, inject a
// fault); the result is shown as a notice. Rule: every binding is listed in key-help.ts.
import { useInput, type Key } from 'ink';
import { useCallback, useRef, type Dispatch } from 'react';
import { describeFault } from '../faults/fault-script.ts';
import { LOSS_BURST_DURATION_US, LOSS_CHOICES } from './loss-choices.ts';
import { draftToSpec, DRAFT_SIDES, initialDraft, isolating } from './partition-draft.ts';
import type { SessionDriver } from './session-driver.ts';
import type { SessionEnd } from './session-end.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import type { InjectOutcome, ManualFault } from './tui-session.ts';
import { tuiReducer, type TuiAction, type TuiState } from './tui-state.ts';

export interface TuiInputContext {
  readonly driver: SessionDriver;
  readonly state: TuiState;
  readonly dispatch: Dispatch<TuiAction>;
  readonly snapshot: SessionSnapshot;
  readonly onQuit: (end: SessionEnd) => void;
}

export function useTuiInput(context: TuiInputContext): void {
  // Keys typed together arrive in one chunk and are handled one after another, maybe
  // before React renders in between. So the listener reads the latest context through a
  // ref, and the UI state through one that each dispatch moves on at once (with the
  // same reducer React then applies), so every key acts on what the keys before it did.
  const latest = useRef(context);
  latest.current = context;
  const state = useRef(context.state);
  state.current = context.state;
  const onKey = useCallback((input: string, key: Key) => {
    const base = latest.current;
    const dispatch = (action: TuiAction): void => {
      state.current = tuiReducer(state.current, action);
      base.dispatch(action);
    };
    for (const [oneInput, oneKey] of singleKeys(input, key)) {
      if (handleKey(oneInput, oneKey, { ...base, state: state.current, dispatch }) === 'quit') return;
    }
  }, []);
  useInput(onKey);
}

/**
 * ink hands plain characters typed together ("i" and enter, as one chunk) over as one
 * string, as if pasted; here each is a key of its own.
 */
function singleKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  return [...input].map((character) => {
    const isReturn = character === '\r' || character === '\n';
    return [isReturn ? '' : character, { ...key, return: isReturn }];
  });
}

/** Acts on one key; 'quit' once the session has ended (keys after that are ignored). */
export function handleKey(input: string, key: Key, context: TuiInputContext): 'quit' | 'continue' {
  if (input === 'q' || (key.ctrl && input === 'c')) {
    context.onQuit(context.driver.quit());
    return 'quit';
  }
  const notice = keyInOverlay(input, key, context);
  context.dispatch({ type: 'notice', text: notice });
  return 'continue';
}

/** Routes a key by what is open; returns the notice to show (undefined clears it). */
function keyInOverlay(input: string, key: Key, context: TuiInputContext): string | undefined {
  switch (context.state.overlay) {
    case 'none':
      return mainKey(input, key, context);
    case 'help':
      if (input === '?' || key.escape || key.return) context.dispatch({ type: 'close' });
      return undefined;
    case 'node-detail':
      if (key.escape || key.return) context.dispatch({ type: 'close' });
      else moveSelection(key, context);
      return undefined;
    case 'partition-editor':
      return partitionEditorKey(input, key, context);
    case 'loss-chooser':
      return lossChooserKey(input, key, context);
    case 'event-filter':
      return eventFilterKey(key, input, context);
  }
}

function mainKey(input: string, key: Key, context: TuiInputContext): string | undefined {
  const { driver, dispatch, snapshot, state } = context;
  if (moveSelection(key, context)) return undefined;
  if (key.return) return void dispatch({ type: 'open', overlay: 'node-detail' });
  switch (input) {
    case ' ':
      return driver.togglePause();
    case 'n':
      return driver.stepEvent();
    case '.':
      return driver.stepToDelivery();
    case '+':
    case '=':
      return driver.faster();
    case '-':
    case '_':
      return driver.slower();
    case 'c':
      return inject(driver, { kind: 'crash', node: state.selectedNode });
    case 'r':
      return inject(driver, { kind: 'restart', node: state.selectedNode });
    case 'h':
      return inject(driver, { kind: 'heal' });
    case 'p':
      dispatch({ type: 'open-partition-editor', draft: initialDraft(snapshot.nodeCount, snapshot.partition?.sides) });
      return 'choose a side for each node, then enter';
    case 'l':
      return void dispatch({ type: 'open', overlay: 'loss-chooser' });
    case 'f':
      return void dispatch({ type: 'open', overlay: 'event-filter' });
    case '?':
      return void dispatch({ type: 'open', overlay: 'help' });
    default:
      return undefined;
  }
}

/** Arrow keys move the selection (and the driver's focus); true when the key was one. */
function moveSelection(key: Key, context: TuiInputContext): boolean {
  const step = key.upArrow || key.leftArrow ? -1 : key.downArrow || key.rightArrow ? 1 : 0;
  if (step === 0) return false;
  const nodeCount = context.snapshot.nodeCount;
  const next = Math.max(0, Math.min(nodeCount - 1, context.state.selectedNode + step));
  context.dispatch({ type: 'move-selection', step, nodeCount });
  context.driver.focusNode(next);
  return true;
}

function partitionEditorKey(input: string, key: Key, context: TuiInputContext): string | undefined {
  const { dispatch, state, snapshot } = context;
  if (key.escape || input === 'p') {
    dispatch({ type: 'close' });
    return 'partition cancelled';
  }
  if (key.upArrow || key.downArrow) {
    moveSelection(key, context);
    return undefined;
  }
  const side = 'abcd'.indexOf(input.toLowerCase());
  if (side >= 0 && input !== '') return void dispatch({ type: 'set-draft-side', node: state.selectedNode, side });
  if (input === ' ') {
    const current = state.partitionDraft[state.selectedNode] ?? 0;
    return void dispatch({ type: 'set-draft-side', node: state.selectedNode, side: (current + 1) % DRAFT_SIDES });
  }
  if (input === 'i') return void dispatch({ type: 'replace-draft', draft: isolating(snapshot.nodeCount, state.selectedNode) });
  if (!key.return) return undefined;
  const draft = draftToSpec(state.partitionDraft);
  if (draft.outcome === 'incomplete') return draft.reason;
  dispatch({ type: 'close' });
  return inject(context.driver, { kind: 'partition', partition: draft.spec });
}

function lossChooserKey(input: string, key: Key, context: TuiInputContext): string | undefined {
  if (key.escape || input === 'l') {
    context.dispatch({ type: 'close' });
    return 'loss burst cancelled';
  }
  const probability = LOSS_CHOICES[Number(input) - 1];
  if (probability === undefined || !/^[1-9]$/.test(input)) return undefined;
  context.dispatch({ type: 'close' });
  return inject(context.driver, { kind: 'loss-burst', probability, durationUs: LOSS_BURST_DURATION_US });
}

function eventFilterKey(key: Key, input: string, context: TuiInputContext): string | undefined {
  const { dispatch, snapshot } = context;
  if (key.escape || key.return || input === 'f') dispatch({ type: 'close' });
  else if (key.leftArrow || key.rightArrow) dispatch({ type: 'step-kind-filter', step: key.leftArrow ? -1 : 1 });
  else if (key.upArrow || key.downArrow) dispatch({ type: 'step-node-filter', step: key.upArrow ? -1 : 1, nodeCount: snapshot.nodeCount });
  return undefined;
}

function inject(driver: SessionDriver, fault: ManualFault): string {
  return describeInjection(driver.inject(fault));
}

export function describeInjection(outcome: InjectOutcome): string {
  return outcome.outcome === 'applied' ? `${describeFault(outcome.event)} (kept for the replay)` : `not done: ${outcome.reason}`;
}
