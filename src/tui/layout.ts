// How the screen is shared between the panels: header, cluster and checks on the left,
// network and metrics on the right, the event log below, a footer. Rule: everything fits
// in the terminal (80x24 at least) with one row to spare, because a frame as tall as the
// terminal makes ink clear the whole screen on every frame; extra rows go to nodes first
// (up to the cluster's size), then to the event log.
export interface ScreenSize {
  readonly columns: number;
  readonly rows: number;
}

export const DEFAULT_SCREEN: ScreenSize = { columns: 80, rows: 24 };

export interface Layout {
  readonly width: number;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Rows between the header and the footer. */
  readonly bodyRows: number;
  /** Rows of the upper panels (cluster + checks on the left, network + metrics on the right). */
  readonly upperRows: number;
  readonly nodeRows: number;
  readonly checkRows: number;
  /** Rows under the metrics for the scenario's figures. */
  readonly figureRows: number;
  readonly eventRows: number;
}

/** The network panel: title, in flight, delivered, dropped, cut links. */
export const NETWORK_PANEL_ROWS = 5;
/** The metrics panel: title and three sparklines (figures come below when there is room). */
export const METRICS_PANEL_ROWS = 4;
export const RIGHT_COLUMN_ROWS = NETWORK_PANEL_ROWS + METRICS_PANEL_ROWS;
const MIN_EVENT_ROWS = 3;
const MIN_COLUMNS = 60;
const MIN_ROWS = 16;

export interface LayoutNeeds {
  readonly nodes: number;
  /** Lines the checks would like: one per property, one more per problem to show. */
  readonly checkLines: number;
}

export function layoutFor(size: ScreenSize, needs: LayoutNeeds): Layout {
  const width = Math.max(MIN_COLUMNS, size.columns);
  const usableRows = Math.max(MIN_ROWS, size.rows) - 1;
  const bodyRows = usableRows - 2;
  const upperMax = bodyRows - 1 - MIN_EVENT_ROWS;
  const checkRows = clamp(needs.checkLines, 1, Math.max(1, Math.floor((upperMax - 2) / 3)));
  const nodeRows = clamp(needs.nodes, 1, upperMax - 2 - checkRows);
  const upperRows = Math.min(upperMax, Math.max(RIGHT_COLUMN_ROWS, 2 + nodeRows + checkRows));
  const leftWidth = Math.floor(width / 2);
  return {
    width,
    leftWidth,
    rightWidth: width - leftWidth - 1,
    bodyRows,
    upperRows,
    nodeRows,
    checkRows: upperRows - 2 - nodeRows,
    figureRows: Math.max(0, upperRows - RIGHT_COLUMN_ROWS),
    eventRows: bodyRows - 1 - upperRows,
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
