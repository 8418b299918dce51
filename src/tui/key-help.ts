// Every key the TUI understands, in one table: the help screen lists it whole and the
// footer shows the most used. Rule: a binding added to the input hook is added here too.
export interface KeyHelp {
  readonly keys: string;
  readonly action: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: 'space', action: 'pause / resume' },
  { keys: 'n', action: 'step one event (pauses)' },
  { keys: '.', action: 'step to the next message delivery (pauses)' },
  { keys: '+ / -', action: 'faster / slower (x real time, up to max)' },
  { keys: '↑ / ↓', action: 'select a node' },
  { keys: 'enter', action: "show the selected node's state in detail" },
  { keys: 'c', action: 'crash the selected node' },
  { keys: 'r', action: 'restart the selected node' },
  { keys: 'p', action: 'partition: choose a side for each node' },
  { keys: 'h', action: 'heal the partition' },
  { keys: 'l', action: 'add a loss burst on every link' },
  { keys: 'f', action: 'filter events by node and kind' },
  { keys: '?', action: 'show or hide this help' },
  { keys: 'q', action: 'quit, printing the seed and the replay command' },
];

/** The keys the footer shows when there is nothing else to say. */
export const FOOTER_KEYS: readonly KeyHelp[] = [
  { keys: 'space', action: 'pause' },
  { keys: 'n', action: 'step' },
  { keys: '+-', action: 'speed' },
  { keys: 'p', action: 'partition' },
  { keys: 'h', action: 'heal' },
  { keys: 'c', action: 'crash' },
  { keys: '?', action: 'keys' },
  { keys: 'q', action: 'quit' },
];
