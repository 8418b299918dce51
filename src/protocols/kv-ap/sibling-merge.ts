// How a client merges the siblings a read returns, for values that are runs of appended
// tokens (`1.1.0;2.1.3;`): it keeps the first sibling's tokens in order, then adds every
// token of the later siblings it has not seen yet. Rule: no token any sibling holds is
// dropped, so writing the merge back (with the read's context) loses nothing; the order
// of the result is deterministic (siblings come sorted by dot), not the order of events.

export function mergeTokenValues(values: readonly string[]): string {
  if (values.length <= 1) return values[0] ?? '';
  const seen = new Set<string>();
  let merged = '';
  for (const value of values) {
    let start = 0;
    for (let index = 0; index < value.length; index++) {
      if (value[index] !== ';') continue;
      const token = value.slice(start, index + 1);
      start = index + 1;
      if (seen.has(token)) continue;
      seen.add(token);
      merged += token;
    }
  }
  return merged;
}
