// Where the Perfetto export puts things: process (pid) and thread (tid) numbers, and the
// limits its writers share. Rule: pid 1 holds the faults and the network, each node a pid
// from 2 in run order; on a process, tid 0 holds its counters, tid 1 its messages, logs
// and fault marks, and tids from 2 its span (or fault period) lanes.

/** A trace event as the format defines it, for the events written with JSON.stringify. */
export interface TraceEventJson {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts: number;
  readonly [field: string]: unknown;
}

/** The process that holds fault periods; nodes are numbered from FIRST_NODE_PID. */
export const FAULTS_PID = 1;
export const FIRST_NODE_PID = 2;
export const COUNTERS_TID = 0;
export const EVENTS_TID = 1;
export const FIRST_SPAN_TID = 2;
/** Message slices last one microsecond, so that a flow has a slice to bind to. */
export const MESSAGE_SLICE_US = 1;

/** Events joined into one text per EVENTS_PER_CHUNK as a track is written out, so the pieces die young. */
export const EVENTS_PER_CHUNK = 256;
