// Gauges as Perfetto counter tracks: one counter event where a gauge's value changes (a
// counter holds its value until the next), none for an unknown sample, on its node's
// process (tid 0), named by the metric without its prefix and the labels other than node
// and service.
import { describe, expect, it } from 'vitest';
import type { MetricTimeline, SampledSeries } from '../../src/obs/metric-timeline.ts';
import { MessageLabels } from '../../src/obs/perfetto-message-labels.ts';
import { addCounters } from '../../src/obs/perfetto-counters.ts';
import { Track } from '../../src/obs/perfetto-track.ts';

function series(fields: Partial<SampledSeries>): SampledSeries {
  return { metric: 'faultline_in_flight', type: 'gauge', labels: { node: '1', service: 'api' }, statistic: 'value', values: [], ...fields };
}

function countersOf(timeline: MetricTimeline): Map<string, string[]> {
  const tracks = new Map<string, Track>();
  addCounters(timeline, new Map([[1, 3]]), (pid, tid) => {
    const key = `${pid}:${tid}`;
    const track = tracks.get(key) ?? new Track(pid, new MessageLabels([]));
    tracks.set(key, track);
    return track;
  });
  return new Map(
    [...tracks].map(([key, track]) => {
      const pieces: string[] = [];
      track.writeSorted(pieces);
      return [key, pieces.join(',\n').split(',\n')];
    }),
  );
}

describe('perfetto counters', () => {
  it('writes a counter event only where a gauge changes, skipping unknown samples', () => {
    const timeline: MetricTimeline = { intervalUs: 10, timesUs: [0, 10, 20, 30, 40, 50], truncated: false, series: [series({ values: [0, 0, null, 2, 2, 0] })] };
    const events = [0, 30, 50].map((ts, index) => JSON.stringify({ name: 'in_flight', ph: 'C', pid: 3, tid: 0, ts, args: { value: [0, 2, 0][index] } }));
    expect(countersOf(timeline)).toEqual(new Map([['3:0', events]]));
  });

  it('names a counter by its labels other than node and service, and leaves out counters and histograms', () => {
    const timeline: MetricTimeline = {
      intervalUs: 10,
      timesUs: [0],
      truncated: false,
      series: [series({ metric: 'faultline_breaker_state', labels: { node: '1', service: 'api', target: 'db' }, values: [1] }), series({ type: 'counter', values: [4] }), series({ labels: { node: '9' }, values: [5] })],
    };
    expect(countersOf(timeline)).toEqual(
      new Map([
        ['3:0', [JSON.stringify({ name: 'breaker_state db', ph: 'C', pid: 3, tid: 0, ts: 0, args: { value: 1 } })]],
        ['1:0', [JSON.stringify({ name: 'in_flight', ph: 'C', pid: 1, tid: 0, ts: 0, args: { value: 5 } })]],
      ]),
    );
  });
});
