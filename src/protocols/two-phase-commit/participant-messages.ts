// What a 2PC coordinator and its participants say to each other. Rule: every message
// names the trip, so a participant answers a repeated request from what its log holds.
import type { Trip } from '../saga/trip.ts';

export type ParticipantRequest =
  | { readonly type: 'prepare'; readonly trip: Trip }
  | { readonly type: 'commit'; readonly trip: Trip }
  | { readonly type: 'abort'; readonly trip: Trip };

export type Vote = 'yes' | 'no';

/** The state a participant reports after a decision: it may differ from the decision if it decided alone. */
export type FinalState = 'committed' | 'aborted';

export type ParticipantReply =
  | { readonly type: 'vote'; readonly tripId: string; readonly vote: Vote }
  | { readonly type: 'ack'; readonly tripId: string; readonly state: FinalState };
