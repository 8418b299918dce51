// A node's durable storage: what it writes here survives crash and restart.
// Rule: values are deep-copied on write, so later changes to volatile objects can
// never leak into what "the disk" holds. Treat values read back as immutable.

export class DurableStorage {
  private readonly entries = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, structuredClone(value));
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keys in insertion order. */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
