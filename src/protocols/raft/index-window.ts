// Parallel columns of small integers kept for log indexes (or key positions) 1..n, of
// which only a window at the end is held: the front is dropped once every server is past
// it, so a checker's memory stays flat on long runs. Rule: read index i only when
// i > dropped (callers check `holds`); columns never shrink in the middle.

export class IndexWindow {
  /** Indexes 1..dropped are forgotten; index i sits at position i - 1 - dropped of each column. */
  dropped = 0;

  /** The first column (all have its length), read on every check. */
  private readonly lead: unknown[];

  constructor(private readonly columns: readonly unknown[][]) {
    const lead = columns[0];
    if (lead === undefined) throw new RangeError('index window: expected at least one column');
    this.lead = lead;
  }

  /** The highest index held (or dropped): the window ends here. */
  get length(): number {
    return this.dropped + this.lead.length;
  }

  /** Is index `index` (1-based) in the window? */
  holds(index: number): boolean {
    return index > this.dropped && index <= this.length;
  }

  /** Forgets indexes 1..index (a no-op for those already forgotten). */
  dropThrough(index: number): void {
    const count = Math.min(index, this.length) - this.dropped;
    if (count <= 0) return;
    for (const column of this.columns) column.splice(0, count);
    this.dropped += count;
  }

  /** Keeps indexes 1..index (those already forgotten stay forgotten). */
  truncateAfter(index: number): void {
    const keep = Math.max(0, index - this.dropped);
    for (const column of this.columns) if (column.length > keep) column.length = keep;
  }
}
