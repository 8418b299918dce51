// Aligned text columns for `list` and `describe`. Rule: every column but the last is
// padded to its widest cell; the last is never padded, so lines carry no trailing blanks.
const COLUMN_GAP = '  ';

export function formatTable(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)));
    return `${indent}${cells.join(COLUMN_GAP)}`.trimEnd();
  });
}
