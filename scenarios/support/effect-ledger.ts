// What the servers did, counted per logical request: a charge made, an order written, a
// unit of work done. Rule: a service calls apply(key) in the same step as it performs the
// effect, with the logical request's key (the same across retries and duplicates), so
// every application after a key's first is a duplicate effect: work done twice, or a
// customer charged twice.
export class EffectLedger {
  private readonly applied = new Map<string, number>();
  private duplicates = 0;

  apply(key: string): void {
    const count = this.applied.get(key) ?? 0;
    if (count > 0) this.duplicates++;
    this.applied.set(key, count + 1);
  }

  /** How many times the effect for `key` was applied. */
  countOf(key: string): number {
    return this.applied.get(key) ?? 0;
  }

  get duplicateEffects(): number {
    return this.duplicates;
  }

  get keys(): number {
    return this.applied.size;
  }

  /** Keys applied more than once, in the order they were first applied. */
  repeated(): [key: string, count: number][] {
    return [...this.applied].filter(([, count]) => count > 1);
  }
}
