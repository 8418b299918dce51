// A binary heap of lane numbers ordered by a key, then by lane number, for the
// LaneAllocator (busy lanes by end time, free lanes by number). Rule: equal keys pop the
// lowest lane first, so the order never rests on how the heap happened to be built.
export class MinHeap {
  private readonly keys: number[] = [];
  private readonly lanes: number[] = [];

  get size(): number {
    return this.lanes.length;
  }

  peekKey(): number {
    return this.keys[0] as number;
  }

  /** `key` 0 orders by lane number alone (the free lanes). */
  push(lane: number, key: number): void {
    let index = this.lanes.length;
    this.keys.push(key);
    this.lanes.push(lane);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.isBefore(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): number {
    const top = this.lanes[0] as number;
    const lastKey = this.keys.pop() as number;
    const lastLane = this.lanes.pop() as number;
    if (this.lanes.length === 0) return top;
    this.keys[0] = lastKey;
    this.lanes[0] = lastLane;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.lanes.length && this.isBefore(left, smallest)) smallest = left;
      if (right < this.lanes.length && this.isBefore(right, smallest)) smallest = right;
      if (smallest === index) return top;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private isBefore(first: number, second: number): boolean {
    const difference = (this.keys[first] as number) - (this.keys[second] as number);
    return difference < 0 || (difference === 0 && (this.lanes[first] as number) < (this.lanes[second] as number));
  }

  private swap(first: number, second: number): void {
    const key = this.keys[first] as number;
    this.keys[first] = this.keys[second] as number;
    this.keys[second] = key;
    const lane = this.lanes[first] as number;
    this.lanes[first] = this.lanes[second] as number;
    this.lanes[second] = lane;
  }
}
