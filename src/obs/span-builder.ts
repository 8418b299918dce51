// Builds request spans from the trace: for every rpc, a logical call on the caller, one
// attempt span per request sent (retries and hedges are further attempts of the same
// call), a hop span per message crossing the network (made at the end: hop-spans.ts), and a
// server span while the callee handles it, a child of the hop that brought the request;
// calls a server makes while handling a request are children of its span. This class reads
// the trace events and keeps the tables; its pieces: span-records.ts (call, attempt, serve),
// span-node-state.ts (what each node is handling: the parent of a call sent without a
// header), call-matching.ts (which call a request is an attempt of), failed-attempt.ts
// (which attempt a caller's pattern event says failed).
//
// Rule: everything is read from trace events (rpc envelopes, pattern log lines), so the
// run is unchanged. The runtime puts a W3C `traceparent` in every request (src/node/rpc.ts):
// its trace id, and as parent id the span the caller works under (a server span, whose id
// both sides derive from the request it serves: serveSpanIdOf), so links are exact; without
// one (envelopes written by hand) they are inferred, and the span says so. A call is open
// until it got an ok reply, its caller gave up (a pattern event), or its last attempt failed
// with no retry announced before its node handled its next event. An attempt with no reply
// ends when its caller shows it gave up, or at the run's end: a timeout inside the runtime
// leaves no trace event.
import type { Micros } from '../engine/time.ts';
import type { DropReason, TraceEvent } from '../engine/trace.ts';
import type { RunMetrics } from './run-metrics.ts';
import { CallTable } from './call-table.ts';
import * as callMatching from './call-matching.ts';
import * as failedAttempt from './failed-attempt.ts';
import { hopSpansOf } from './hop-spans.ts';
import { MemoTable } from './memo-table.ts';
import { OpenCallGroups } from './open-call-groups.ts';
import { inStartOrder } from './span-order.ts';
import { asReply, asRequest, errorMessageOf, outcomeOf, type PatternLine, type ReplyEnvelope, type RequestEnvelope } from './rpc-envelope.ts';
import type { ObservedMessage } from './observed-run.ts';
import type { CallOutcome } from './slo.ts';
import { withItem } from './short-list.ts';
import { addEvent, endSpan, finishSpan, isKeptSpan, isOpenSpan, openSpan, setAttribute, setFirstAttributes, type OpenSpan, type Span } from './span.ts';
import * as nodeState from './span-node-state.ts';
import { NodeState, type Handling } from './span-node-state.ts';
import * as records from './span-records.ts';
import type { Attempt, Call, Serve } from './span-records.ts';
import { formatTraceparent, serveSpanIdOf, type TraceContext, type TraceIdSource } from './trace-ids.ts';
import { TraceSampler } from './trace-sampling.ts';

/** The most spans one run keeps; later requests are not traced (and the export says so). */
export const DEFAULT_MAX_SPANS = 200_000;
/** Span names (`call api`, `serve db`) made once per service and kept, for this many services at most. */
const MAX_SERVICE_NAMES = 4_096;
/** Stands for the id of a span that sampling left out and nothing reads (see idOfKeptOnly). */
const UNREAD_SPAN_ID = '';
// Imported values read into module constants once: V8 looks an imported binding up again at
// every use, and these run for nearly every trace event (a paired A/B measured it).
const OTHER: Handling = nodeState.OTHER_HANDLING;
const { forgetAnnouncedRetries, hasTraceparent, takeAnnouncedAttempt, takeInferredRetry, traceContextOf } = callMatching;
const { failedAttemptNumber, failedCall } = failedAttempt;
const { currentSpanOfState, describeParent, inferredParentOf, parentNamedBy } = nodeState;
const { lastEnd } = records;

export class SpanBuilder {
  private readonly spans: OpenSpan[] = [];
  /** Attempts by caller, boot and rpc id. */
  private readonly attempts = new CallTable<Attempt>();
  /**
   * For each rpc message (by id), the attempt or server that sent it. Hop spans are made from
   * these and the collector's message records when the run ends, not while it runs: a run
   * has as many hops as messages, and a record each is enough until then.
   */
  private readonly hopOwners: (Attempt | Serve | undefined)[] = [];
  /** Hop span ids given out before the run ends: a request's hop is its server span's parent. */
  private readonly hopIds: (string | undefined)[] = [];
  private hopCount = 0;
  /** The open call of each caller|parent span|target group (requests with a traceparent). */
  private readonly openCalls = new OpenCallGroups<Call>();
  private readonly nodes: NodeState[] = [];
  private readonly calls: Call[] = [];
  private omitted = 0;
  /** `call <service>` and `serve <service>` by service: made once, not per span. */
  private readonly callNames = new MemoTable((service: string) => `call ${service}`, MAX_SERVICE_NAMES);
  private readonly serveNames = new MemoTable((service: string) => `serve ${service}`, MAX_SERVICE_NAMES);

