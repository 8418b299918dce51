// The run's gauges (in-flight requests, breaker states, node health) as Perfetto counter
// tracks of their node. Rule: a counter event is written only where the gauge's value
// changes (unknown values skipped), since a counter holds its value until the next event.
import type { MetricTimeline } from './metric-timeline.ts';
import { COUNTERS_TID, FAULTS_PID } from './perfetto-layout.ts';
import type { TrackOf } from './perfetto-track.ts';

/** `pidOf`: each node's process; a gauge of a node not in it goes on the faults process. */
export function addCounters(timeline: MetricTimeline, pidOf: ReadonlyMap<number, number>, track: TrackOf): void {
  const times = timeline.timesUs;
  for (const series of timeline.series) {
    if (series.type !== 'gauge') continue;
    const node = Number(series.labels['node']);
    const pid = pidOf.get(node) ?? FAULTS_PID;
    const extra = Object.entries(series.labels).filter(([name]) => name !== 'node' && name !== 'service').map(([, value]) => value);
    const name = [series.metric.replace(/^faultline_/, ''), ...extra].join(' ');
    // Written by hand as JSON.stringify would write { name, ph, pid, tid, ts, args: { value } }.
    const head = `{"name":${JSON.stringify(name)},"ph":"C","pid":${pid},"tid":${COUNTERS_TID},"ts":`;
    const counterTrack = track(pid, COUNTERS_TID);
    let previous: number | null = null;
    const values = series.values;
    for (let index = 0; index < values.length; index++) {
      const value = values[index] as number | null;
      if (value === null || value === previous) continue;
      previous = value;
      const ts = times[index] as number;
      counterTrack.addText(ts, `${head}${JSON.stringify(ts)},"args":{"value":${JSON.stringify(value)}}}`);
    }
  }
}
