// The network: decides for every message whether it is lost, duplicated, cut by a
// partition, and when it arrives. Rule: all its randomness comes from the "network"
// stream, drawn in send order, so workload changes elsewhere never shift it; a group of
// nodes given its own stream (separateRandomness) draws from that one instead, so two
// systems side by side in one world never shift each other's network.
import type { Random } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import { sampleLatency } from './latency.ts';
import { DEFAULT_LINK, validateLink, type LinkConfig } from './link.ts';
import { describePartition, PartitionState, type NodeId, type PartitionSpec } from './partition.ts';

/** One message in flight. A duplicate is the same message delivered again. */
export class Message<Body = unknown> {
  constructor(
    readonly id: number,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly body: Body,
    readonly sentAt: Micros,
  ) {}
}

/** Whoever hands arrived messages to nodes (the cluster). */
export interface MessageReceiver {
  receive(message: Message): void;
}

/** Directed links are keyed by from * LINK_KEY_SPAN + to; supports up to 2^26 nodes. */
const LINK_KEY_SPAN = 67_108_864;

export class Network {
  readonly partitions = new PartitionState();
  private defaultLink: LinkConfig = DEFAULT_LINK;
  private readonly linkOverrides = new Map<number, LinkConfig>();
  /** For FIFO links: the latest scheduled arrival time per directed link. */
  private readonly lastArrival = new Map<number, Micros>();
  private readonly random: Random;
  /** By sending node: its group's stream (separateRandomness); empty while no group has one. */
  private readonly senderStreams: (Random | undefined)[] = [];
  private readonly streamGroups = new Set<string>();
  private nextMessageId = 0;
  private burstLossProbability = 0;
  private burstEndsAt: Micros = 0;
  private readonly deliverHandler = (message: Message): void => this.deliver(message);

  constructor(
    private readonly simulation: Simulation,
    private readonly receiver: MessageReceiver,
    private readonly nodeCount: () => number,
  ) {
    this.random = simulation.random.stream('network');
  }

  /**
   * Gives the messages these nodes send their own random stream (`network:<group>`) for
   * loss, duplication and latency. Two systems compared side by side in one world (CP
   * and AP stores, 2PC and a saga) each get one, so that changing one system's workload
   * or parameters never moves the other's figures. Call it in setup, before any send.
   */
  separateRandomness(group: string, nodes: readonly NodeId[]): void {
    if (group === '' || this.streamGroups.has(group)) throw new RangeError(`invalid network random group ${JSON.stringify(group)}: expected a name not used before`);
    for (const node of nodes) {
      if (!Number.isSafeInteger(node) || node < 0) throw new RangeError(`invalid node ${String(node)} in network random group ${JSON.stringify(group)}: expected a node id`);
      if (this.senderStreams[node] !== undefined) throw new RangeError(`node ${node} is in two network random groups: expected each node in one at most`);
    }
    this.streamGroups.add(group);
    const random = this.simulation.random.stream(`network:${group}`);
    for (const node of nodes) this.senderStreams[node] = random;
  }

  setDefaultLink(link: LinkConfig): void {
    validateLink(link, 'default link');
    this.defaultLink = link;
  }

  /** Overrides one direction of one link; pass both directions for a symmetric change. */
  setLink(from: NodeId, to: NodeId, link: LinkConfig): void {
    validateLink(link, `link ${from}->${to}`);
    this.linkOverrides.set(from * LINK_KEY_SPAN + to, link);
  }

  linkBetween(from: NodeId, to: NodeId): LinkConfig {
    if (this.linkOverrides.size === 0) return this.defaultLink;
    return this.linkOverrides.get(from * LINK_KEY_SPAN + to) ?? this.defaultLink;
  }

  partition(spec: PartitionSpec): void {
    this.partitions.apply(spec, this.nodeCount());
    this.simulation.trace.fault('partition', this.simulation.now, describePartition(spec));
  }

  heal(): void {
    this.partitions.heal();
    this.simulation.trace.fault('heal', this.simulation.now, 'heal');
  }

  /** Raises every link's loss to at least `probability` for `duration`. */
  lossBurst(probability: number, duration: Micros): void {
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`invalid loss burst probability ${probability}: expected 0 to 1`);
    }
    this.burstLossProbability = probability;
    this.burstEndsAt = this.simulation.now + duration;
    this.simulation.trace.fault('fault', this.simulation.now, `loss-burst ${probability} for ${duration}us`);
  }

  /** A new message with the next id, for messages that enter without a link (client injection). */
  createMessage(from: NodeId, to: NodeId, body: unknown): Message {
    return new Message(this.nextMessageId++, from, to, body, this.simulation.now);
  }

  /** Sends a message; returns its id. Drops, duplicates and delays are traced. */
  send(from: NodeId, to: NodeId, body: unknown): number {
    const simulation = this.simulation;
    const now = simulation.now;
    const id = this.nextMessageId++;
    const trace = simulation.trace;
    trace.message('send', now, from, to, id, body);
    if (this.partitions.isCut(from, to)) {
      trace.drop(now, from, to, id, 'partition', body);
      return id;
    }
    const link = this.linkOverrides.size === 0 ? this.defaultLink : this.linkBetween(from, to);
    const random = this.senderStreams.length === 0 ? this.random : (this.senderStreams[from] ?? this.random);
    if (this.shouldLose(link, now, random)) {
      trace.drop(now, from, to, id, 'loss', body);
      return id;
    }
    // The message object exists only for messages that travel (a dropped one is never read).
    const message = new Message(id, from, to, body, now);
    this.schedule(message, link, now, random);
    if (link.duplicateProbability !== 0) this.maybeDuplicate(message, link, now, random);
    return id;
  }

  /** Sends `message` a second time with the link's duplicate probability (a call: keeps send short enough to inline). */
  private maybeDuplicate(message: Message, link: LinkConfig, now: Micros, random: Random): void {
    if (!random.chance(link.duplicateProbability)) return;
    this.simulation.trace.message('duplicate', now, message.from, message.to, message.id, message.body);
    this.schedule(message, link, now, random);
  }

  private shouldLose(link: LinkConfig, now: Micros, random: Random): boolean {
    let probability = link.lossProbability;
    if (now < this.burstEndsAt && this.burstLossProbability > probability) probability = this.burstLossProbability;
    return probability !== 0 && random.chance(probability);
  }

  private schedule(message: Message, link: LinkConfig, now: Micros, random: Random): void {
    let arrival = now + sampleLatency(link.latency, random);
    if (link.ordering === 'fifo') {
      const key = message.from * LINK_KEY_SPAN + message.to;
      const previous = this.lastArrival.get(key);
      // Equal times keep send order: the queue breaks ties by scheduling order.
      if (previous !== undefined && previous > arrival) arrival = previous;
      this.lastArrival.set(key, arrival);
    }
    this.simulation.scheduleAt(arrival, this.deliverHandler, message);
  }

  private deliver(message: Message): void {
    // A partition that started while the message was in flight cuts it too.
    if (this.partitions.isCut(message.from, message.to)) {
      this.simulation.trace.drop(this.simulation.now, message.from, message.to, message.id, 'partition', message.body);
      return;
    }
    this.receiver.receive(message);
  }
}