  constructor(
    private readonly ids: TraceIdSource,
    private readonly metrics: RunMetrics,
    private readonly serviceOf: (node: number) => string,
    private readonly maxSpans: number = DEFAULT_MAX_SPANS,
    /** Which traces the exports keep; every span is still followed, for the metrics. */
    private readonly sampler: TraceSampler = new TraceSampler(),
  ) {
    if (!Number.isSafeInteger(maxSpans) || maxSpans < 1) throw new RangeError(`invalid maxSpans ${String(maxSpans)}: expected a positive integer`);
  }

  /** Requests not traced because the span limit was reached. */
  get omittedRequests(): number {
    return this.omitted;
  }

  /** The trace and span a node's current work belongs to, for log lines. */
  currentSpanOf(node: number): OpenSpan | undefined {
    const state = this.nodes[node];
    return state === undefined ? undefined : currentSpanOfState(state);
  }

  /** The trace id a message belongs to, if it is an rpc envelope this builder traced. */
  traceIdOfMessage(messageId: number): string | undefined {
    return this.hopOwners[messageId]?.span.traceId;
  }

  /** `pattern`: the event's pattern line, for a log event that is one (read once, by the collector). */
  observe(event: TraceEvent, pattern: PatternLine | undefined): void {
    switch (event.kind) {
      case 'send':
        this.onSend(event);
        return;
      case 'deliver':
        this.onDeliver(event);
        return;
      case 'drop':
        this.onDrop(event);
        return;
      case 'duplicate':
        return;
      case 'log':
        if (pattern !== undefined) this.onPattern(event.node as number, event.timeUs, pattern);
        return;
      case 'crash':
        this.onCrash(event.node as number, event.timeUs);
        return;
      case 'start':
      case 'restart':
      case 'timer':
      case 'resume':
        this.beginHandling(event.node as number, OTHER);
        return;
      case 'pause':
      case 'inject':
      case 'partition':
      case 'heal':
      case 'fault':
        return;
      default:
        return;
    }
  }

  /**
   * Closes what is still open at the run's end and returns every span, in start order
   * (a hop right after the span that sent it), with the hops made from `messages`.
   */
  finish(endUs: Micros, messages: readonly ObservedMessage[]): { readonly spans: Span[]; readonly calls: CallOutcome[] } {
    for (const state of this.nodes) if (state !== undefined) this.settle(state);
    // As the run left them: a call still open has no end (finishing its span closes it).
    const outcomes: CallOutcome[] = this.calls.map((call) => ({
      startUs: call.span.startUs,
      endUs: call.span.endUs,
      isOk: call.span.status === 'ok',
      service: this.serviceOf(call.target),
    }));
    this.attempts.forEach((attempt) => {
      if (isKeptSpan(attempt.span)) setAttribute(attempt.span, 'traceparent', formatTraceparent({ traceId: attempt.span.traceId, spanId: attempt.span.spanId }));
    });
    const spans = this.spans.map((span) => finishSpan(span, endUs));
    // A hop goes right after the span that sent it: hops by that span's place, then merged in.
    const hops = hopSpansOf(messages, this.hopOwners, this.hopIds, this.ids, endUs);
    return { spans: inStartOrder(spans, hops), calls: outcomes };
  }

  private state(node: number): NodeState {
    let state = this.nodes[node];
    if (state === undefined) {
      state = new NodeState();
      this.nodes[node] = state;
    }
    return state;
  }

  /** A node starts handling a new event: what the previous handler left undecided is decided. */
  private beginHandling(node: number, handling: Handling): void {
    if (node < 0) return;
    const state = this.state(node);
    this.settle(state);
    state.handling = handling;
  }

  private settle(state: NodeState): void {
    for (const call of state.maybeClosing) {
      if (call.pendingRetries === 0) this.closeCall(call, lastEnd(call), call.lastOutcome);
    }
    // A new list only when there was something in it: this runs for every event a node handles, and nearly every handler leaves it empty.
    if (state.maybeClosing.length > 0) state.maybeClosing = [];
    state.failedNow = undefined;
  }

