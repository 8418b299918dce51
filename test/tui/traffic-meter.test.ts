// The traffic meter: per-interval counts, rates, in-flight messages, latency p99, nodes
// up and loss bursts, all from trace events alone.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { LatencyHistogram } from '../../src/tui/latency-histogram.ts';
import { intervalWidthFor, SERIES_CAPACITY, TrafficMeter } from '../../src/tui/traffic-meter.ts';

let index = 0;
const event = (fields: Omit<TraceEvent, 'index'>): TraceEvent => ({ index: index++, ...fields });
const send = (timeUs: number, messageId: number): TraceEvent => event({ timeUs, kind: 'send', from: 0, to: 1, messageId });
const deliver = (timeUs: number, messageId: number): TraceEvent => event({ timeUs, kind: 'deliver', from: 0, to: 1, messageId });
const node = (timeUs: number, kind: 'start' | 'crash' | 'restart' | 'pause' | 'resume', id: number): TraceEvent => event({ timeUs, kind, node: id });

describe('interval width', () => {
  it('is 1, 2 or 5 times a power of ten near a sixtieth of the run', () => {
    expect(intervalWidthFor(seconds(10))).toBe(ms(200));
    expect(intervalWidthFor(seconds(60))).toBe(seconds(1));
    expect(intervalWidthFor(seconds(30))).toBe(ms(500));
  });

  it('stays between 1ms and 60s', () => {
    expect(intervalWidthFor(ms(1))).toBe(ms(1));
    expect(intervalWidthFor(seconds(100_000))).toBe(seconds(60));
  });
});

describe('traffic meter', () => {
  it('counts sends, deliveries, duplicates and drops by reason in each interval', () => {
    const meter = new TrafficMeter(ms(100));
    meter.record(send(ms(10), 1));
    meter.record(event({ timeUs: ms(10), kind: 'duplicate', from: 0, to: 1, messageId: 1 }));
    meter.record(deliver(ms(15), 1));
    meter.record(deliver(ms(16), 1));
    meter.record(send(ms(20), 2));
    meter.record(event({ timeUs: ms(20), kind: 'drop', from: 0, to: 1, messageId: 2, reason: 'loss' }));
    meter.record(send(ms(30), 3));
    meter.record(event({ timeUs: ms(30), kind: 'drop', from: 0, to: 1, messageId: 3, reason: 'partition' }));
    meter.catchUp(ms(100));
    expect(meter.intervals()).toMatchObject([{ startUs: 0, sent: 3, delivered: 2, duplicated: 1, droppedByLoss: 1, droppedByPartition: 1, droppedByNodeDown: 0 }]);
    expect(meter.inFlight).toBe(0);
  });

  it('keeps messages in flight until they are delivered or dropped', () => {
    const meter = new TrafficMeter(ms(100));
    meter.record(send(ms(1), 1));
    meter.record(send(ms(2), 2));
    expect(meter.inFlight).toBe(2);
    meter.record(deliver(ms(5), 1));
    expect(meter.inFlight).toBe(1);
  });

  it('measures the p99 of send-to-delivery time within a quarter doubling', () => {
    const meter = new TrafficMeter(ms(100));
    for (let id = 0; id < 100; id++) meter.record(send(ms(1), id));
    for (let id = 0; id < 100; id++) meter.record(deliver(ms(1) + (id < 98 ? ms(1) : ms(40)), id));
    meter.catchUp(ms(100));
    const p99 = meter.intervals()[0]?.latencyP99Us as number;
    expect(p99).toBeGreaterThanOrEqual(ms(40));
    expect(p99).toBeLessThan(ms(40) * 1.25);
  });

  it('closes quiet intervals too, with no latency', () => {
    const meter = new TrafficMeter(ms(100));
    meter.record(send(ms(1), 1));
    meter.record(deliver(ms(350), 1));
    meter.catchUp(ms(400));
    expect(meter.intervals().map((interval) => [interval.startUs, interval.delivered, interval.latencyP99Us])).toEqual([
      [0, 0, undefined],
      [ms(100), 0, undefined],
      [ms(200), 0, undefined],
      [ms(300), 1, expect.any(Number)],
    ]);
  });

  it('remembers at most SERIES_CAPACITY intervals of a long quiet spell', () => {
    const meter = new TrafficMeter(ms(1));
    meter.catchUp(seconds(100));
    expect(meter.intervals().length).toBeLessThanOrEqual(SERIES_CAPACITY);
    expect(meter.intervals().at(-1)?.startUs).toBe(seconds(100) - ms(1));
  });

  it('shows the fewest nodes up in each interval, so a short crash is not missed', () => {
    const meter = new TrafficMeter(ms(100));
    for (let id = 0; id < 3; id++) meter.record(node(0, 'start', id));
    meter.record(node(ms(120), 'crash', 1));
    meter.record(node(ms(130), 'restart', 1));
    meter.record(node(ms(250), 'pause', 2));
    meter.catchUp(ms(300));
    expect(meter.intervals().map((interval) => interval.fewestNodesUp)).toEqual([3, 2, 2]);
    expect(meter.nodesUp).toBe(2);
  });

  it('knows the loss burst in force from the fault event', () => {
    const meter = new TrafficMeter(ms(100));
    meter.record(event({ timeUs: ms(500), kind: 'fault', detail: 'loss-burst 0.5 for 2000000us' }));
    expect(meter.lossBurstAt(ms(600))).toEqual({ probability: 0.5, untilUs: ms(2500) });
    expect(meter.lossBurstAt(ms(2500))).toBeUndefined();
  });

  it('gives per-second rates over the last virtual second', () => {
    const meter = new TrafficMeter(ms(200));
    for (let id = 0; id < 50; id++) meter.record(send(ms(10 * id), id));
    meter.catchUp(seconds(2));
    expect(meter.lastSecond()).toHaveLength(5);
  });
});

describe('latency histogram', () => {
  it('is exact for small values and within 25% above for large ones', () => {
    for (const value of [0, 1, 3, 7, 8, 100, 1_000, 123_456, 2 ** 31 - 1]) {
      const histogram = new LatencyHistogram();
      histogram.add(value);
      const edge = histogram.quantileUs(0.99) as number;
      expect(edge).toBeGreaterThanOrEqual(value);
      expect(edge).toBeLessThanOrEqual(Math.max(value, value * 1.25));
    }
  });

  it('has no quantile when empty', () => {
    expect(new LatencyHistogram().quantileUs(0.99)).toBeUndefined();
  });
});
