// The metadata events (ph M) that name and order the Perfetto export's processes and
// threads. Rule: they come first in the document, and every process and thread that
// holds events is named here: the faults process, each node's process and its events
// thread, and each lane the LaneAllocator opened.
import type { ObservedRun } from './observed-run.ts';
import { EVENTS_TID, FAULTS_PID, FIRST_SPAN_TID, type TraceEventJson } from './perfetto-layout.ts';

export function processMetadata(run: ObservedRun, pidOf: ReadonlyMap<number, number>): TraceEventJson[] {
  const events: TraceEventJson[] = [
    { name: 'process_name', ph: 'M', pid: FAULTS_PID, ts: 0, args: { name: 'faults and network' } },
    { name: 'process_sort_index', ph: 'M', pid: FAULTS_PID, ts: 0, args: { sort_index: 0 } },
    { name: 'thread_name', ph: 'M', pid: FAULTS_PID, tid: EVENTS_TID, ts: 0, args: { name: 'fault events' } },
  ];
  for (const node of run.nodes) {
    const pid = pidOf.get(node.id) as number;
    const label = node.id < 0 ? 'clients outside the cluster' : `node ${node.id} (${node.service})`;
    events.push(
      { name: 'process_name', ph: 'M', pid, ts: 0, args: { name: label } },
      { name: 'process_sort_index', ph: 'M', pid, ts: 0, args: { sort_index: pid } },
      { name: 'thread_name', ph: 'M', pid, tid: EVENTS_TID, ts: 0, args: { name: 'messages and logs' } },
      { name: 'thread_sort_index', ph: 'M', pid, tid: EVENTS_TID, ts: 0, args: { sort_index: 0 } },
    );
  }
  return events;
}

/** Each lane's name and place, written by hand as JSON.stringify would write them (a run has hundreds of lanes; the names need no escaping). */
export function laneMetadata(laneCount: ReadonlyMap<number, number>, into: string[]): void {
  for (const [pid, count] of laneCount) {
    const name = pid === FAULTS_PID ? 'fault periods' : 'spans';
    for (let lane = 0; lane < count; lane++) {
      const tid = FIRST_SPAN_TID + lane;
      into.push(
        `{"name":"thread_name","ph":"M","pid":${pid},"tid":${tid},"ts":0,"args":{"name":"${name} ${lane + 1}"}}`,
        `{"name":"thread_sort_index","ph":"M","pid":${pid},"tid":${tid},"ts":0,"args":{"sort_index":${tid}}}`,
      );
    }
  }
}