  /** `isKept`: the sampler's answer for the trace, decided when it began and handed down from parent to child, so no span hashes its trace id again. */
  private newSpan(traceId: string, parent: OpenSpan | undefined, name: string, kind: OpenSpan['kind'], node: number, startUs: Micros, isKept: boolean, spanId: string = this.ids.spanId()): OpenSpan {
    return this.newSpanUnder(traceId, parent?.spanId, name, kind, node, startUs, isKept, spanId);
  }

  /**
   * The id of an attempt or a hop: drawn always, as text only when its trace is kept. Nothing
   * reads the id of one left out (logs name server and call spans, never these).
   */
  private idOfKeptOnly(isKept: boolean): string {
    if (isKept) return this.ids.spanId();
    this.ids.skipSpanId();
    return UNREAD_SPAN_ID;
  }

  private newSpanUnder(traceId: string, parentSpanId: string | undefined, name: string, kind: OpenSpan['kind'], node: number, startUs: Micros, isKept: boolean, spanId: string): OpenSpan {
    const span = openSpan(traceId, spanId, parentSpanId, name, kind, node, startUs, isKept);
    if (isKept) this.spans.push(span);
    return span;
  }

  /** The place of the span made last, if it was kept (-1 for one left out), in the order spans were made. */
  private sequenceOf(span: OpenSpan): number {
    return isKeptSpan(span) ? this.spans.length - 1 : -1;
  }

  private onSend(event: TraceEvent): void {
    const from = event.from as number;
    const to = event.to as number;
    const request = asRequest(event.detail);
    if (request !== undefined) {
      this.onRequestSent(from, to, event.messageId as number, request, event.timeUs);
      return;
    }
    const reply = asReply(event.detail);
    if (reply !== undefined) this.onReplySent(from, to, event.messageId as number, reply, event.timeUs);
  }

  private onRequestSent(from: number, to: number, messageId: number, request: RequestEnvelope, timeUs: Micros): void {
    const state = this.state(from);
    const header = traceContextOf(request);
    const call = header === undefined ? this.inferredCall(state, from, to, request, timeUs) : this.headerCall(state, from, to, request, header, timeUs);
    if (call === undefined) return;
    const number = call.attempts.length + 1;
    const isKept = isKeptSpan(call.span);
    const span = this.newSpan(call.span.traceId, call.span, number === 1 ? 'attempt 1' : `attempt ${number} (retry)`, 'client', from, timeUs, isKept, this.idOfKeptOnly(isKept));
    if (isKept) setFirstAttributes(span, { 'rpc.id': request.rpcId, 'rpc.attempt': number });
    // What the runtime sent (it names the caller's span); 'traceparent', set at the end, names this attempt, as an instrumented client's would.
    // Only a kept span is exported: the header's text is made for those alone.
    if (isKept && typeof request.traceparent === 'string') setAttribute(span, 'faultline.request.traceparent', request.traceparent);
    const attempt: Attempt = { span, sequence: this.sequenceOf(span), call, number, serves: [], isAnswered: false };
    call.attempts = withItem(call.attempts, attempt);
    if (number > 1) addEvent(call.span, timeUs, 'retry sent', { attempt: number });
    this.attempts.set(from, request.boot, request.rpcId, attempt);
    state.openAttempts.add(attempt);
    this.hopOwners[messageId] = attempt;
    if (isKept) this.hopCount++;
    this.metrics.attemptSent(from, to);
  }

  private inferredCall(state: NodeState, from: number, to: number, request: RequestEnvelope, timeUs: Micros): Call | undefined {
    return takeInferredRetry(state, to, request.body) ?? this.newCall(state, from, to, request, undefined, timeUs);
  }

  /** The open call of the request's group, or a new one: exact, from the traceparent. */
  private headerCall(state: NodeState, from: number, to: number, request: RequestEnvelope, header: TraceContext, timeUs: Micros): Call | undefined {
    const open = this.openCalls.find(from, header.spanId, to);
    if (open === undefined) return this.newCall(state, from, to, request, header, timeUs);
    takeAnnouncedAttempt(state, open);
    return open;
  }

