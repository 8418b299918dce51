// Pairs each invocation with the event that completed it. Rule: a process has at most
// one open invocation; its next event must complete that one (same f) before it may
// invoke again, except after `info`, which leaves the outcome open for good and the
// process free. Anything else is a RangeError naming the line.
import { formatHistoryValue, type HistoryEvent, type Process } from './history-event.ts';
import type { Completion, Operation } from './operation.ts';

interface OpenInvocation {
  readonly event: HistoryEvent;
  readonly id: number;
  readonly callOrder: number;
}

/** The operations of a history, in invocation order. */
export function pairOperations(events: readonly HistoryEvent[]): Operation[] {
  const operations: (Operation | undefined)[] = [];
  const open = new Map<Process, OpenInvocation>();
  let group = -1;
  let previousTime: number | undefined;
  for (const event of events) {
    // Events at the same time share a group; the call order 2g comes before the return
    // order 2g+1, so operations that meet at one instant count as concurrent.
    if (event.time === undefined || event.time !== previousTime) group++;
    previousTime = event.time;
    if (event.type === 'invoke') {
      const already = open.get(event.process);
      if (already !== undefined) {
        throw new RangeError(
          `line ${event.line}: process ${String(event.process)} invokes ${event.f} while its ${already.event.f} from line ${already.event.line} is still open: expected an ok, fail or info for it first`,
        );
      }
      open.set(event.process, { event, id: operations.length, callOrder: 2 * group });
      operations.push(undefined);
      continue;
    }
    const invocation = open.get(event.process);
    if (invocation === undefined) {
      throw new RangeError(`line ${event.line}: process ${String(event.process)} completes ${event.f} (${event.type}) with no open invocation: expected an invoke first`);
    }
    checkCompletes(invocation.event, event);
    open.delete(event.process);
    operations[invocation.id] = makeOperation(invocation, event.type, event, event.type === 'info' ? Infinity : 2 * group + 1);
  }
  for (const invocation of open.values()) operations[invocation.id] = makeOperation(invocation, 'pending', undefined, Infinity);
  return operations as Operation[];
}

function checkCompletes(invocation: HistoryEvent, completion: HistoryEvent): void {
  if (completion.f !== invocation.f) {
    throw new RangeError(
      `line ${completion.line}: process ${String(completion.process)} completes ${completion.f} but invoked ${invocation.f} on line ${invocation.line}: expected the same f`,
    );
  }
  if (completion.key !== null && completion.key !== invocation.key) {
    throw new RangeError(
      `line ${completion.line}: process ${String(completion.process)} completes key ${formatHistoryValue(completion.key)} but invoked key ${formatHistoryValue(invocation.key)} on line ${invocation.line}: expected the same key (or none)`,
    );
  }
}

function makeOperation(invocation: OpenInvocation, completion: Completion, event: HistoryEvent | undefined, returnOrder: number): Operation {
  return {
    id: invocation.id,
    process: invocation.event.process,
    f: invocation.event.f,
    key: invocation.event.key,
    input: invocation.event.value,
    completion,
    output: event?.value ?? null,
    invokeLine: invocation.event.line,
    completeLine: event?.line,
    callOrder: invocation.callOrder,
    returnOrder,
  };
}
