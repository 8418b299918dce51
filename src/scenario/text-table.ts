// Aligned text columns for reports and the CLI (`list`, `describe`, compare and figure
// tables). Rule: every column but the last is padded to its widest cell (right-aligned
// columns are padded on the left, for numbers); lines carry no trailing blanks.
const COLUMN_GAP = '  ';

export type ColumnAlignment = 'left' | 'right';

export interface TableLayout {
  /** Put before every line. */
  readonly indent?: string;
  /** Per column; columns not listed are left-aligned. */
  readonly align?: readonly ColumnAlignment[];
}

export function formatTable(rows: readonly (readonly string[])[], layout: string | TableLayout = ''): string[] {
  const { indent = '', align = [] } = typeof layout === 'string' ? { indent: layout } : layout;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, column) => {
      const width = widths[column] ?? 0;
      if (align[column] === 'right') return cell.padStart(width);
      return column === row.length - 1 ? cell : cell.padEnd(width);
    });
    return `${indent}${cells.join(COLUMN_GAP)}`.trimEnd();
  });
}