  /** `header`: the traceparent its requests carry, if they carry one. */
  private newCall(state: NodeState, from: number, to: number, request: RequestEnvelope, header: TraceContext | undefined, timeUs: Micros): Call | undefined {
    if (this.spans.length + this.hopCount + 8 > this.maxSpans) {
      this.omitted++;
      return undefined;
    }
    const parent = header === undefined ? inferredParentOf(state) : parentNamedBy(state, header);
    const traceId = parent?.traceId ?? header?.traceId ?? this.ids.traceId();
    const isKept = parent === undefined ? this.sampler.decide(traceId) : isKeptSpan(parent);
    const service = this.serviceOf(to);
    const span = this.newSpan(traceId, parent, this.callNames.get(service), 'client', from, timeUs, isKept);
    if (isKept) setFirstAttributes(span, { 'peer.service': service, 'faultline.parent': describeParent(parent, header !== undefined, state) });
    const call: Call = { span, parent, caller: from, target: to, body: request.body, bodyKey: undefined, groupParent: header?.spanId, attempts: [], pendingRetries: 0, isClosed: false, lastOutcome: 'no reply' };
    this.calls.push(call);
    if (call.groupParent !== undefined) this.openCalls.open(call, call.groupParent);
    return call;
  }

  private onReplySent(from: number, to: number, messageId: number, reply: ReplyEnvelope, timeUs: Micros): void {
    const attempt = this.attempts.get(to, reply.boot, reply.rpcId);
    if (attempt === undefined) return;
    const serve = attempt.serves.find((candidate) => isOpenSpan(candidate.span) && candidate.node === from);
    const outcome = outcomeOf(reply.result);
    if (serve !== undefined) {
      endSpan(serve.span, timeUs, reply.result.kind === 'ok' ? 'ok' : 'error', reply.result.kind === 'ok' ? undefined : errorMessageOf(reply.result, outcome));
      setAttribute(serve.span, 'rpc.outcome', outcome);
      this.closeServe(serve);
      this.metrics.requestAnswered(from, outcome, timeUs - serve.span.startUs);
    }
    const owner = serve ?? attempt;
    this.hopOwners[messageId] = owner;
    if (isKeptSpan(owner.span)) this.hopCount++;
  }

  private onDeliver(event: TraceEvent): void {
    const to = event.to as number;
    const request = asRequest(event.detail);
    if (request !== undefined) {
      this.onRequestDelivered(to, event.from as number, event.messageId as number, request, event.timeUs);
      return;
    }
    const reply = asReply(event.detail);
    if (reply !== undefined) {
      this.onReplyDelivered(to, reply, event.timeUs);
      return;
    }
    this.beginHandling(to, OTHER);
  }

  private onRequestDelivered(to: number, from: number, messageId: number, request: RequestEnvelope, timeUs: Micros): void {
    const attempt = this.attempts.get(from, request.boot, request.rpcId);
    if (attempt === undefined) {
      this.beginHandling(to, OTHER);
      return;
    }
    // A second delivery of one message (a duplicate) is served again, under a fresh span id.
    const isDuplicate = this.hopIds[messageId] !== undefined;
    const hopId = (this.hopIds[messageId] ??= this.idOfKeptOnly(isKeptSpan(attempt.span)));
    const spanId = !hasTraceparent(request) || isDuplicate ? this.ids.spanId() : serveSpanIdOf(from, request.boot, request.rpcId, to);
    const span = this.newSpanUnder(attempt.span.traceId, hopId, this.serveNames.get(this.serviceOf(to)), 'server', to, timeUs, isKeptSpan(attempt.span), spanId);
    if (isKeptSpan(span)) setFirstAttributes(span, { 'rpc.id': request.rpcId });
    const serve: Serve = { span, sequence: this.sequenceOf(span), attempt, node: to };
    attempt.serves = withItem(attempt.serves, serve);
    this.beginHandling(to, { kind: 'serving', serve });
    this.state(to).openServes.add(serve);
    this.metrics.requestReceived(to);
  }

  private closeServe(serve: Serve): void {
    this.state(serve.node).openServes.delete(serve);
  }

