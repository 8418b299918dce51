// Values the collector and the exporters would otherwise make over and over from a few
// distinct keys (`call api`, `error:shed`, a span name's JSON), made once per key and
// kept. Rule: at most `limit` keys are kept, and none is ever evicted; past the limit a
// value is made on each call, so a run whose keys never repeat costs no unbounded memory
// and gives the same output.
export class MemoTable<K, V> {
  private readonly values = new Map<K, V>();

  /** `make` is called with a key not kept yet; it must give equal values for equal keys. */
  constructor(
    private readonly make: (key: K) => V,
    private readonly limit: number,
  ) {}

  get(key: K): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.make(key);
      if (this.values.size < this.limit) this.values.set(key, value);
    }
    return value;
  }
}
