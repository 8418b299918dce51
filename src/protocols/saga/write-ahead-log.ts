// The coordinator's log (a saga log, a 2PC decision log): entries appended in order and
// read back whole after a crash. Rule: append writes the entry, then waits `forceUs` for
// the disk to confirm it, and only then may the caller act on it (send the next request):
// write ahead, act after. With retention 'volatile' (a deliberate bug) the log lives in
// memory and a crash wipes it.
import type { Micros } from '../../engine/time.ts';
import type { NodeContext } from '../../node/node-api.ts';
import { sleep, type Process } from '../../node/process.ts';

export type LogRetention = 'durable' | 'volatile';

export class WriteAheadLog<Entry> {
  private readonly memory: Entry[] = [];

  constructor(
    private readonly context: NodeContext,
    private readonly storageKey: string,
    private readonly retention: LogRetention,
    private readonly forceUs: Micros,
  ) {}

  /** Everything appended so far (in this incarnation only, when volatile). */
  get entries(): readonly Entry[] {
    return this.retention === 'durable' ? this.context.storage.list<Entry>(this.storageKey) : this.memory;
  }

  *append(entry: Entry): Process<void> {
    if (this.retention === 'durable') this.context.storage.appendToList(this.storageKey, entry);
    else this.memory.push(entry);
    yield* sleep(this.forceUs);
  }
}
