// Loss and duplication happen at the configured rates, and not at all when set to 0.
import { describe, expect, it } from 'vitest';
import { constantLink, RecordingCluster } from './recording-cluster.ts';

const MESSAGES = 20_000;
const PROBABILITY = 0.1;
/** Binomial(MESSAGES, PROBABILITY): mean n*p, standard deviation sqrt(n*p*(1-p)) = 42.4. */
const EXPECTED = MESSAGES * PROBABILITY;
const STANDARD_DEVIATION = Math.sqrt(MESSAGES * PROBABILITY * (1 - PROBABILITY));

function sendMany(network: RecordingCluster): void {
  for (let index = 0; index < MESSAGES; index++) network.send(0, 1, index);
  network.run();
}

describe('loss', () => {
  it('loses messages at the configured probability: 20,000 at p=0.1 lose 2000 within 4 standard deviations', () => {
    const network = new RecordingCluster(2, constantLink(50, { lossProbability: PROBABILITY }), 11);
    sendMany(network);
    const lost = network.drops.loss.length;
    expect(Math.abs(lost - EXPECTED)).toBeLessThanOrEqual(4 * STANDARD_DEVIATION);
    expect(network.arrivals.length).toBe(MESSAGES - lost);
    expect(network.drops.partition.length + network.drops['node-down'].length).toBe(0);
  });

  it('loses nothing when the loss probability is 0', () => {
    const network = new RecordingCluster(2, constantLink(50), 11);
    sendMany(network);
    expect(network.drops.loss.length).toBe(0);
    expect(network.arrivals.length).toBe(MESSAGES);
  });

  it('loses everything when the loss probability is 1', () => {
    const network = new RecordingCluster(2, constantLink(50, { lossProbability: 1 }), 11);
    for (let index = 0; index < 100; index++) network.sendAt(index, 0, 1, index);
    network.run();
    expect(network.drops.loss.length).toBe(100);
    expect(network.arrivals.length).toBe(0);
  });

  it('a loss burst raises every link to the burst probability until it ends', () => {
    const network = new RecordingCluster(2, constantLink(50), 11);
    network.simulation.scheduleAt(1_000, () => network.cluster.network.lossBurst(1, 1_000), undefined);
    for (let atUs = 0; atUs < 3_000; atUs += 100) network.sendAt(atUs, 0, 1, atUs);
    network.run();
    const lostAt = network.drops.loss.map((event) => event.timeUs);
    expect(lostAt).toEqual([1_000, 1_100, 1_200, 1_300, 1_400, 1_500, 1_600, 1_700, 1_800, 1_900]);
  });
});

describe('duplication', () => {
  it('duplicates messages at the configured probability: 20,000 at p=0.1 duplicate 2000 within 4 standard deviations', () => {
    const network = new RecordingCluster(2, constantLink(50, { duplicateProbability: PROBABILITY }), 12);
    sendMany(network);
    const duplicated = network.duplicates.length;
    expect(Math.abs(duplicated - EXPECTED)).toBeLessThanOrEqual(4 * STANDARD_DEVIATION);
    expect(network.arrivals.length).toBe(MESSAGES + duplicated);
    const timesDelivered = new Map<unknown, number>();
    for (const arrival of network.arrivals) timesDelivered.set(arrival.body, (timesDelivered.get(arrival.body) ?? 0) + 1);
    const duplicatedBodies = new Set(network.duplicates.map((event) => event.detail));
    const wrongCounts: number[] = [];
    for (let index = 0; index < MESSAGES; index++) {
      if (timesDelivered.get(index) !== (duplicatedBodies.has(index) ? 2 : 1)) wrongCounts.push(index);
    }
    expect(wrongCounts).toEqual([]);
  });

  it('duplicates nothing when the duplicate probability is 0', () => {
    const network = new RecordingCluster(2, constantLink(50), 12);
    sendMany(network);
    expect(network.duplicates.length).toBe(0);
  });
});
