// A leader's read lease. The leader numbers its heartbeat rounds; a follower echoes the
// round of every AppendEntries it accepts. Once a majority (the leader included) has
// echoed round r, nobody else can become leader until those followers stop hearing from
// this leader for a minimum election timeout (they refuse votes meanwhile; see
// leader-contact.ts), so the leader may answer reads alone until round r's own timer,
// started when the round began, runs out.
// Rule: the lease is measured with timers, never by comparing clock readings, so a clock
// that jumps (the clock-skew fault) cannot stretch it; only drift can, and the lease
// stops short of the election timeout (LEASE_SHARE_OF_ELECTION_TIMEOUT) to cover that.
import type { Micros } from '../../engine/time.ts';
import type { NodeId } from '../../node/node-api.ts';
import { highestHeldByMajority, LEASE_SHARE_OF_ELECTION_TIMEOUT, majorityOf, type RaftOptions } from './raft-options.ts';

export class LeaderLease {
  /** The current heartbeat round (0: none yet this leadership). */
  round = 0;
  /** Highest round a majority has acknowledged. */
  private majorityRound = 0;
  /** Highest round whose lease time has run out. */
  private expiredRound = 0;
  private readonly acknowledgedRound: number[];
  readonly durationUs: Micros;

  constructor(private readonly options: RaftOptions) {
    this.acknowledgedRound = new Array<number>(options.serverCount).fill(0);
    this.durationUs = Math.floor(options.electionTimeoutMinUs * LEASE_SHARE_OF_ELECTION_TIMEOUT);
  }

  get isHeld(): boolean {
    return this.majorityRound > this.expiredRound;
  }

  /** Forgets everything: called when a server becomes leader. */
  reset(): void {
    this.round = 0;
    this.majorityRound = 0;
    this.expiredRound = 0;
    this.acknowledgedRound.fill(0);
  }

  /** Starts the next round; returns its number. */
  nextRound(): number {
    return ++this.round;
  }

  expire(round: number): void {
    if (round > this.expiredRound) this.expiredRound = round;
  }

  acknowledge(peer: NodeId, round: number, self: NodeId): void {
    if (round <= (this.acknowledgedRound[peer] as number)) return;
    this.acknowledgedRound[peer] = round;
    this.acknowledgedRound[self] = this.round;
    const agreed = highestHeldByMajority(this.acknowledgedRound, majorityOf(this.options.serverCount));
    if (agreed > this.majorityRound) this.majorityRound = agreed;
  }
}
