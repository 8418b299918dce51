// The metrics every observed run has, derived from the trace: messages per node, rpc
// calls seen by callers and by servers, resilience pattern events, breaker states and
// node health. Rule: each family is labelled by `node` and `service` (the service a node
// runs), so per-node and per-service views come from the same series.
import type { Micros } from '../engine/time.ts';
import type { CounterSeries, GaugeSeries, MetricFamily, MetricsRegistry } from './metrics-registry.ts';
import type { Histogram } from './histogram.ts';

const NODE_LABELS = ['node', 'service'] as const;

/** Breaker states as a gauge: 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

type ExtraSeries = CounterSeries | GaugeSeries | Histogram;

interface NodeSeries {
  readonly labels: readonly [string, string];
  readonly sent: CounterSeries;
  readonly delivered: CounterSeries;
  readonly inFlight: GaugeSeries;
  readonly up: GaugeSeries;
  /** Series with one more label than node and service, by family and that label's value. */
  readonly byExtra: Map<MetricFamily, Map<string, ExtraSeries | Map<string, ExtraSeries>>>;
}

export class RunMetrics {
  private readonly sent: MetricFamily<'counter'>;
  private readonly delivered: MetricFamily<'counter'>;
  private readonly dropped: MetricFamily<'counter'>;
  private readonly serverRequests: MetricFamily<'counter'>;
  private readonly serverDuration: MetricFamily<'histogram'>;
  private readonly serverInFlight: MetricFamily<'gauge'>;
  private readonly clientAttempts: MetricFamily<'counter'>;
  private readonly clientCalls: MetricFamily<'counter'>;
  private readonly clientDuration: MetricFamily<'histogram'>;
  private readonly lateReplies: MetricFamily<'counter'>;
  private readonly patternEvents: MetricFamily<'counter'>;
  private readonly breakerState: MetricFamily<'gauge'>;
  private readonly nodeUp: MetricFamily<'gauge'>;
  private readonly faults: MetricFamily<'counter'>;
  private readonly perNode: (NodeSeries | undefined)[] = [];

  constructor(
    registry: MetricsRegistry,
    private readonly serviceOf: (node: number) => string,
  ) {
    this.sent = registry.counter({ name: 'faultline_messages_sent_total', help: 'Messages a node sent.', labelNames: NODE_LABELS });
    this.delivered = registry.counter({ name: 'faultline_messages_delivered_total', help: 'Messages delivered to a node.', labelNames: NODE_LABELS });
    this.dropped = registry.counter({ name: 'faultline_messages_dropped_total', help: 'Messages a node sent that were never delivered, by reason.', labelNames: [...NODE_LABELS, 'reason'] });
    this.serverRequests = registry.counter({ name: 'faultline_rpc_server_requests_total', help: 'Requests a node answered, by outcome.', labelNames: [...NODE_LABELS, 'outcome'] });
    this.serverDuration = registry.histogram({ name: 'faultline_rpc_server_duration_seconds', help: 'Time from a request reaching a node to its reply leaving.', labelNames: NODE_LABELS, unit: 'duration' });
    this.serverInFlight = registry.gauge({ name: 'faultline_rpc_server_in_flight', help: 'Requests a node has received and not yet answered.', labelNames: NODE_LABELS });
    this.clientAttempts = registry.counter({ name: 'faultline_rpc_client_attempts_total', help: 'Requests a node sent (every attempt, retries and hedges included), by target service.', labelNames: [...NODE_LABELS, 'target'] });
    this.clientCalls = registry.counter({ name: 'faultline_rpc_client_calls_total', help: 'Logical calls a node finished, by target service and outcome.', labelNames: [...NODE_LABELS, 'target', 'outcome'] });
    this.clientDuration = registry.histogram({ name: 'faultline_rpc_client_duration_seconds', help: 'Time from a logical call\'s first attempt to its answer, as its caller saw it.', labelNames: [...NODE_LABELS, 'target'], unit: 'duration' });
    this.lateReplies = registry.counter({ name: 'faultline_rpc_late_replies_total', help: 'Replies that reached a caller after it had given up.', labelNames: NODE_LABELS });
    this.patternEvents = registry.counter({ name: 'faultline_pattern_events_total', help: 'Resilience pattern events (retries, breaker trips, sheds, ...), by policy and kind.', labelNames: [...NODE_LABELS, 'policy', 'kind'] });
    this.breakerState = registry.gauge({ name: 'faultline_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.', labelNames: [...NODE_LABELS, 'policy'] });
    this.nodeUp = registry.gauge({ name: 'faultline_node_up', help: '1 while a node is up, 0 while it is crashed or paused.', labelNames: NODE_LABELS });
    this.faults = registry.counter({ name: 'faultline_faults_total', help: 'Faults injected, by kind.', labelNames: ['kind'] });
  }

