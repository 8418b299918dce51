// A summary figure as a table cell. Rule: integers print as they are; other numbers get
// a fixed number of decimals by size (four below 1, so 0.9990 and 0.9999 stay apart),
// so a column of like figures lines up and compares at a glance.
export function formatFigure(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 1000) return value.toFixed(0);
  if (size >= 100) return value.toFixed(1);
  if (size >= 1) return value.toFixed(2);
  return value.toFixed(4);
}