  private onReplyDelivered(to: number, reply: ReplyEnvelope, timeUs: Micros): void {
    const attempt = this.attempts.get(to, reply.boot, reply.rpcId);
    if (attempt === undefined) {
      this.beginHandling(to, OTHER);
      return;
    }
    this.beginHandling(to, { kind: 'reply', attempt });
    const state = this.state(to);
    const outcome = outcomeOf(reply.result);
    if (!isOpenSpan(attempt.span) || attempt.isAnswered) {
      addEvent(attempt.span, timeUs, 'late reply: the caller had given up', { outcome });
      this.metrics.lateReply(to);
      return;
    }
    attempt.isAnswered = true;
    state.openAttempts.delete(attempt);
    const isOk = reply.result.kind === 'ok';
    endSpan(attempt.span, timeUs, isOk ? 'ok' : 'error', isOk ? undefined : errorMessageOf(reply.result, outcome));
    setAttribute(attempt.span, 'rpc.outcome', outcome);
    const call = attempt.call;
    call.lastOutcome = outcome;
    if (isOk) {
      this.closeCall(call, timeUs, outcome);
      return;
    }
    state.failedNow = attempt;
    state.maybeClosing.push(call);
  }

  private onDrop(event: TraceEvent): void {
    const owner = this.hopOwners[event.messageId as number];
    if (owner === undefined) return;
    const reason = event.reason as DropReason;
    addEvent(owner.span, event.timeUs, `message lost: ${reason}`, { 'message.id': event.messageId as number, 'drop.reason': reason });
  }

  private onPattern(node: number, timeUs: Micros, line: PatternLine): void {
    if (node < 0) return;
    const policy = typeof line.fields['policy'] === 'string' ? line.fields['policy'] : 'unnamed';
    this.metrics.patternEvent(node, policy, line.kind);
    const state = this.state(node);
    switch (line.kind) {
      case 'retry-scheduled':
        this.announceRetry(state, timeUs, line);
        return;
      case 'hedge-sent':
        state.pendingHedges++;
        return;
      case 'retry-exhausted':
      case 'retry-budget-exhausted': {
        const call = failedCall(state, timeUs, failedAttemptNumber(line));
        if (call !== undefined) this.closeCall(call, timeUs, call.lastOutcome === 'ok' ? 'error' : call.lastOutcome);
        return;
      }
      case 'timeout-fired': {
        // The call ends here unless a retry is announced before the handler is done.
        const call = failedCall(state, timeUs, undefined);
        if (call !== undefined && !state.maybeClosing.includes(call)) state.maybeClosing.push(call);
        return;
      }
      case 'breaker-opened':
        this.metrics.breaker(node, policy, 'open');
        break;
      case 'breaker-half-opened':
        this.metrics.breaker(node, policy, 'half-open');
        break;
      case 'breaker-closed':
        this.metrics.breaker(node, policy, 'closed');
        break;
      default:
        break;
    }
    const current = currentSpanOfState(state);
    if (current !== undefined) addEvent(current, timeUs, line.kind, { policy });
  }

  private announceRetry(state: NodeState, timeUs: Micros, line: PatternLine): void {
    const call = failedCall(state, timeUs, failedAttemptNumber(line));
    if (call === undefined) return;
    call.pendingRetries++;
    state.retrying.push(call);
    const delay = line.fields['delayUs'];
    addEvent(call.span, timeUs, 'retry scheduled', typeof delay === 'number' ? { 'retry.delay_us': delay } : undefined);
  }

  private closeCall(call: Call, atUs: Micros, outcome: string): void {
    if (call.isClosed) return;
    call.isClosed = true;
    if (call.groupParent !== undefined) this.openCalls.close(call, call.groupParent);
    const callerState = this.state(call.caller);
    for (const attempt of call.attempts) {
      if (!isOpenSpan(attempt.span)) continue;
      endSpan(attempt.span, atUs, 'error', 'abandoned: the call ended');
      callerState.openAttempts.delete(attempt);
    }
    forgetAnnouncedRetries(callerState, call);
    endSpan(call.span, atUs, outcome === 'ok' ? 'ok' : 'error', outcome === 'ok' ? undefined : outcome);
    setAttribute(call.span, 'rpc.outcome', outcome);
    setAttribute(call.span, 'rpc.attempts', call.attempts.length);
    this.metrics.callFinished(call.caller, call.target, outcome, atUs - call.span.startUs);
  }

  private onCrash(node: number, timeUs: Micros): void {
    const state = this.state(node);
    this.settle(state);
    for (const serve of [...state.openServes]) {
      endSpan(serve.span, timeUs, 'error', 'node crashed');
      this.closeServe(serve);
    }
    for (const attempt of [...state.openAttempts]) this.closeCall(attempt.call, timeUs, 'caller crashed');
    for (const call of [...state.retrying]) this.closeCall(call, timeUs, 'caller crashed');
    state.openAttempts.clear();
    state.retrying.length = 0;
    state.pendingHedges = 0;
    state.handling = OTHER;
  }
}

