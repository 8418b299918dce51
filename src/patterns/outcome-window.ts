// A count-based sliding window of call outcomes: the last `size` calls, and how many of
// them failed. Rule: fixed size, allocated once; pushing past the size forgets the oldest.
export class OutcomeWindow {
  private readonly failed: boolean[];
  private next = 0;
  private filled = 0;
  private failureCount = 0;

  constructor(readonly size: number) {
    this.failed = new Array<boolean>(size).fill(false);
  }

  /** Outcomes held (at most size). */
  get count(): number {
    return this.filled;
  }

  get failures(): number {
    return this.failureCount;
  }

  /** Failed fraction of the outcomes held; 0 for an empty window. */
  get failureRate(): number {
    return this.filled === 0 ? 0 : this.failureCount / this.filled;
  }

  push(isFailure: boolean): void {
    if (this.filled === this.size) {
      if (this.failed[this.next] === true) this.failureCount--;
    } else {
      this.filled++;
    }
    this.failed[this.next] = isFailure;
    if (isFailure) this.failureCount++;
    this.next = (this.next + 1) % this.size;
  }

  clear(): void {
    this.failed.fill(false);
    this.next = 0;
    this.filled = 0;
    this.failureCount = 0;
  }
}
