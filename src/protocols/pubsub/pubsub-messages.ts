// The broker's protocol: what producers and consumers ask (rpc requests) and what the
// broker answers, as tagged unions. Rule: a request carries everything the broker needs
// to answer it on its own (the group, the partition and offset of an ack), so a broker
// that restarted between a fetch and its ack still knows what the ack is for.

/** One message as a producer publishes it. messageId is the same in every retry. */
export interface PublishedMessage {
  readonly messageId: string;
  /** Messages with the same key go to the same partition, in publish order. */
  readonly key: string;
  /** A message the consumers fail on every time (a poison message): it ends in the dead-letter queue. */
  readonly poison: boolean;
}

/** One entry of a partition's log; its offset is its index in the log. */
export interface LogEntry extends PublishedMessage {
  readonly publishedAtUs: number;
}

/** A message handed to a consumer: where it sits in the log and which delivery this is (1 = first). */
export interface Delivery extends PublishedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly delivery: number;
}

export type BrokerRequest =
  | ({ readonly type: 'publish'; readonly topic: string } & PublishedMessage)
  | { readonly type: 'fetch'; readonly group: string; readonly maxMessages: number }
  | { readonly type: 'ack'; readonly group: string; readonly partition: number; readonly offset: number }
  | { readonly type: 'nack'; readonly group: string; readonly partition: number; readonly offset: number };

/** Why a publish was refused: back-pressure (the slowest group is too far behind) or a full log. */
export type PublishRefusal = 'backlog-full' | 'log-full';

export type BrokerReply =
  | { readonly type: 'published'; readonly partition: number; readonly offset: number; readonly duplicate: boolean }
  | { readonly type: 'refused'; readonly reason: PublishRefusal }
  | { readonly type: 'fetched'; readonly messages: readonly Delivery[] }
  | { readonly type: 'acked'; readonly known: boolean };

/** What a consumer asks of its group's sink (the database where a message takes effect). */
export interface ApplyRequest {
  readonly type: 'apply';
  readonly group: string;
  readonly messageId: string;
  readonly key: string;
  readonly offset: number;
}

export interface ApplyReply {
  readonly type: 'applied';
  readonly messageId: string;
}
