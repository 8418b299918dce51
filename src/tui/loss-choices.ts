// The loss bursts `l` offers: a probability on keys 1 to 5, for a fixed virtual time.
import { seconds } from '../engine/time.ts';

export const LOSS_CHOICES: readonly number[] = [0.1, 0.25, 0.5, 0.9, 1];

/** How long a loss burst added by hand lasts, in virtual time. */
export const LOSS_BURST_DURATION_US = seconds(2);
