// Seeds for runs given no --seed. Rule: this is host code, the one place a seed comes
// from entropy; the seed is printed before the run starts so any run can be replayed.
import { randomInt } from 'node:crypto';

/** Exclusive upper bound: seeds drawn here fit in 32 bits, short enough to type. */
const HOST_SEED_LIMIT = 2 ** 32;

export function hostEntropySeed(): number {
  return randomInt(0, HOST_SEED_LIMIT);
}
