// A coordinator's journal of trips (the saga orchestrator's, the 2PC coordinator's): its
// write-ahead log and the state of each trip rebuilt from it. Rule: an entry changes the
// state when it is appended, before the disk confirms it, so a second request for a trip
// whose 'begun' entry is still being written finds the trip already known.
import type { Micros } from '../../engine/time.ts';
import type { NodeContext } from '../../node/node-api.ts';
import type { Process } from '../../node/process.ts';
import type { Trip } from './trip.ts';
import { WriteAheadLog, type LogRetention } from './write-ahead-log.ts';

export interface BegunEntry {
  readonly kind: 'begun';
  readonly trip: Trip;
}

export interface TripJournalSettings<Entry, State> {
  readonly storageKey: string;
  readonly retention: LogRetention;
  readonly logForceUs: Micros;
  /** Applies one entry to the states (a 'begun' entry adds a trip). */
  readonly apply: (states: Map<string, State>, entry: Entry) => void;
}

export class TripJournal<Entry, State> {
  private readonly log: WriteAheadLog<Entry>;
  private readonly apply: (states: Map<string, State>, entry: Entry) => void;
  /** Every trip the log holds, in the order begun. */
  readonly states = new Map<string, State>();

  constructor(context: NodeContext, settings: TripJournalSettings<Entry, State>) {
    this.log = new WriteAheadLog(context, settings.storageKey, settings.retention, settings.logForceUs);
    this.apply = settings.apply;
    for (const entry of this.log.entries) this.apply(this.states, entry);
  }

  *append(entry: Entry): Process<void> {
    this.apply(this.states, entry);
    yield* this.log.append(entry);
  }

  /** Logs a new trip as begun and returns its state; undefined if the trip was already begun (a repeated request). */
  *begin(entry: Entry & BegunEntry): Process<State | undefined> {
    if (this.states.has(entry.trip.id)) return undefined;
    yield* this.append(entry);
    return this.states.get(entry.trip.id) as State;
  }
}
