// Appending to the lists a run keeps by the thousand and that mostly hold one item (a
// message's deliveries, a call's attempts, an attempt's servers). Rule: a list's first item
// gets an array of its own size: V8 gives the first push onto an empty array room for 17
// items (about 130 bytes more), and the collector keeps every such list until the run
// ends, where each byte kept costs every garbage collection.

/** The list with `item` appended: a new one-item array for an empty list, else the same array. */
export function withItem<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}
