// When did the replicas converge? The scenario samples a convergence report now and then
// after a heal; the tracker remembers since when every sample has agreed, and the largest
// sibling count seen on the way. Rule: convergence time is measured from `sinceUs` (the
// heal) to the first sample of the final run of agreeing samples, so a store that agrees
// for a moment and then drifts apart again is not counted as converged at that moment.
import type { Micros } from '../engine/time.ts';
import type { ConvergenceReport } from './convergence.ts';

export class ConvergenceTracker {
  private agreeingSinceUs: Micros | undefined;
  private samples = 0;
  private largestSiblings = 0;

  constructor(readonly sinceUs: Micros) {}

  observe(nowUs: Micros, report: ConvergenceReport): void {
    this.samples++;
    this.largestSiblings = Math.max(this.largestSiblings, report.siblingsMax);
    if (nowUs < this.sinceUs) return;
    if (!report.converged) this.agreeingSinceUs = undefined;
    else this.agreeingSinceUs ??= nowUs;
  }

  get sampleCount(): number {
    return this.samples;
  }

  get siblingsMax(): number {
    return this.largestSiblings;
  }

  /** Whether the latest sample after sinceUs agreed. */
  get isConverged(): boolean {
    return this.agreeingSinceUs !== undefined;
  }

  /** From sinceUs to the start of the final run of agreeing samples; undefined while the replicas differ. */
  get convergenceUs(): Micros | undefined {
    return this.agreeingSinceUs === undefined ? undefined : this.agreeingSinceUs - this.sinceUs;
  }
}