  private node(node: number): NodeSeries {
    const found = this.perNode[node + 1];
    if (found !== undefined) return found;
    const labels = [String(node), this.serviceOf(node)] as const;
    const created: NodeSeries = {
      labels,
      byExtra: new Map(),
      sent: this.sent.with(...labels),
      delivered: this.delivered.with(...labels),
      inFlight: this.serverInFlight.with(...labels),
      up: this.nodeUp.with(...labels),
    };
    this.perNode[node + 1] = created;
    return created;
  }

  /**
   * The node's series of `family` whose labels after node and service are `first` and
   * `second`, as many as the family has (cached: this runs per event, so no array of
   * label values and, for one label, no key text is made to find a series).
   */
  private seriesWith<T extends CounterSeries | GaugeSeries | Histogram>(family: MetricFamily, node: number, first?: string, second?: string): T {
    const state = this.node(node);
    let byValue = state.byExtra.get(family);
    if (byValue === undefined) {
      byValue = new Map();
      state.byExtra.set(family, byValue);
    }
    const firstKey = first ?? '';
    if (second === undefined) {
      let series = byValue.get(firstKey) as T | undefined;
      if (series === undefined) {
        series = family.with(...state.labels, ...(first === undefined ? [] : [first])) as T;
        byValue.set(firstKey, series);
      }
      return series;
    }
    // Two extra labels: a map per first value, so no key text is made per event.
    let bySecond = byValue.get(firstKey) as Map<string, T> | undefined;
    if (bySecond === undefined) {
      bySecond = new Map();
      byValue.set(firstKey, bySecond);
    }
    let series = bySecond.get(second);
    if (series === undefined) {
      series = family.with(...state.labels, firstKey, second) as T;
      bySecond.set(second, series);
    }
    return series;
  }

  nodeStarted(node: number): void {
    this.node(node).up.set(1);
  }

  /** A crash loses the requests in flight on the node; a pause keeps them. */
  nodeStopped(node: number, requests: 'lost-requests' | 'kept-requests'): void {
    this.node(node).up.set(0);
    if (requests === 'lost-requests') this.node(node).inFlight.set(0);
  }

  messageSent(from: number): void {
    this.node(from).sent.inc();
  }

  messageDelivered(to: number): void {
    this.node(to).delivered.inc();
  }

  messageDropped(from: number, reason: string): void {
    this.seriesWith<CounterSeries>(this.dropped, from, reason).inc();
  }

  requestReceived(server: number): void {
    this.node(server).inFlight.inc();
  }

  requestAnswered(server: number, outcome: string, durationUs: Micros): void {
    const series = this.node(server).inFlight;
    if (series.value > 0) series.dec();
    this.seriesWith<CounterSeries>(this.serverRequests, server, outcome).inc();
    this.seriesWith<Histogram>(this.serverDuration, server).observe(durationUs);
  }

  attemptSent(caller: number, target: number): void {
    this.seriesWith<CounterSeries>(this.clientAttempts, caller, this.serviceOf(target)).inc();
  }

  callFinished(caller: number, target: number, outcome: string, durationUs: Micros): void {
    this.seriesWith<CounterSeries>(this.clientCalls, caller, this.serviceOf(target), outcome).inc();
    this.seriesWith<Histogram>(this.clientDuration, caller, this.serviceOf(target)).observe(durationUs);
  }

  lateReply(caller: number): void {
    this.seriesWith<CounterSeries>(this.lateReplies, caller).inc();
  }

  patternEvent(node: number, policy: string, kind: string): void {
    this.seriesWith<CounterSeries>(this.patternEvents, node, policy, kind).inc();
  }

  breaker(node: number, policy: string, state: keyof typeof BREAKER_STATE_VALUE): void {
    this.seriesWith<GaugeSeries>(this.breakerState, node, policy).set(BREAKER_STATE_VALUE[state]);
  }

  fault(kind: string): void {
    this.faults.with(kind).inc();
  }
}
