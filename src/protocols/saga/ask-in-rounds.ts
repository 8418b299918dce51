// Asking a service again and again until it answers: a saga's compensation, a 2PC
// decision, which must reach the service however long it is down. Rule: the rounds are
// finite; after the last one the caller gives up and the trip stays open (a person must
// step in).
import type { Micros } from '../../engine/time.ts';
import type { CallResult } from '../../node/call-result.ts';
import { sleep, type Process } from '../../node/process.ts';

/** True once one round's `ask` comes back ok; false after `rounds` rounds, `pauseUs` apart, without one. */
export function* askInRounds<Reply>(rounds: number, pauseUs: Micros, ask: () => Process<CallResult<Reply>>): Process<boolean> {
  for (let round = 0; round < rounds; round++) {
    if (round > 0) yield* sleep(pauseUs);
    const result = yield* ask();
    if (result.kind === 'ok') return true;
  }
  return false;
}
